package dev.feedback360.streams.app;

import dev.feedback360.streams.read.TopicOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells whether a streams application has processed and committed everything in its input topics: its consumer
 * group's committed offsets have reached the end offsets of every partition it reads (source and repartition
 * topics alike). With exactly-once, committed offsets move only with committed output.
 */
public final class CatchUp {

  private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);

  private final Admin admin;

  public CatchUp(Admin admin) {
    this.admin = admin;
  }

  /**
   * Partitions of {@code inputTopics} the application has not yet processed and committed, with how many records
   * each lags; empty when caught up. A partition without a committed offset lags by its whole end offset.
   */
  public Map<TopicPartition, Long> lag(String applicationId, Collection<String> inputTopics, Duration timeout) {
    try {
      return readLag(applicationId, inputTopics, timeout);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot read the progress of application " + applicationId + " on "
          + inputTopics + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out reading the progress of application " + applicationId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted reading the progress of application " + applicationId, e);
    }
  }

  private Map<TopicPartition, Long> readLag(String applicationId, Collection<String> inputTopics, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
        .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, Long> ends = TopicOffsets.ends(admin, inputTopics, IsolationLevel.READ_UNCOMMITTED, timeout);
    Map<TopicPartition, Long> behind = new HashMap<>();
    ends.forEach((tp, end) -> {
      OffsetAndMetadata position = committed.get(tp);
      long lag = end - (position == null ? 0 : position.offset());
      if (lag > 0) {
        behind.put(tp, lag);
      }
    });
    return behind;
  }

  /**
   * Waits until the application lags nowhere on its input topics, polling every 200 ms.
   *
   * @throws IllegalStateException when the deadline passes first, naming the partitions still behind
   */
  public void await(String applicationId, Collection<String> inputTopics, Duration timeout)
      throws InterruptedException {
    await(applicationId, inputTopics, timeout, DEFAULT_POLL_INTERVAL);
  }

  /**
   * Waits until the application lags nowhere on its input topics, polling every {@code pollInterval}: short when
   * the moment it catches up is measured.
   *
   * @throws IllegalStateException when the deadline passes first, naming the partitions still behind
   */
  public void await(String applicationId, Collection<String> inputTopics, Duration timeout, Duration pollInterval)
      throws InterruptedException {
    awaitLagAtMost(applicationId, inputTopics, 0, timeout, pollInterval);
  }

  /**
   * Waits until the application lags by at most {@code records} records over all partitions of its input topics,
   * polling every {@code pollInterval}; {@code records} = 0 is {@link #await}.
   *
   * @return the records it still lagged by at the poll that found it within {@code records}
   * @throws IllegalStateException when the deadline passes first, naming the partitions still behind
   */
  public long awaitLagAtMost(String applicationId, Collection<String> inputTopics, long records, Duration timeout,
      Duration pollInterval) throws InterruptedException {
    Map<TopicPartition, Long> behind = poll("the progress of application " + applicationId + " on " + inputTopics,
        () -> readLag(applicationId, inputTopics, timeout), lag -> total(lag) <= records,
        lag -> "Application " + applicationId + " has not caught up"
            + (records == 0 ? "" : " to within " + records + " records") + " after " + timeout.toSeconds()
            + " s; still behind: " + lag,
        timeout, pollInterval);
    return total(behind);
  }

  private static long total(Map<TopicPartition, Long> lag) {
    return lag.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Waits until no transaction is open on {@code topics}: the last stable offset (what read_committed readers see)
   * equals the high watermark on every partition. Needed after {@link #await}: an exactly-once app's committed
   * offsets can become visible a moment before the markers that commit its last output do.
   *
   * @throws IllegalStateException when the deadline passes first
   */
  public void awaitSettled(Collection<String> topics, Duration timeout) throws InterruptedException {
    poll("the offsets of " + topics, () -> settled(topics, timeout), Boolean::booleanValue,
        settled -> "Topics " + topics + " still have an open transaction after " + timeout.toSeconds() + " s",
        timeout, Duration.ofMillis(100));
  }

  /** One read from the admin client. */
  @FunctionalInterface
  private interface AdminRead<T> {
    T read() throws ExecutionException, TimeoutException, InterruptedException;
  }

  /**
   * Reads every {@code interval} until {@code done} holds and returns that read. A read the broker reports as
   * retriable (a topic just created, such as a repartition topic the app creates as it starts, is briefly unknown to
   * a broker) is not yet readable, not a failure: it is tried again until the deadline.
   *
   * @throws IllegalStateException when a read fails for good, or the deadline passes first (saying why, with
   *     {@code notDone} of the last read, or what kept it unreadable)
   */
  private static <T> T poll(String what, AdminRead<T> read, Predicate<T> done, Function<T, String> notDone,
      Duration timeout, Duration interval) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      T value = null;
      RetriableException unreadable = null;
      try {
        value = read.read();
        if (done.test(value)) {
          return value;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException retriable)) {
          throw new IllegalStateException("Cannot read " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
        unreadable = retriable;
      } catch (TimeoutException e) {
        throw new IllegalStateException("Timed out reading " + what, e);
      }
      if (Instant.now().isAfter(deadline)) {
        throw unreadable == null ? new IllegalStateException(notDone.apply(value))
            : new IllegalStateException("Could still not read " + what + " after " + timeout.toSeconds() + " s ("
                + unreadable.getMessage() + "); check that the topics exist and the broker is reachable",
                unreadable);
      }
      TimeUnit.MILLISECONDS.sleep(interval.toMillis());
    }
  }

  private boolean settled(Collection<String> topics, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    Set<TopicPartition> partitions = TopicOffsets.partitions(admin, topics, timeout);
    Map<TopicPartition, Long> committed = TopicOffsets.offsets(admin, partitions, OffsetSpec.latest(),
        IsolationLevel.READ_COMMITTED, timeout);
    Map<TopicPartition, Long> written = TopicOffsets.offsets(admin, partitions, OffsetSpec.latest(),
        IsolationLevel.READ_UNCOMMITTED, timeout);
    return partitions.stream().allMatch(tp -> committed.get(tp).longValue() == written.get(tp).longValue());
  }
}
