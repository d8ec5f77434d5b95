package dev.feedback360.dashboard.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions: a random session id (not the token) stands for the token a user logged in with, for
 * {@link #LIFETIME}. Sessions live in this instance's memory only; a restart logs everybody out. A session ends early,
 * for good, when its token leaves the tokens file ({@link #endAllOf}): the line coming back does not revive it.
 */
public final class Sessions {

  /** How long a login lasts. */
  public static final Duration LIFETIME = Duration.ofHours(12);
  /** At most this many sessions are kept; beyond it the one closest to its end is dropped. */
  static final int MAX_SESSIONS = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Session(String tokenId, Instant expires) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  public Sessions(Clock clock) {
    this.clock = clock;
  }

  /** Starts a session for the token's entry; returns its id, for the cookie. */
  public String start(TokenEntry entry) {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> !s.expires().isAfter(now));
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.entrySet().stream().min(Comparator.comparing(e -> e.getValue().expires()))
            .ifPresent(oldest -> sessions.remove(oldest.getKey()));
      }
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(id, new Session(entry.id(), now.plus(LIFETIME)));
    return id;
  }

  /** The token id the session stands for, while it lasts. */
  public Optional<String> tokenId(String sessionId) {
    if (sessionId == null) {
      return Optional.empty();
    }
    Session session = sessions.get(sessionId);
    if (session == null) {
      return Optional.empty();
    }
    if (!session.expires().isAfter(clock.instant())) {
      sessions.remove(sessionId);
      return Optional.empty();
    }
    return Optional.of(session.tokenId());
  }

  /** Ends, for good, every session of these token ids (their tokens left the tokens file). */
  public void endAllOf(Set<String> tokenIds) {
    if (!tokenIds.isEmpty()) {
      sessions.values().removeIf(session -> tokenIds.contains(session.tokenId()));
    }
  }

  /** Ends a session (log out). */
  public void end(String sessionId) {
    if (sessionId != null) {
      sessions.remove(sessionId);
    }
  }
}
