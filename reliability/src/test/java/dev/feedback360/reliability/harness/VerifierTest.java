package dev.feedback360.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.reliability.harness.Verifier.InputCheck;
import dev.feedback360.reliability.harness.Workload.InputRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class VerifierTest {

  private static final List<InputRecord> PRODUCED =
      Workload.generate(7L, 200, Instant.parse("2026-11-02T09:00:00Z")).records();

  @Test
  void shouldModelEveryCopyOfARecordTheProducerWroteTwiceWhereItStands() {
    List<InputRecord> written = new ArrayList<>(PRODUCED);
    // As the feeder's new producer does: records the first one gave up on are written again after newer ones.
    written.addAll(PRODUCED.subList(120, 125));
    written.add(40, PRODUCED.get(150));

    InputCheck check = Verifier.checkInput(PRODUCED, onTopic(written));

    assertThat(bytes(check.asRead())).containsExactlyElementsOf(bytes(written));
    assertThat(check.duplicated()).isEqualTo(6);
    assertThat(check.missing()).isZero();
    assertThat(check.unknown()).isZero();
  }

  @Test
  void shouldReportRecordsMissingReorderedOrNeverProduced() {
    List<InputRecord> written = new ArrayList<>(PRODUCED);
    InputRecord lost = written.remove(10);
    int[] pair = laterRecordOfTheSameKey(written, 20);
    InputRecord moved = written.remove(pair[0]);
    written.add(pair[1], moved);
    List<ConsumerRecord<byte[], byte[]>> topic = onTopic(written);
    topic.add(new ConsumerRecord<>("responses", 0, topic.size(), "stray".getBytes(), "stray".getBytes()));

    InputCheck check = Verifier.checkInput(PRODUCED, topic);

    assertThat(check.missing()).isEqualTo(1);
    assertThat(bytes(check.asRead())).containsExactlyElementsOf(bytes(written));
    assertThat(check.unknown()).isEqualTo(1);
    assertThat(check.duplicated()).isZero();
    // The key whose record is lost and the key whose two records swapped places (unless they are one key).
    assertThat(check.reorderedKeys()).isEqualTo(Arrays.equals(lost.key(), moved.key()) ? 1 : 2);
  }

  /** From {@code from} on, the first record and the index of a later, different record of its key. */
  private static int[] laterRecordOfTheSameKey(List<InputRecord> records, int from) {
    for (int i = from; i < records.size(); i++) {
      for (int j = i + 1; j < records.size(); j++) {
        if (Arrays.equals(records.get(j).key(), records.get(i).key())
            && !Arrays.equals(records.get(j).value(), records.get(i).value())) {
          return new int[] {i, j};
        }
      }
    }
    throw new IllegalStateException("The workload has no key with two different records after record " + from);
  }

  private static List<ConsumerRecord<byte[], byte[]>> onTopic(List<InputRecord> written) {
    List<ConsumerRecord<byte[], byte[]>> topic = new ArrayList<>();
    for (InputRecord record : written) {
      topic.add(new ConsumerRecord<>("responses", 0, topic.size(), record.key(), record.value()));
    }
    return topic;
  }

  /** Records as the app reads them: key and value (the workload's own duplicates are byte-identical records). */
  private static List<String> bytes(List<InputRecord> records) {
    return records.stream().map(r -> Arrays.toString(r.key()) + "/" + Arrays.toString(r.value())).toList();
  }
}
