package dev.feedback360.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedback360.reliability.harness.Workload.InputRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The feeder's own logic (pacing aside): what it does when its producer gives up on a record. */
class InputFeederTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<InputRecord> RECORDS =
      Workload.generate(11L, 10, Instant.parse("2026-11-02T09:00:00Z")).records();

  private final List<HeldProducer> producers = new CopyOnWriteArrayList<>();
  private InputFeeder feeder;

  @AfterEach
  void close() {
    feeder.close();
  }

  @Test
  void shouldSendEveryRecordAProducerGaveUpOnAgainInOrderWithANewProducer() {
    feeder = InputFeeder.start("responses", RECORDS, Duration.ofMillis(100), this::newProducer);
    await().atMost(WAIT).until(() -> !feeder.isDone() && feeder.sent() == RECORDS.size());
    HeldProducer first = producers.get(0);
    first.completeNext();
    first.completeNext();
    first.completeNext();
    // Holding the producer, which the feeder closes before it looks at what was acknowledged: record 4's
    // acknowledgement, after record 3 was given up on, is in by then.
    synchronized (first) {
      first.errorNext(new TimeoutException("Expiring 1 record(s): 90000 ms has passed since batch creation"));
      first.completeNext();
    }

    await().atMost(WAIT).until(() -> producers.size() == 2 && producers.get(1).history().size() == 6);
    HeldProducer second = producers.get(1);
    assertThat(values(second.history())).containsExactlyElementsOf(
        values(
            List.of(RECORDS.get(3), RECORDS.get(5), RECORDS.get(6), RECORDS.get(7), RECORDS.get(8), RECORDS.get(9))));
    assertThat(first.closed()).isTrue();
    // The first producer's records its closing failed (5 to 9) are not a reason for a third producer.
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> producers.size() == 2);
    while (second.completeNext()) {
      // acknowledge everything the second producer sent
    }

    await().atMost(WAIT).until(feeder::isDone);
    assertThat(feeder.acknowledged()).isEqualTo(RECORDS.size());
    assertThat(feeder.resent()).isEqualTo(6);
    assertThat(producers).hasSize(2);
  }

  @Test
  void shouldFailTheFeedOnceEveryProducerItMayUseGaveUp() {
    feeder = InputFeeder.start("responses", RECORDS, Duration.ofMillis(100), this::newProducer);
    await().atMost(WAIT).until(() -> !feeder.isDone() && feeder.sent() == RECORDS.size());
    for (int i = 1; i <= InputFeeder.MAX_PRODUCERS; i++) {
      int made = i;
      await().atMost(WAIT).until(() -> producers.size() == made && !producers.get(made - 1).history().isEmpty());
      producers.get(i - 1).errorNext(new TimeoutException("Expiring 1 record(s) #" + i));
    }

    await().atMost(WAIT).until(() -> {
      try {
        feeder.isDone();
        return false;
      } catch (IllegalStateException failed) {
        return true;
      }
    });
    assertThatThrownBy(feeder::isDone).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after 0 acknowledged records and " + InputFeeder.MAX_PRODUCERS + " producers")
        .hasMessageContaining("#" + InputFeeder.MAX_PRODUCERS);
    assertThat(producers).hasSize(InputFeeder.MAX_PRODUCERS);
  }

  private HeldProducer newProducer(int number) {
    assertThat(number).isEqualTo(producers.size() + 1);
    HeldProducer producer = new HeldProducer();
    producers.add(producer);
    return producer;
  }

  private static List<String> values(List<?> records) {
    return records.stream().map(r -> r instanceof InputRecord input ? Arrays.toString(input.value())
        : Arrays.toString((byte[]) ((ProducerRecord<?, ?>) r).value())).toList();
  }

  /** A producer whose records the test acknowledges or fails one by one; {@code flush} leaves them pending. */
  private static final class HeldProducer extends MockProducer<byte[], byte[]> {

    HeldProducer() {
      super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized void flush() {
      // The broker has not answered yet: the test decides when it does.
    }

    /** As a real producer's {@code close(Duration.ZERO)}: the records not yet answered fail, through their callbacks. */
    @Override
    public synchronized void close(Duration timeout) {
      while (errorNext(new KafkaException("Producer is closed forcefully."))) {
        // fail the next record still waiting for an answer
      }
      super.close(timeout);
    }
  }
}
