package dev.feedback360.dashboard.live;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a JSON topic of the app ({@code team-scores-json}, {@code team-participation-json}) with a
 * {@code read_committed} consumer and hands every committed change to a listener: so a change is pushed exactly when
 * the streams app's transaction that wrote it commits, and never when it aborts. Every partition is read (no consumer
 * group), so every instance of the app sees every team.
 *
 * <p>{@link #replay} first reads the topic from its beginning up to the end offsets of the moment it starts, then
 * follows it (for keeping the latest value per key, {@link JsonTopicView}): {@link Listener#onReady()} says that
 * every earlier change was reported and every later one will be.
 */
public final class ScoresTail implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScoresTail.class);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(500);

  /** What the tail reports. Called on the tail's own thread, one call at a time. */
  public interface Listener {

    /** The tail is positioned at the end of the topic: every change from now on will be reported. */
    void onReady();

    /** A team's scores changed; {@code json} is the JSON contract. */
    void onChange(String key, String json);

    /** A team has no scores any more (a tombstone). */
    void onDeleted(String key);

    /** The tail stopped for good on an error (logged); no further call follows. */
    default void onFailed() {}
  }

  /** Where the tail is. */
  public enum Status { STARTING, READY, FAILED, STOPPED }

  private final KafkaConsumer<String, String> consumer;
  private final String topic;
  private final Listener listener;
  private final Thread thread;
  /** Per partition, the offset below which every record has been handed to the listener. */
  private final Map<TopicPartition, Long> read = new ConcurrentHashMap<>();
  private final Object progress = new Object();
  private volatile List<TopicPartition> partitions = List.of();
  private volatile Status status = Status.STARTING;
  private volatile boolean closing;

  private ScoresTail(Properties consumerProperties, String topic, Listener listener) {
    Properties props = new Properties();
    props.putAll(consumerProperties);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "feedback360-dashboard-live-updates");
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    this.topic = topic;
    this.listener = listener;
    this.thread = new Thread(this::run, "feedback360-live-updates-" + topic);
    this.thread.setDaemon(true);
  }

  /**
   * Starts reading {@code topic} from its beginning, every committed record to the listener, then follows it; ready
   * once the end offsets of the moment it started are reached.
   *
   * @param consumerProperties bootstrap servers and any security settings; group, isolation and offsets are set here
   */
  public static ScoresTail replay(Properties consumerProperties, String topic, Listener listener) {
    ScoresTail tail = new ScoresTail(consumerProperties, topic, listener);
    tail.thread.start();
    return tail;
  }

  /** Where the tail is. */
  public Status status() {
    return status;
  }

  private void run() {
    try {
      partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
          .map(p -> new TopicPartition(topic, p.partition()))
          .toList();
      consumer.assign(partitions);
      long replayed = replay(partitions);
      if (closing) {
        status = Status.STOPPED;
        return;
      }
      status = Status.READY;
      LOG.info("Following {} ({} partitions, read_committed, {} earlier records read)", topic, partitions.size(),
          replayed);
      listener.onReady();
      while (!closing) {
        deliver(consumer.poll(POLL));
      }
      status = Status.STOPPED;
      noteProgress();
    } catch (WakeupException e) {
      if (!closing) {
        status = Status.FAILED;
        throw e;
      }
      status = Status.STOPPED;
    } catch (RuntimeException e) {
      status = Status.FAILED;
      LOG.error("Stopped following topic {}: what this instance answers from it is 503 from now on, and its live "
          + "updates stop; fix the cause (e.g. a missing read permission) and restart the app", topic, e);
      listener.onFailed();
      noteProgress();
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  /** Reads from the beginning up to the end offsets of now (the last stable offsets: read_committed). */
  private long replay(List<TopicPartition> partitions) {
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, METADATA_TIMEOUT);
    long records = 0;
    while (!closing && !caughtUp(ends)) {
      records += deliver(consumer.poll(POLL));
    }
    return records;
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), METADATA_TIMEOUT) >= e.getValue());
  }

  private int deliver(ConsumerRecords<String, String> records) {
    for (ConsumerRecord<String, String> record : records) {
      if (record.value() == null) {
        listener.onDeleted(record.key());
      } else {
        listener.onChange(record.key(), record.value());
      }
    }
    // After the listener has every record below them (transaction markers included, which the consumer skips).
    partitions.forEach(tp -> read.put(tp, consumer.position(tp, METADATA_TIMEOUT)));
    noteProgress();
    return records.count();
  }

  private void noteProgress() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /** The partitions followed; empty until the tail has found them. */
  public List<TopicPartition> partitions() {
    return partitions;
  }

  /**
   * Waits until every record below {@code offsets} (per partition) has been handed to the listener.
   *
   * @return false when {@code timeout} passed first or the tail stopped
   */
  public boolean awaitRead(Map<TopicPartition, Long> offsets, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (!offsets.entrySet().stream().allMatch(e -> read.getOrDefault(e.getKey(), -1L) >= e.getValue())) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || status == Status.FAILED || status == Status.STOPPED) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
      return true;
    }
  }

  /** Stops following and waits for the thread to end. */
  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping the live-updates consumer", e);
    }
  }
}
