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
}
