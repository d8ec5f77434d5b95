package dev.feedback360.streams.replay;

import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.topology.TeamScoresTopology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * Watches a running replay until it is done, reporting progress on the way: done when the app's committed offsets
 * reach the input snapshot, and then the end offsets of its own repartition topic as they stood at that moment.
 */
final class ReplayCompletion {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  private final ReplayAdmin admin;
  private final String applicationId;
  private final ReplayListener listener;
  private final Duration timeout;
  private final long started;

  /**
   * @param timeout the whole replay's time limit, counted from {@code started} ({@link System#nanoTime()})
   */
  ReplayCompletion(ReplayAdmin admin, String applicationId, ReplayListener listener, Duration timeout,
      long started) {
    this.admin = admin;
    this.applicationId = applicationId;
    this.listener = listener;
    this.timeout = timeout;
    this.started = started;
  }

  /**
   * Returns once everything derived from {@code input} is scored.
   *
   * @throws IllegalStateException if the app stops or the time limit passes first
   */
  void awaitDone(TeamScoresApp app, OffsetRange snapshot, String outputTopic) throws InterruptedException {
    long deadline = started + timeout.toNanos();
    OffsetRange input = snapshot;
    long nextProgress = System.nanoTime();
    OffsetRange repartition = null;
    String repartitionTopic = TeamScoresTopology.repartitionTopic(applicationId);
    while (true) {
      failIfStopped(app);
      Map<TopicPartition, OffsetAndMetadata> committed = admin.committed();
      long inputLeft = input.remaining(committed);
      if (inputLeft == 0 && repartition == null) {
        // The high watermark, not the last stable offset: the commit markers of the transaction that committed
        // the input offsets may reach the repartition partitions after the offsets became visible.
        repartition = admin.range(repartitionTopic, IsolationLevel.READ_UNCOMMITTED);
      }
      boolean done = repartition != null && repartition.remaining(committed) == 0;
      if (done || System.nanoTime() >= nextProgress) {
        if (inputLeft > 0) {
          // Records deleted since the snapshot (retention, DeleteRecords) are never read, so never committed.
          input = input.startingNoEarlierThan(admin.firstOffsets(input.end().keySet()));
          inputLeft = input.remaining(committed);
        }
        listener.progress(new ReplayProgress(input.total() - inputLeft, input.total(),
            Duration.ofNanos(System.nanoTime() - started), repartition != null));
        nextProgress = System.nanoTime() + Replay.PROGRESS_INTERVAL.toNanos();
      }
      if (done) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Replay " + applicationId + " has not caught up after "
            + timeout.toSeconds() + " s (" + inputLeft + " of " + input.total() + " input offsets left); the output "
            + outputTopic + " is incomplete. Retry with a longer timeout");
      }
      app.awaitStop(POLL_INTERVAL);
    }
  }

  /**
   * Waits until the commit markers of the app's last transactions have reached the output topics (last stable
   * offset = high watermark), so that read_committed readers, the summary and an export right after see
   * everything.
   */
  void awaitStable(List<String> topics) throws InterruptedException {
    Duration left = Duration.ofNanos(Math.max(1, started + timeout.toNanos() - System.nanoTime()));
    try {
      new CatchUp(admin.admin()).awaitSettled(topics, left);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("Replay " + applicationId + " finished, but its last transaction on "
          + topics + " is still not complete after " + timeout.toSeconds() + " s; check the broker", e);
    }
  }

  private void failIfStopped(TeamScoresApp app) {
    State state = app.state();
    if (state == State.ERROR || state == State.NOT_RUNNING || state == State.PENDING_ERROR
        || state == State.PENDING_SHUTDOWN) {
      Throwable failure = app.failure();
      throw new IllegalStateException("Replay " + applicationId + " stopped in state " + state + ": "
          + (failure == null ? "see the log above" : failure.getMessage()), failure);
    }
  }
}
