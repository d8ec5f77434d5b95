package dev.feedback360.dashboard.http;

import dev.feedback360.dashboard.auth.Authentication;
import dev.feedback360.dashboard.auth.PeerCredential;
import dev.feedback360.dashboard.auth.Principal;
import dev.feedback360.dashboard.auth.Scope;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs before every request: refuses a Host header this server does not answer to (DNS rebinding), then finds who
 * the caller is and refuses anyone without valid credentials, except on the few paths that hold no team data:
 *
 * <ul>
 *   <li>{@code /login}, {@code /logout} and the page's code and style ({@code /app.js}, {@code /style.css}): the login
 *       page must load;
 *   <li>{@code /api/health}: a supervisor's probe has no token; without credentials it says only the state (no
 *       instance addresses). It is also exempt from the Host check, deliberately, so that a load balancer's or
 *       Kubernetes' probe by IP address works; but with a Host outside the allow-list the caller is treated as
 *       having no credentials whatever it sends (a token, a cookie, or anybody under {@code --http-auth none}), so
 *       a rebound page learns the state only, never where the instances are;
 *   <li>{@code /api/openapi.json}: the API's description, the same for everybody.
 * </ul>
 *
 * The web page ({@code /}) without a session redirects to the login page; every other path answers 401.
 *
 * <p>Paths are compared as Javalin routes them: without trailing slashes ({@code /metrics/} is {@code /metrics}).
 *
 * <p>A request carrying a peer's signature ({@link PeerCredential#HEADER}) is refused (401, naming the option) unless
 * {@code --http-accept-peer-signatures} is on, whatever else it carries: this version's instances send none.
 *
 * <p>{@code /metrics} needs a token whose scope allows the metrics ({@link Scope#allowsMetrics()}: a
 * {@code --scope metrics} token or one that reads everything), else 403; a metrics token reads nothing else (403).
 */
final class AccessControl {

  /** The session cookie's name. */
  static final String SESSION_COOKIE = "feedback360_session";
  /** The Prometheus metrics. */
  static final String METRICS = "/metrics";

  private static final String PRINCIPAL = "feedback360.principal";
  /** The health endpoint, exempt from the Host check (with the state only). */
  static final String HEALTH = "/api/health";

  private static final Set<String> PUBLIC = Set.of("/login", "/logout", "/app.js", "/style.css", HEALTH,
      "/api/openapi.json");

  private final Authentication authentication;
  private final Set<String> allowedHosts;

  AccessControl(Authentication authentication, Set<String> allowedHosts) {
    this.authentication = authentication;
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  Authentication authentication() {
    return authentication;
  }

  void check(Context ctx) {
    String path = routed(ctx.path());
    if (!allowedHost(ctx)) {
      if (path.equals(HEALTH)) {
        // A probe by IP address: answered, as to a caller without credentials (the state only).
        return;
      }
      throw misdirected(ctx);
    }
    if (ctx.header(PeerCredential.HEADER) != null && authentication.enabled()
        && !authentication.acceptsPeerSignatures()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"feedback360\"");
      throw new ApiException(401, "unauthorized", "This server does not accept the " + PeerCredential.HEADER
          + " header of instances of earlier versions; send the request without it, or start this server with "
          + "--http-accept-peer-signatures for the duration of a rolling upgrade from a version that forwards");
    }
    Optional<Principal> caller = authentication.authenticate(ctx.header("Authorization"), ctx.cookie(SESSION_COOKIE),
        ctx.header(PeerCredential.HEADER), ctx.method().name(), rawPathAndQuery(ctx));
    caller.ifPresent(principal -> ctx.attribute(PRINCIPAL, principal));
    if (caller.isPresent()) {
      requireScopeFor(path, caller.get().scope());
      return;
    }
    if (PUBLIC.contains(path)) {
      return;
    }
    if (path.equals("/") || path.equals("/index.html")) {
      ctx.redirect("/login", HttpStatus.SEE_OTHER);
      ctx.skipRemainingHandlers();
      return;
    }
    ctx.header("WWW-Authenticate", "Bearer realm=\"feedback360\"");
    boolean presented = ctx.header("Authorization") != null || ctx.cookie(SESSION_COOKIE) != null
        || ctx.header(PeerCredential.HEADER) != null;
    throw new ApiException(401, "unauthorized", presented
        ? "The token or session is not valid (mistyped, revoked, or the server restarted since you logged in); send "
            + "a valid token as 'Authorization: Bearer <token>', or log in again at /login"
        : "This needs a login: send 'Authorization: Bearer <token>' (make a token with ./feedback360 token), or open "
            + "the login URL the server printed when it started");
  }

  /**
   * The scope the request's token or session allows at the time of asking, empty once it no longer holds (revoked,
   * ended, expired): for a connection that outlives its request. A peer's signature is not asked again (it expires
   * within a minute and no peer holds a connection open).
   */
  Supplier<Optional<Scope>> credentialsOf(Context ctx) {
    String authorization = ctx.header("Authorization");
    String session = ctx.cookie(SESSION_COOKIE);
    String method = ctx.method().name();
    String pathAndQuery = rawPathAndQuery(ctx);
    return () -> authentication.authenticate(authorization, session, null, method, pathAndQuery)
        .map(Principal::scope);
  }

  /**
   * The path as Javalin matches it to a route: without trailing slashes (Javalin ignores them), {@code /} kept. Every
   * comparison with a path of this class is made with it, so that {@code /metrics/} is checked as {@code /metrics}.
   */
  static String routed(String path) {
    String routed = path;
    while (routed.length() > 1 && routed.endsWith("/")) {
      routed = routed.substring(0, routed.length() - 1);
    }
    return routed;
  }

  /** The metrics need a scope that allows them; a metrics token reads the metrics and the public paths only. */
  private static void requireScopeFor(String path, Scope scope) {
    if (path.equals(METRICS)) {
      requireMetricsScope(scope);
    }
    if (scope.metricsOnly() && !path.equals(METRICS) && !PUBLIC.contains(path)) {
      throw ApiException.forbidden("This token reads " + METRICS + " only (scope metrics); use a token with a "
          + "team scope for " + path);
    }
  }

  /** Refuses (403) a scope that does not allow the metrics; also asked by the metrics handler itself. */
  static void requireMetricsScope(Scope scope) {
    if (!scope.allowsMetrics()) {
      throw ApiException.forbidden("Your token's scope (" + scope.describe() + ") does not include the metrics; "
          + "make a token for them with ./feedback360 token --scope metrics");
    }
  }

  /** Who the request comes from; on paths that require authentication it is always known. */
  static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    if (principal == null) {
      throw new ApiException(401, "unauthorized", "This needs a login: send 'Authorization: Bearer <token>'");
    }
    return principal;
  }

  /** Who the request comes from, if anybody. */
  static Optional<Principal> caller(Context ctx) {
    return Optional.ofNullable(ctx.attribute(PRINCIPAL));
  }

  private boolean allowedHost(Context ctx) {
    String host = hostOf(ctx.header("Host"));
    return host != null && allowedHosts.contains(host);
  }

  private ApiException misdirected(Context ctx) {
    String host = hostOf(ctx.header("Host"));
    return new ApiException(421, "misdirected", "This server does not answer to the host name '"
        + (host == null ? "" : host) + "' (a DNS-rebinding guard); use one of "
        + new java.util.TreeSet<>(allowedHosts)
        + ", or start the server with --http-allowed-host " + (host == null ? "NAME" : host)
        + " if that is really its name");
  }

  /** The host of a Host header, lower case, without port; IPv6 stays in brackets. Null if absent or malformed. */
  static String hostOf(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      return end < 0 ? null : value.substring(0, end + 1);
    }
    int colon = value.indexOf(':');
    return colon < 0 ? value : value.substring(0, colon);
  }

  static String rawPathAndQuery(Context ctx) {
    String query = ctx.queryString();
    return ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
  }
}
