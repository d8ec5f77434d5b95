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
    } else {
      login(ctx, token);
    }
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
          + "of the server. Use the login link the server printed when it last started, or a token made with "
          + "./feedback360 token.");
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

  /** Refuses (403) a form another site's page sent: its Origin names a host this server does not answer to. */
  private void requireOwnPage(Context ctx, String what) {
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equals("null") && !allowedHosts.contains(originHost(origin))) {
      throw new ApiException(403, "forbidden", what + " may only be sent from this server's own page");
    }
  }

  private static String originHost(String origin) {
    try {
      return AccessControl.hostOf(URI.create(origin).getRawAuthority());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
