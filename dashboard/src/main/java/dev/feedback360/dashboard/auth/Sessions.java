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
import java.util.stream.Collectors;

/**
 * Browser sessions: a random session id (not the token) stands for the token a user logged in with, for
 * {@link #LIFETIME}. Sessions live in this instance's memory only; a restart logs everybody out. A session ends early,
 * for good, when its token leaves the tokens file ({@link #endAllOf}): the line coming back does not revive it.
 */
public final class Sessions {

  /** How long a login lasts. */
  public static final Duration LIFETIME = Duration.ofHours(12);
  /** At most this many sessions are kept. */
  static final int MAX_SESSIONS = 10_000;
  /**
   * At most this many sessions of one token are kept; beyond it that token's oldest is dropped. Logins with one
   * token (a leaked scrape token, a script looping) end only that token's own sessions, never another's (security
   * review 132: 10,001 logins with a metrics token logged every browser user out).
   */
  static final int MAX_SESSIONS_PER_TOKEN = 1_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Session(String tokenId, Instant expires) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int maxSessions;
  private final int maxPerToken;

  public Sessions(Clock clock) {
    this(clock, MAX_SESSIONS, MAX_SESSIONS_PER_TOKEN);
  }

  Sessions(Clock clock, int maxSessions, int maxPerToken) {
    this.clock = clock;
    this.maxSessions = maxSessions;
    this.maxPerToken = maxPerToken;
  }

  /**
   * Starts a session for the token's entry; returns its id, for the cookie. Makes room first: expired sessions go;
   * then, with the token at its cap, the token's own oldest session; and with every place taken, the oldest session
   * of the token that holds the most (so that many tokens' logins cannot push out the sessions of one that logs in
   * seldom).
   */
  public synchronized String start(TokenEntry entry) {
    Instant now = clock.instant();
    String tokenId = entry.id();
    long ofToken = countOf(tokenId);
    if (ofToken >= maxPerToken || sessions.size() >= maxSessions) {
      sessions.values().removeIf(s -> !s.expires().isAfter(now));
      ofToken = countOf(tokenId);
    }
    if (ofToken >= maxPerToken) {
      endOldestOf(tokenId);
    }
    if (sessions.size() >= maxSessions) {
      Map<String, Long> perToken = sessions.values().stream()
          .collect(Collectors.groupingBy(Session::tokenId, Collectors.counting()));
      perToken.entrySet().stream().max(Map.Entry.comparingByValue())
          .ifPresent(most -> endOldestOf(most.getKey()));
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(id, new Session(entry.id(), now.plus(LIFETIME)));
    return id;
  }

  private long countOf(String tokenId) {
    return sessions.values().stream().filter(s -> s.tokenId().equals(tokenId)).count();
  }

  private void endOldestOf(String tokenId) {
    sessions.entrySet().stream().filter(e -> e.getValue().tokenId().equals(tokenId))
        .min(Comparator.comparing(e -> e.getValue().expires()))
        .ifPresent(oldest -> sessions.remove(oldest.getKey()));
  }

  /** The sessions kept, for tests. */
  int size() {
    return sessions.size();
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
