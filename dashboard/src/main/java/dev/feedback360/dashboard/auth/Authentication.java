package dev.feedback360.dashboard.auth;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may read the dashboard: callers with a token ({@code Authorization: Bearer <token>}), browsers with a session
 * cookie started by logging in with a token, and other instances of the app vouching for one of those
 * ({@link PeerCredential}); or, with {@link #none()} (loopback only), anybody.
 */
public final class Authentication {

  private static final Authentication NONE = new Authentication(null, Clock.systemUTC());

  private final Tokens tokens;
  private final Sessions sessions;
  private final Clock clock;

  private Authentication(Tokens tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
    this.sessions = new Sessions(clock);
  }

  /** Tokens required. */
  public static Authentication tokens(Tokens tokens) {
    return new Authentication(Objects.requireNonNull(tokens, "tokens"), Clock.systemUTC());
  }

  /** Authentication off: every caller reads everything. Allowed on a loopback address only (DashboardSettings). */
  public static Authentication none() {
    return NONE;
  }

  /** Whether callers must authenticate. */
  public boolean enabled() {
    return tokens != null;
  }

  /** The accepted tokens (empty when authentication is off). */
  public Optional<Tokens> tokens() {
    return Optional.ofNullable(tokens);
  }

  /**
   * Who the request comes from, by its credentials in this order: a peer's signature, a bearer token, a session
   * cookie. Empty when none of them is valid (401). Always {@link Principal#ANONYMOUS} when authentication is off.
   *
   * @param authorization the Authorization header, or null
   * @param sessionId the session cookie, or null
   * @param peer the {@link PeerCredential#HEADER} header, or null
   * @param method the request's method
   * @param pathAndQuery the request's path as sent (still percent-encoded) and query, for peer signatures
   */
  public Optional<Principal> authenticate(String authorization, String sessionId, String peer, String method,
      String pathAndQuery) {
    if (tokens == null) {
      return Optional.of(Principal.ANONYMOUS);
    }
    if (peer != null) {
      return PeerCredential.verify(peer, method, pathAndQuery, tokens, clock.instant()).map(TokenEntry::principal);
    }
    String bearer = bearer(authorization);
    if (bearer != null) {
      return tokens.find(bearer).map(TokenEntry::principal);
    }
    return sessions.tokenId(sessionId).flatMap(this::entry).map(TokenEntry::principal);
  }

  /** Starts a browser session for a valid token; empty if the token is not valid. */
  public Optional<String> login(String token) {
    if (tokens == null) {
      return Optional.empty();
    }
    return tokens.find(token).map(sessions::start);
  }

  /** Ends a browser session. */
  public void logout(String sessionId) {
    sessions.end(sessionId);
  }

  private Optional<TokenEntry> entry(String id) {
    List<TokenEntry> entries = tokens.byId(id);
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0));
  }

  /** The token of {@code Authorization: Bearer <token>}, or null. */
  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.strip();
    if (value.length() <= 7 || !value.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = value.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}
