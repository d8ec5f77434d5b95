package dev.feedback360.reliability.harness;

import dev.feedback360.reliability.harness.Workload.InputRecord;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces a workload's records to the responses topic at an even pace over a given duration, in order, with an
 * idempotent producer ({@code acks=all}), so input keeps flowing while faults are injected.
 *
 * <p>A record the producer gives up on is sent again, as an operator re-runs an import whose rows were not all
 * acknowledged: by a new producer, after the records sent before it and not yet acknowledged, at most
 * {@value #MAX_PRODUCERS} producers in all. Across a broker restart Kafka's idempotent producer can be stuck on a
 * batch: a restarted broker was seen to append a later batch right after the partition's last sequence, as for a
 * producer it has no state for, and then to refuse the earlier batch's retries as out of sequence ("132 (incoming seq.
 * number), 248 (current end sequence number)"), which the producer retries until its delivery timeout
 * (docs/reliability.md). A record sent again may stand on the topic twice, or after newer records of its key; the
 * verifier models the topic as it was written and reports both.
 */
public final class InputFeeder implements AutoCloseable {

  private static final long TICK_MS = 20;
  /** The producer that first sent the records, and the ones that sent again what it gave up on. */
  static final int MAX_PRODUCERS = 10;
  /** Long enough to ride out a broker restart on a loaded machine, short enough to re-send within a deadline. */
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(90);

  private static final Logger LOG = LoggerFactory.getLogger(InputFeeder.class);

  private final List<InputRecord> records;
  private final String topic;
  /** Makes the n-th producer (1 for the first). */
  private final IntFunction<Producer<byte[], byte[]>> producers;
  /** Written by the feeder's thread only; a callback of an earlier producer is told apart by its generation. */
  private volatile Producer<byte[], byte[]> producer;
  /** How many producers were used, the current one included. */
  private volatile int generation = 1;
  /** 1 at a record's index once the broker acknowledged it. */
  private final AtomicIntegerArray acked;
  /** The first failure of the current producer's records, handled by the feeder's thread; null while none. */
  private final AtomicReference<Exception> gaveUp = new AtomicReference<>();
  private final AtomicInteger resent = new AtomicInteger();
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger acknowledged = new AtomicInteger();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final long durationNanos;
  private long startNanos;
  /** Set by {@link #finishWithin}: from when, from which record, and over how long the rest goes out. */
  private volatile long hurryNanos;
  private volatile int hurryFrom = -1;
  private volatile long hurryOverNanos;

  private InputFeeder(String topic, List<InputRecord> records, Duration duration,
      IntFunction<Producer<byte[], byte[]>> producers) {
    this.records = records;
    this.topic = topic;
    this.producers = producers;
    this.durationNanos = Math.max(1, duration.toNanos());
    this.acked = new AtomicIntegerArray(records.size());
    this.producer = producers.apply(generation);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "reliability-feeder");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts producing {@code records} evenly over {@code duration}. */
  public static InputFeeder start(String bootstrapServers, String topic, List<InputRecord> records,
      Duration duration) {
    return start(topic, records, duration, number -> newProducer(bootstrapServers, number));
  }

  /** As {@link #start(String, String, List, Duration)}, with producers from {@code producers}. */
  static InputFeeder start(String topic, List<InputRecord> records, Duration duration,
      IntFunction<Producer<byte[], byte[]>> producers) {
    InputFeeder feeder = new InputFeeder(topic, records, duration, producers);
    feeder.startNanos = System.nanoTime();
    feeder.scheduler.scheduleAtFixedRate(feeder::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    return feeder;
  }

  /** Records handed to the producer so far. */
  public int sent() {
    return sent.get();
  }

  /** Records acknowledged by the broker so far. */
  public int acknowledged() {
    return acknowledged.get();
  }

  /** Records sent again by a new producer after an earlier one gave up on them. */
  public int resent() {
    return resent.get();
  }

  /** Where the feed stands, for a scenario that failed waiting for it. */
  public String describe() {
    return acknowledged.get() + " of " + records.size() + " records acknowledged, " + sent.get() + " sent, "
        + resent.get() + " sent again by " + (generation - 1) + " new producers";
  }

  /** Fraction of the workload handed to the producer, 0 to 1. */
  public double progress() {
    return records.isEmpty() ? 1 : (double) sent.get() / records.size();
  }

  /**
   * Sends the records not yet sent evenly over {@code rest} from now instead of the rest of the original duration: a
   * scenario whose faults took less time than it fed for need not wait for the feed to end.
   */
  public void finishWithin(Duration rest) {
    hurryOverNanos = Math.max(1, rest.toNanos());
    hurryNanos = System.nanoTime();
    hurryFrom = sent.get();
  }

  /** True once every record was acknowledged by the broker. */
  public boolean isDone() {
    throwIfFailed();
    return acknowledged.get() == records.size();
  }

  private void tick() {
    try {
      if (gaveUp.get() != null) {
        resendWithNewProducer();
      }
      int due;
      int from = hurryFrom;
      if (from < 0) {
        double elapsed = (double) (System.nanoTime() - startNanos) / durationNanos;
        due = (int) Math.min(records.size(), Math.ceil(elapsed * records.size()));
      } else {
        double elapsed = (double) (System.nanoTime() - hurryNanos) / hurryOverNanos;
        due = (int) Math.min(records.size(), from + Math.ceil(elapsed * (records.size() - from)));
      }
      // A producer that gave up is replaced on the next tick; a new one's first send may wait for the brokers.
      while (sent.get() < due && failure.get() == null && gaveUp.get() == null) {
        send(sent.get());
        sent.incrementAndGet();
      }
      if (sent.get() == records.size()) {
        producer.flush();
        if (acknowledged.get() == records.size() || failure.get() != null) {
          scheduler.shutdown();
        }
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      scheduler.shutdown();
    }
  }

  private void send(int index) {
    InputRecord record = records.get(index);
    int sentBy = generation;
    producer.send(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value()),
        (metadata, exception) -> {
          if (exception == null) {
            if (acked.compareAndSet(index, 0, 1)) {
              acknowledged.incrementAndGet();
            }
          } else if (sentBy == generation) {
            gaveUp.compareAndSet(null, exception);
          }
        });
  }

  /**
   * Replaces the producer that gave up on a record and sends again, in their order, the records it was given and
   * that are not acknowledged; fails the feed once {@value #MAX_PRODUCERS} producers were used.
   */
  private void resendWithNewProducer() {
    Exception cause = gaveUp.get();
    int unacknowledged = sent.get() - acknowledged.get();
    if (generation == MAX_PRODUCERS) {
      failure.compareAndSet(null, cause);
      return;
    }
    LOG.warn("The input producer gave up on a record ({}); {} of {} records sent are not acknowledged: sending them"
        + " again with a new producer ({} of at most {})", cause.toString(), unacknowledged, sent.get(),
        generation + 1, MAX_PRODUCERS);
    Producer<byte[], byte[]> old = producer;
    generation++;
    old.close(Duration.ZERO);
    producer = producers.apply(generation);
    gaveUp.set(null);
    for (int i = 0; i < sent.get() && gaveUp.get() == null; i++) {
      if (acked.get(i) == 0) {
        send(i);
        resent.incrementAndGet();
      }
    }
  }

  private static Producer<byte[], byte[]> newProducer(String bootstrapServers, int number) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "reliability-feeder-" + number);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private void throwIfFailed() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("Producing the scenario's input failed after " + acknowledged.get()
          + " acknowledged records and " + generation + " producers; the verifier cannot know what was written: "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      // A tick in progress may still replace the producer: close the one it leaves.
      if (!scheduler.awaitTermination(1, TimeUnit.MINUTES)) {
        LOG.warn("The input feeder's thread did not stop within a minute; closing its current producer anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(30));
  }
}
