package dev.feedback360.dashboard.auth;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may read the dashboard: callers with a token ({@code Authorization: Bearer <token>}), browsers with a session
 * cookie started by logging in with a token, and other instances of the app vouching for one of those
 * ({@link PeerCredential}, only while {@link #acceptsPeerSignatures()}: {@code --http-accept-peer-signatures}, for a
 * rolling upgrade from a version that forwards); or, with {@link #none()} (loopback only), anybody.
 *
 * <p>A session ends for good when a re-read of the tokens file no longer has its token (read valid; while the file is
 * unusable its sessions are refused): the token's line coming back (a backup restored, an editor's undo) does not
 * bring it back.
 */
public final class Authentication {

  private static final Authentication NONE = new Authentication(null, false, Clock.systemUTC());

  private final Tokens tokens;
  private final boolean acceptPeerSignatures;
  private final Sessions sessions;
  private final Clock clock;

  private Authentication(Tokens tokens, boolean acceptPeerSignatures, Clock clock) {
    this.tokens = tokens;
    this.acceptPeerSignatures = acceptPeerSignatures;
    this.clock = clock;
    this.sessions = new Sessions(clock);
    if (tokens != null) {
      tokens.whenRemoved(sessions::endAllOf);
    }
  }

  /** Tokens required; a peer's signature ({@link PeerCredential#HEADER}) is not accepted. */
  public static Authentication tokens(Tokens tokens) {
    return tokens(tokens, false);
  }

  /**
   * Tokens required.
   *
   * @param acceptPeerSignatures whether a request signed by another instance ({@link PeerCredential}) is accepted:
   *     only during a rolling upgrade from a version whose instances forward requests to each other. Then each line
   *     of the tokens file is a credential (it keys the signatures).
   */
  public static Authentication tokens(Tokens tokens, boolean acceptPeerSignatures) {
    return new Authentication(Objects.requireNonNull(tokens, "tokens"), acceptPeerSignatures, Clock.systemUTC());
  }

  /** Authentication off: every caller reads everything. Allowed on a loopback address only (DashboardSettings). */
  public static Authentication none() {
    return NONE;
  }

  /** Whether callers must authenticate. */
  public boolean enabled() {
    return tokens != null;
  }

  /** Whether a peer's signature ({@link PeerCredential#HEADER}) is accepted ({@code --http-accept-peer-signatures}). */
  public boolean acceptsPeerSignatures() {
    return acceptPeerSignatures;
  }

  /** The accepted tokens (empty when authentication is off). */
  public Optional<Tokens> tokens() {
    return Optional.ofNullable(tokens);
  }

  /**
   * Who the request comes from, by its credentials in this order: a peer's signature, a bearer token, a session
   * cookie. Empty when none of them is valid (401), and whenever a peer's signature is presented while
   * {@link #acceptsPeerSignatures()} is off (the caller should refuse such a request, saying why). Always
   * {@link Principal#ANONYMOUS} when authentication is off.
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
      if (!acceptPeerSignatures) {
        return Optional.empty();
      }
      return PeerCredential.verify(peer, method, pathAndQuery, tokens, clock.instant()).map(TokenEntry::principal);
    }
    String bearer = bearer(authorization);
    if (bearer != null) {
      return tokens.find(bearer).map(TokenEntry::principal);
    }
    return sessions.tokenId(sessionId).flatMap(this::entry).map(TokenEntry::principal);
  }

  /**
   * Starts a browser session for a valid token; empty if the token is not valid, or reads {@code /metrics} only (a
   * scraper's token opens no page, and needs no session).
   */
  public Optional<String> login(String token) {
    if (tokens == null) {
      return Optional.empty();
    }
    return tokens.find(token).filter(entry -> !entry.scope().metricsOnly()).map(sessions::start);
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
