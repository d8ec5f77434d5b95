package dev.feedback360.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsTest {

  private static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

  /** A clock a test moves by hand: sessions started later end later. */
  private static final class SteppedClock extends Clock {
    private Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    void step() {
      now = now.plusSeconds(1);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final SteppedClock clock = new SteppedClock();

  private List<String> start(Sessions sessions, TokenEntry entry, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      clock.step();
      ids.add(sessions.start(entry));
    }
    return ids;
  }

  @Test
  void shouldEndOnlyTheLoggingInTokensOwnOldestSessionsAtItsCap() {
    Sessions sessions = new Sessions(clock, 100, 3);
    TokenEntry admin = TokenEntry.of("admin-token", Scope.all(), T0, "admin");
    TokenEntry scraper = TokenEntry.of("scraper-token", Scope.of(List.of("T1"), List.of()), T0, "looping script");
    String adminSession = start(sessions, admin, 1).get(0);

    List<String> looped = start(sessions, scraper, 50);

    assertThat(sessions.tokenId(adminSession)).as("another token's session").contains(admin.id());
    assertThat(looped.subList(47, 50)).allSatisfy(id -> assertThat(sessions.tokenId(id)).contains(scraper.id()));
    assertThat(looped.subList(0, 47)).allSatisfy(id -> assertThat(sessions.tokenId(id)).isEmpty());
    assertThat(sessions.size()).isEqualTo(4);
  }

  @Test
  void shouldEndTheOldestSessionOfTheTokenHoldingMostWhenEveryPlaceIsTaken() {
    Sessions sessions = new Sessions(clock, 5, 10);
    TokenEntry a = TokenEntry.of("token-a", Scope.all(), T0, "a");
    TokenEntry b = TokenEntry.of("token-b", Scope.all(), T0, "b");
    TokenEntry c = TokenEntry.of("token-c", Scope.all(), T0, "c");
    String first = start(sessions, a, 1).get(0);
    List<String> many = start(sessions, b, 4);

    String third = start(sessions, c, 1).get(0);

    assertThat(sessions.tokenId(first)).as("the oldest session of all, of a token with one").contains(a.id());
    assertThat(sessions.tokenId(many.get(0))).as("the oldest of the token with most").isEmpty();
    assertThat(many.subList(1, 4)).allSatisfy(id -> assertThat(sessions.tokenId(id)).contains(b.id()));
    assertThat(sessions.tokenId(third)).contains(c.id());
    assertThat(sessions.size()).isEqualTo(5);
  }

  @Test
  void shouldMakeRoomWithExpiredSessionsFirst() {
    Sessions sessions = new Sessions(clock, 100, 2);
    TokenEntry entry = TokenEntry.of("token", Scope.all(), T0, "t");
    List<String> old = start(sessions, entry, 2);
    clock.now = clock.now.plus(Sessions.LIFETIME).plus(Duration.ofSeconds(1));
    List<String> fresh = start(sessions, entry, 2);

    assertThat(old).allSatisfy(id -> assertThat(sessions.tokenId(id)).isEmpty());
    assertThat(fresh).allSatisfy(id -> assertThat(sessions.tokenId(id)).contains(entry.id()));
    assertThat(sessions.size()).isEqualTo(2);
  }
}
