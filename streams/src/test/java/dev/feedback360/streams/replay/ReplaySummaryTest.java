package dev.feedback360.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplaySummaryTest {

  private static final Instant AS_OF = Instant.parse("2026-06-30T23:59:59Z");

  private static ReplaySummary summary(long responseOffsets, long read) {
    return new ReplaySummary("replay-1", "out", responseOffsets, read, 2, 1, 0,
        Duration.ofSeconds(3), Set.of(), null);
  }

  @Test
  void shouldCountTheResponsesTopicsOffsetsThatHeldNoRecord() {
    assertThat(summary(46, 45).unreadOffsets()).isEqualTo(1);
    assertThat(summary(46, 46).unreadOffsets()).isZero();
    // Records that arrived during the run can make the replay read more than its snapshot held.
    assertThat(summary(46, 50).unreadOffsets()).isZero();
  }

  @Test
  void shouldWarnOnlyAnAsOfReplayThatFoundOffsetsWithoutRecords() {
    assertThat(summary(46, 45).historyWarning(null, "survey-responses")).isNull();
    assertThat(summary(46, 46).historyWarning(AS_OF, "survey-responses")).isNull();
    assertThat(summary(1_046, 45).historyWarning(AS_OF, "survey-responses"))
        .startsWith("Warning: 1,001 offsets of survey-responses held no record")
        .contains("as of 2026-06-30T23:59:59Z", "docs/replay.md");
  }
}
