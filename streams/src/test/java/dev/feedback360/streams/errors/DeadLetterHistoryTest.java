package dev.feedback360.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHistoryTest {

  private static final String DLQ = "survey-responses-dlq";
  private static final byte[] KEY = bytes("key");
  private static final byte[] VALUE = bytes("value");

  private final List<ConsumerRecord<byte[], byte[]>> onTopic = new ArrayList<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final DeadLetterHistory history = new DeadLetterHistory(DLQ, (topic, sink) -> {
    assertThat(topic).isEqualTo(DLQ);
    reads.incrementAndGet();
    onTopic.forEach(sink);
    return onTopic.size();
  });

  @Test
  void shouldDropADeadLetterAlreadyOnTheTopicForTheSameRecordAndReason() {
    onTopic.add(written(deadLetter(3, 17, "Score 7 out of range", KEY, VALUE)));

    assertThat(history.withoutRepeats(List.of(deadLetter(3, 17, "Score 7 out of range", KEY, VALUE)))).isEmpty();
  }

  @Test
  void shouldKeepADeadLetterOfAnotherRecordReasonOrContent() {
    onTopic.add(written(deadLetter(3, 17, "Score 7 out of range", KEY, VALUE)));
    List<ProducerRecord<byte[], byte[]>> others = List.of(
        deadLetter(3, 18, "Score 7 out of range", KEY, VALUE),
        deadLetter(2, 17, "Score 7 out of range", KEY, VALUE),
        deadLetter(3, 17, "Misplaced record", KEY, VALUE),
        deadLetter(3, 17, "Score 7 out of range", KEY, bytes("another value at a recreated topic's offset")));

    assertThat(history.withoutRepeats(others)).containsExactlyElementsOf(others);
  }

  @Test
  void shouldReadTheTopicOnceAndOnlyWhenThereIsADeadLetter() {
    assertThat(history.withoutRepeats(List.of())).isEmpty();
    assertThat(reads).as("a run without dead letters never reads the topic").hasValue(0);

    history.withoutRepeats(List.of(deadLetter(0, 1, "a", KEY, VALUE)));
    history.withoutRepeats(List.of(deadLetter(0, 2, "b", KEY, VALUE)));

    assertThat(reads).hasValue(1);
  }

  @Test
  void shouldWriteDeadLettersWhenTheTopicCannotBeRead() {
    DeadLetterHistory unreadable = new DeadLetterHistory(DLQ, (topic, sink) -> {
      throw new IllegalStateException("Timed out after 60 s reading " + topic);
    });
    List<ProducerRecord<byte[], byte[]>> deadLetters = List.of(deadLetter(0, 1, "a", KEY, VALUE));

    assertThat(unreadable.withoutRepeats(deadLetters)).as("a repeat is better than a loss")
        .containsExactlyElementsOf(deadLetters);
  }

  private static ProducerRecord<byte[], byte[]> deadLetter(int partition, long offset, String reason, byte[] key,
      byte[] value) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterProcessingExceptionHandler.HEADER_TOPIC, bytes("survey-responses"));
    headers.add(DeadLetterProcessingExceptionHandler.HEADER_PARTITION, bytes(Integer.toString(partition)));
    headers.add(DeadLetterProcessingExceptionHandler.HEADER_OFFSET, bytes(Long.toString(offset)));
    headers.add(DeadLetterProcessingExceptionHandler.HEADER_MESSAGE, bytes(reason));
    headers.add("__streams.errors.stacktrace", bytes("at line " + offset));
    return new ProducerRecord<>(DLQ, null, key, value, headers);
  }

  /** The record as a consumer of the dead-letter topic reads it back. */
  private static ConsumerRecord<byte[], byte[]> written(ProducerRecord<byte[], byte[]> deadLetter) {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(DLQ, 0, 0L, deadLetter.key(), deadLetter.value());
    deadLetter.headers().forEach(header -> record.headers().add(header));
    return record;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
