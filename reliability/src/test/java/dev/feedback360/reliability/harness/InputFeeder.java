package dev.feedback360.reliability.harness;

import dev.feedback360.reliability.harness.Workload.InputRecord;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces a workload's records to the responses topic at an even pace over a given duration, in order, with an
 * idempotent producer ({@code acks=all}), so input keeps flowing while faults are injected. A record that the
 * broker never acknowledges fails the scenario: the verifier's model assumes every record was written once.
 */
public final class InputFeeder implements AutoCloseable {

  private static final long TICK_MS = 20;

  private final List<InputRecord> records;
  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
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

  private InputFeeder(String bootstrapServers, String topic, List<InputRecord> records, Duration duration) {
    this.records = records;
    this.topic = topic;
    this.durationNanos = Math.max(1, duration.toNanos());
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "reliability-feeder");
    // Ride out a broker restart: keep retrying for five minutes rather than failing the record.
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(5).toMillis());
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "reliability-feeder");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts producing {@code records} evenly over {@code duration}. */
  public static InputFeeder start(String bootstrapServers, String topic, List<InputRecord> records,
      Duration duration) {
    InputFeeder feeder = new InputFeeder(bootstrapServers, topic, records, duration);
    feeder.startNanos = System.nanoTime();
    feeder.scheduler.scheduleAtFixedRate(feeder::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    return feeder;
  }

  /** Records handed to the producer so far. */
  public int sent() {
    return sent.get();
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
      int due;
      int from = hurryFrom;
      if (from < 0) {
        double elapsed = (double) (System.nanoTime() - startNanos) / durationNanos;
        due = (int) Math.min(records.size(), Math.ceil(elapsed * records.size()));
      } else {
        double elapsed = (double) (System.nanoTime() - hurryNanos) / hurryOverNanos;
        due = (int) Math.min(records.size(), from + Math.ceil(elapsed * (records.size() - from)));
      }
      while (sent.get() < due && failure.get() == null) {
        InputRecord record = records.get(sent.get());
        producer.send(new ProducerRecord<>(topic, null, record.timestamp(), record.key(), record.value()),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              } else {
                acknowledged.incrementAndGet();
              }
            });
        sent.incrementAndGet();
      }
      if (sent.get() == records.size()) {
        producer.flush();
        scheduler.shutdown();
      }
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      scheduler.shutdown();
    }
  }

  private void throwIfFailed() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("Producing the scenario's input failed after " + acknowledged.get()
          + " acknowledged records; the verifier cannot know what was written: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    producer.close(Duration.ofSeconds(30));
  }
}
