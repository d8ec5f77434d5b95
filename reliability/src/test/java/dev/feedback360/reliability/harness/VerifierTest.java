package dev.feedback360.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.reliability.harness.Verifier.InputCheck;
import dev.feedback360.reliability.harness.Workload.InputRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class VerifierTest {

  private static final List<InputRecord> PRODUCED =
      Workload.generate(7L, 1_500, Instant.parse("2026-11-02T09:00:00Z")).records();

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
    // Copies written after their first are not a reordering; the copy of record 150 written at 40 is the first one
    // read, ahead of the records of its key produced between them, if there are any.
    boolean overtakes =
        PRODUCED.subList(40, 150).stream().anyMatch(r -> Arrays.equals(r.key(), PRODUCED.get(150).key()));
    assertThat(check.reorderedKeys()).isEqualTo(overtakes ? 1 : 0);
  }

  @Test
  void shouldGiveTheModelEachWithdrawalWithItsOwnTimeWhenTwoOfAKeyTradePlaces() {
    int[] pair = twoWithdrawalsOfOneKey();
    List<InputRecord> written = new ArrayList<>(PRODUCED);
    written.set(pair[0], PRODUCED.get(pair[1]));
    written.set(pair[1], PRODUCED.get(pair[0]));

    InputCheck check = Verifier.checkInput(PRODUCED, onTopic(written));

    // Same key, same (null) value: only the timestamp tells them apart, and the model erases as of it.
    assertThat(check.asRead().get(pair[0]).timestamp()).isEqualTo(PRODUCED.get(pair[1]).timestamp());
    assertThat(check.asRead().get(pair[1]).timestamp()).isEqualTo(PRODUCED.get(pair[0]).timestamp());
    assertThat(check.reorderedKeys()).isEqualTo(1);
    assertThat(check.duplicated()).isZero();
    assertThat(check.missing()).isZero();
  }

  @Test
  void shouldExpectAPoisonPillWrittenTwiceInTheDeadLettersTwice() {
    InputRecord poison = PRODUCED.stream().filter(r -> r.kind() == Workload.Kind.POISON).findFirst().orElseThrow();
    List<InputRecord> written = new ArrayList<>(PRODUCED);
    written.add(poison);
    List<InputRecord> asRead = Verifier.checkInput(PRODUCED, onTopic(written)).asRead();
    List<String> deadLetters = new ArrayList<>(PRODUCED.stream().filter(r -> r.kind() == Workload.Kind.POISON)
        .map(r -> Verifier.bytes(r.key(), r.value())).toList());

    assertThat(Verifier.deadLettersMatch(asRead, deadLetters)).as("the second copy not dead-lettered").isFalse();
    deadLetters.add(Verifier.bytes(poison.key(), poison.value()));
    assertThat(Verifier.deadLettersMatch(asRead, deadLetters)).isTrue();
    deadLetters.add(Verifier.bytes(poison.key(), poison.value()));
    assertThat(Verifier.deadLettersMatch(asRead, deadLetters)).as("dead-lettered three times").isFalse();
  }

  /** Indexes of two withdrawals of one key with different times. */
  private static int[] twoWithdrawalsOfOneKey() {
    for (int i = 0; i < PRODUCED.size(); i++) {
      for (int j = i + 1; j < PRODUCED.size(); j++) {
        InputRecord a = PRODUCED.get(i);
        InputRecord b = PRODUCED.get(j);
        if (a.kind() == Workload.Kind.WITHDRAWAL && b.kind() == Workload.Kind.WITHDRAWAL
            && Arrays.equals(a.key(), b.key()) && !a.timestamp().equals(b.timestamp())) {
          return new int[] {i, j};
        }
      }
    }
    throw new IllegalStateException("The workload has no key withdrawn twice");
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

  /** The records as the broker holds them: a record produced without a timestamp gets the time of sending. */
  private static List<ConsumerRecord<byte[], byte[]>> onTopic(List<InputRecord> written) {
    List<ConsumerRecord<byte[], byte[]>> topic = new ArrayList<>();
    for (InputRecord record : written) {
      long timestamp = record.timestamp() == null ? System.currentTimeMillis() : record.timestamp();
      topic.add(new ConsumerRecord<>("responses", 0, topic.size(), timestamp, TimestampType.CREATE_TIME,
          -1, -1, record.key(), record.value(), new RecordHeaders(), Optional.empty()));
    }
    return topic;
  }

  /** Records as the app reads them: key and value (the workload's own duplicates are byte-identical records). */
  private static List<String> bytes(List<InputRecord> records) {
    return records.stream().map(r -> Verifier.bytes(r.key(), r.value())).toList();
  }
}
