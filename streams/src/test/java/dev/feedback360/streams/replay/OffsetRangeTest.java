package dev.feedback360.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetRangeTest {

  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);
  private static final TopicPartition P2 = new TopicPartition("t", 2);

  // P0: offsets 0..9 (10); P1: compacted, 5..7 (3); P2: empty after deletion, 4..4 (0). Total 13.
  private final OffsetRange range = new OffsetRange(Map.of(P0, 0L, P1, 5L, P2, 4L), Map.of(P0, 10L, P1, 8L, P2, 4L));

  @Test
  void shouldCountOffsetsFromTheFirstPresentToTheSnapshottedEnd() {
    assertThat(range.total()).isEqualTo(13);
  }

  @Test
  void shouldCountPartitionsWithoutACommittedOffsetAsNotStartedUnlessEmpty() {
    assertThat(range.remaining(Map.of())).isEqualTo(13);
    assertThat(range.remaining(Map.of(P0, new OffsetAndMetadata(10), P1, new OffsetAndMetadata(8)))).isZero();
  }

  @Test
  void shouldIgnoreRecordsWrittenAfterTheSnapshot() {
    assertThat(range.remaining(Map.of(P0, new OffsetAndMetadata(500), P1, new OffsetAndMetadata(6)))).isEqualTo(2);
  }

  @Test
  void shouldNotWaitForRecordsDeletedAfterTheSnapshot() {
    // Retention deleted P0's records 0..9 and P1's up to 6 after the range was taken; a later start is never
    // moved back, an end never moved, and a start past the end stops at the end.
    OffsetRange later = range.startingNoEarlierThan(Map.of(P0, 10L, P1, 7L, P2, 0L));

    assertThat(later.start()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 10L, P1, 7L, P2, 4L));
    assertThat(later.end()).isEqualTo(range.end());
    assertThat(later.remaining(Map.of())).isEqualTo(1);
    assertThat(range.startingNoEarlierThan(Map.of(P1, 99L)).start()).containsEntry(P1, 8L);
  }
}
