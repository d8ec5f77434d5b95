package dev.feedback360.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RaterTalliesTest {

  @Test
  void shouldKeepACopyOfATallyPutSoThatTheCallerMayReuseItsArray() {
    RaterTallies tallies = RaterTallies.inMemory();
    int[] reused = new int[TeamAggregate.RATER_TALLY_LENGTH];
    reused[0] = 1;
    reused[3] = 2;
    tallies.put("P1", reused);
    reused[0] = 7;
    tallies.put("P2", reused);
    reused[0] = 0;
    reused[3] = 0;

    int[] into = new int[TeamAggregate.RATER_TALLY_LENGTH];
    tallies.read("P1", into);
    assertThat(into[0]).isEqualTo(1);
    assertThat(into[3]).isEqualTo(2);
    tallies.read("P2", into);
    assertThat(into[0]).isEqualTo(7);
  }

  @Test
  void shouldReadZerosForARaterWithoutATallyOrWhoseTallyWasPutAllZero() {
    RaterTallies tallies = RaterTallies.inMemory();
    int[] tally = new int[TeamAggregate.RATER_TALLY_LENGTH];
    tally[1] = 3;
    tallies.put("P1", tally);
    tallies.put("P1", new int[TeamAggregate.RATER_TALLY_LENGTH]);
    int[] into = new int[TeamAggregate.RATER_TALLY_LENGTH];
    into[1] = 9;
    into[5] = 9;

    tallies.read("P1", into);
    assertThat(into).containsOnly(0);
    into[2] = 4;
    tallies.read("nobody", into);
    assertThat(into).containsOnly(0);
  }
}
