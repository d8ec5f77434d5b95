package dev.feedback360.dashboard.http;

import dev.feedback360.dashboard.auth.Authentication;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /login} and {@code /logout}: a browser logs in with a token, from the login URL the server prints
 * ({@code /login?token=...}) or the form of the login page, and gets a session cookie (a random session id, not the
 * token: HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS), then is sent to {@code /} without the token in its
 * address.
 *
 * <p>Against login CSRF (another site logging the victim's browser into the attacker's session): the login URL logs in
 * only on a navigation the browser does not call cross-site ({@code Sec-Fetch-Site} absent, {@code none}: typed or
 * pasted into the address bar, a bookmark; or {@code same-origin}); otherwise it shows the login form, without logging
 * in. A form post to {@code /login} or {@code /logout} must come from this server's own page: an {@code Origin} of
 * another scheme, host or port than the request's, or {@code Origin: null}, is refused (403).
 */
final class LoginPage {

  private final Authentication authentication;
  private final String template;
  private final boolean secure;
  private final Set<String> allowedHosts;

  LoginPage(Authentication authentication, String template, boolean secure, Set<String> allowedHosts) {
    this.authentication = authentication;
    this.template = template;
    this.secure = secure;
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  /** {@code GET /login[?token=T]}. */
  void get(Context ctx) {
    String token = ctx.queryParam("token");
    if (token == null) {
      page(ctx, 200, authentication.enabled() ? "" : "Authentication is off on this server: just open the dashboard.");
    } else if (crossSite(ctx.header("Sec-Fetch-Site"))) {
      page(ctx, 200, "You followed a login link from another site, so you were not logged in (another site must not "
          + "choose whose session you use). Paste the login link the server printed into the address bar, or enter "
          + "your token below.");
    } else {
      login(ctx, token);
    }
  }

  /** Whether the browser says the navigation comes from another site (or an origin other than this one). */
  static boolean crossSite(String secFetchSite) {
    if (secFetchSite == null) {
      return false; // not a browser that says (curl, older browsers)
    }
    String value = secFetchSite.strip().toLowerCase(java.util.Locale.ROOT);
    return !value.equals("none") && !value.equals("same-origin");
  }

  /** {@code POST /login}, form field {@code token}. */
  void post(Context ctx) {
    requireOwnPage(ctx, "A login form");
    login(ctx, Optional.ofNullable(ctx.formParam("token")).orElse("").strip());
  }

  /** {@code POST /logout}: the dashboard's "Log out" button; like the login form, from this server's page only. */
  void logout(Context ctx) {
    requireOwnPage(ctx, "A logout");
    authentication.logout(ctx.cookie(AccessControl.SESSION_COOKIE));
    ctx.header("Set-Cookie", cookie("", 0));
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private void login(Context ctx, String token) {
    ctx.header("Cache-Control", "no-store");
    if (!authentication.enabled()) {
      ctx.redirect("/", HttpStatus.SEE_OTHER);
      return;
    }
    Optional<String> session = authentication.login(token);
    if (session.isEmpty()) {
      page(ctx, 401, "That token is not valid: it may be mistyped, revoked, or a one-off token of an earlier run "
          + "of the server (or a metrics token, which opens no page: Prometheus sends it as a bearer token). Use the "
          + "login link the server printed when it last started, or a token made with ./feedback360 token.");
      return;
    }
    ctx.header("Set-Cookie", cookie(session.get(), (int) dev.feedback360.dashboard.auth.Sessions.LIFETIME.toSeconds()));
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }

  private String cookie(String value, int maxAgeSeconds) {
    return AccessControl.SESSION_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  private void page(Context ctx, int status, String message) {
    ctx.header("Cache-Control", "no-store");
    String html = template.replace("{{message}}", escape(message))
        .replace("{{messageHidden}}", message.isEmpty() ? "hidden" : "");
    ctx.status(status).contentType("text/html; charset=utf-8").result(html);
  }

  /**
   * Refuses (403) a form another page sent: its Origin is {@code null} (a sandboxed frame, a data: URL, a redirect
   * across origins), or names another host or port than the request addresses ({@code X-Forwarded-Host} when a proxy
   * set it, which no form can, else {@code Host}). The scheme is not compared: a proxy that ends TLS in front of this
   * server is addressed over HTTPS and forwards over HTTP. Without Origin (curl, older browsers) it is accepted.
   */
  private void requireOwnPage(Context ctx, String what) {
    String origin = ctx.header("Origin");
    String forwarded = ctx.header("X-Forwarded-Host");
    String addressed = forwarded != null ? forwarded.split(",", 2)[0].strip() : ctx.header("Host");
    if (origin != null && !sameOrigin(origin, addressed)) {
      throw new ApiException(403, "forbidden", what + " may only be sent from this server's own page");
    }
  }

  /**
   * Whether {@code origin} is the page of the server as {@code addressed} (a Host header's form): an HTTP(S) origin of
   * the same host (one this server answers to) and port, where an address without a port means the default port of
   * the origin's scheme.
   */
  boolean sameOrigin(String origin, String addressed) {
    URI uri;
    try {
      uri = URI.create(origin.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawAuthority() == null || addressed == null) {
      return false;
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    String host = AccessControl.hostOf(uri.getRawAuthority());
    return host != null && allowedHosts.contains(host) && host.equals(AccessControl.hostOf(addressed))
        && portOf(uri.getRawAuthority(), defaultPort) == portOf(addressed, defaultPort);
  }

  /** The port of an authority or Host header, or {@code defaultPort} without one; -1 if malformed. */
  static int portOf(String authority, int defaultPort) {
    if (authority == null) {
      return -1;
    }
    String value = authority.strip();
    int close = value.lastIndexOf(']');
    int colon = value.lastIndexOf(':');
    if (colon < 0 || colon < close) {
      return defaultPort;
    }
    try {
      return Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
