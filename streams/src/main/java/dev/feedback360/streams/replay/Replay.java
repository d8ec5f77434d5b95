package dev.feedback360.streams.replay;

import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.read.TopicOffsets;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.topology.TeamScoresTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An analyst's replay: runs the production topology ({@link TeamScoresApp} with an input scope) over the responses
 * topic from the beginning under a fresh application id, into topics of its own, and stops by itself.
 *
 * <ol>
 *   <li>Refuses an output that is production's or already holds records; requires the input to exist.
 *   <li>Snapshots the input's end offsets ({@code read_committed}), then starts the app.
 *   <li>Done when the app's committed offsets reach that snapshot on the input, and then reach the end offsets of
 *       its own repartition topic as they stood at that moment: everything derived from the snapshot is scored.
 *       Records arriving later may be processed too, but are never waited for.
 *   <li>Stops the app (leaving its group), reads the output for the summary, and unless {@code keep} deletes the
 *       app's internal topics (prefixed with its application id), its consumer group and its local state.
 * </ol>
 */
public final class Replay {

  /** How often progress is reported. */
  public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final String REPLAY_COMMIT_INTERVAL_MS = "500";

  private final ReplayRequest request;
  private final ReplayListener listener;
  private final String applicationId;

  public Replay(ReplayRequest request, ReplayListener listener) {
    this.request = request;
    this.listener = listener;
    this.applicationId = ReplayRequest.APPLICATION_ID_PREFIX + HexFormat.of().toHexDigits(
        ThreadLocalRandom.current().nextLong()).substring(0, 12);
  }

  /** The replay's application id. */
  public String applicationId() {
    return applicationId;
  }

  /**
   * Runs the replay to its end.
   *
   * @throws IllegalArgumentException if the output topic already holds records or the input does not exist
   * @throws IllegalStateException if the replay fails or does not catch up within the timeout; its internal
   *     topics, group and state are still removed unless keep, and the output is then incomplete
   */
  public ReplaySummary run() throws InterruptedException {
    long started = System.nanoTime();
    try (Admin admin = request.kafka().admin()) {
      checkTopics(admin);
      OffsetRange input = range(admin, request.responsesTopic(), IsolationLevel.READ_COMMITTED);
      Path stateDir = stateDir();
      StreamsSettings settings = new StreamsSettings(request.kafka(), applicationId, stateDir,
          request.topics(), request.topicSettings(), request.scoring(),
          Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, REPLAY_COMMIT_INTERVAL_MS));
      listener.started(applicationId, input.total());
      LOG.info("Replay {}: {} -> {} (scope {}, k = {}), {} input offsets", applicationId, request.responsesTopic(),
          request.outputTopic(), request.scope(), request.scoring().minRaters(), input.total());
      TeamScoresApp app = TeamScoresApp.start(settings, request.scope());
      long read;
      try {
        awaitDone(admin, app, input, started);
        read = recordsRead(app);
      } catch (RuntimeException | InterruptedException e) {
        stopAfterFailure(admin, app, stateDir, e);
        throw e;
      }
      app.closeAndLeaveGroup();
      awaitStable(admin, List.of(request.outputTopic(), request.outputJsonTopic(), request.outputDeadLetterTopic()),
          started);
      List<TeamScores> teams = new ScoresReader(request.kafka(), ADMIN_TIMEOUT)
          .read(request.outputTopic(), null);
      long deadLetters = new TopicScan(request.kafka(), ADMIN_TIMEOUT)
          .scan(request.outputDeadLetterTopic(), record -> { });
      Set<String> removed = Set.of();
      if (!request.keep()) {
        removed = removeResources(admin, app, stateDir);
      }
      int published = (int) teams.stream().filter(t -> t.getStatus() == PublicationStatus.PUBLISHED).count();
      return new ReplaySummary(applicationId, request.outputTopic(), input.total(), read, teams.size(), published,
          deadLetters, Duration.ofNanos(System.nanoTime() - started), removed, request.keep() ? stateDir : null);
    }
  }

  private void checkTopics(Admin admin) {
    Set<String> existing = get(admin.listTopics().names(), "listing topics");
    if (!existing.contains(request.responsesTopic())) {
      throw new IllegalArgumentException("The responses topic " + request.responsesTopic() + " does not exist at "
          + request.bootstrapServers() + "; check --responses-topic and --bootstrap-servers");
    }
    for (String output : List.of(request.outputTopic(), request.outputJsonTopic(),
        request.outputDeadLetterTopic())) {
      if (existing.contains(output) && range(admin, output, IsolationLevel.READ_UNCOMMITTED).total() > 0) {
        throw new IllegalArgumentException("The output topic " + output + " already holds records (an earlier "
            + "replay?); a replay must start from an empty output. Choose another --output, or delete "
            + request.outputTopic() + ", " + request.outputJsonTopic() + " and " + request.outputDeadLetterTopic()
            + " first");
      }
    }
  }

  private void awaitDone(Admin admin, TeamScoresApp app, OffsetRange input, long started)
      throws InterruptedException {
    long deadline = started + request.timeout().toNanos();
    long nextProgress = System.nanoTime();
    OffsetRange repartition = null;
    String repartitionTopic = TeamScoresTopology.repartitionTopic(applicationId);
    while (true) {
      State state = app.state();
      if (state == State.ERROR || state == State.NOT_RUNNING || state == State.PENDING_ERROR
          || state == State.PENDING_SHUTDOWN) {
        Throwable failure = app.failure();
        throw new IllegalStateException("Replay " + applicationId + " stopped in state " + state + ": "
            + (failure == null ? "see the log above" : failure.getMessage()), failure);
      }
      Map<TopicPartition, OffsetAndMetadata> committed = committed(admin);
      long inputLeft = input.remaining(committed);
      if (inputLeft == 0 && repartition == null) {
        // The high watermark, not the last stable offset: the commit markers of the transaction that committed
        // the input offsets may reach the repartition partitions after the offsets became visible.
        repartition = range(admin, repartitionTopic, IsolationLevel.READ_UNCOMMITTED);
      }
      boolean done = repartition != null && repartition.remaining(committed) == 0;
      if (done || System.nanoTime() >= nextProgress) {
        listener.progress(new ReplayProgress(input.total() - inputLeft, input.total(),
            Duration.ofNanos(System.nanoTime() - started), repartition != null));
        nextProgress = System.nanoTime() + PROGRESS_INTERVAL.toNanos();
      }
      if (done) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Replay " + applicationId + " has not caught up after "
            + request.timeout().toSeconds() + " s (" + inputLeft + " of " + input.total()
            + " input offsets left); the output " + request.outputTopic() + " is incomplete. Retry with a longer "
            + "--timeout");
      }
      app.awaitStop(POLL_INTERVAL);
    }
  }

  /**
   * Waits until the commit markers of the app's last transactions have reached the output topics (last stable
   * offset = high watermark), so that read_committed readers, the summary and an export right after see
   * everything.
   */
  private void awaitStable(Admin admin, List<String> topics, long started) throws InterruptedException {
    Duration left = Duration.ofNanos(Math.max(1, started + request.timeout().toNanos() - System.nanoTime()));
    try {
      new CatchUp(admin).awaitSettled(topics, left);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("Replay " + applicationId + " finished, but its last transaction on "
          + topics + " is still not complete after " + request.timeout().toSeconds() + " s; check the broker", e);
    }
  }

  /** Records of the responses topic the app's consumers fetched, from Kafka's consumer metrics. */
  private long recordsRead(TeamScoresApp app) {
    double read = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : app.streams().metrics().entrySet()) {
      MetricName name = e.getKey();
      String topic = name.tags().get("topic");
      if (name.name().equals("records-consumed-total") && name.group().equals("consumer-fetch-manager-metrics")
          && topic != null && (topic.equals(request.responsesTopic())
              || topic.equals(request.responsesTopic().replace('.', '_')))) {
        read += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return Math.round(read);
  }

  private void stopAfterFailure(Admin admin, TeamScoresApp app, Path stateDir, Exception failure) {
    try {
      app.closeAndLeaveGroup();
      if (!request.keep()) {
        removeResources(admin, app, stateDir);
      }
    } catch (RuntimeException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  private Set<String> removeResources(Admin admin, TeamScoresApp app, Path stateDir) {
    Set<String> internal = new TreeSet<>();
    for (String topic : get(admin.listTopics().names(), "listing topics")) {
      if (topic.startsWith(applicationId + "-")
          && (topic.endsWith("-repartition") || topic.endsWith("-changelog"))) {
        internal.add(topic);
      }
    }
    if (!internal.isEmpty()) {
      get(admin.deleteTopics(internal).all(), "deleting the replay's internal topics " + internal);
    }
    try {
      get(admin.deleteConsumerGroups(List.of(applicationId)).all(), "deleting consumer group " + applicationId);
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
      LOG.debug("Replay {} left no consumer group to delete", applicationId);
    }
    app.cleanUpLocalState();
    deleteTree(stateDir.resolve(applicationId));
    if (request.stateDir() == null) {
      deleteTree(stateDir);
    }
    LOG.info("Replay {}: removed internal topics {}, consumer group and local state", applicationId, internal);
    return internal;
  }

  private Path stateDir() {
    try {
      if (request.stateDir() != null) {
        return Files.createDirectories(request.stateDir());
      }
      return Files.createTempDirectory("feedback360-replay-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the replay's state directory "
          + (request.stateDir() == null ? "in " + System.getProperty("java.io.tmpdir") : request.stateDir())
          + ": " + e.getMessage() + "; pass a writable --state-dir", e);
    }
  }

  /** Deletes the replay's own state: its application directory, and the temporary directory it made. */
  private static void deleteTree(Path stateDir) {
    try {
      Utils.delete(stateDir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the replay's state directory " + stateDir + ": "
          + e.getMessage() + "; delete it by hand", e);
    }
  }

  private Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) {
    Map<TopicPartition, OffsetAndMetadata> committed = get(
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata(),
        "reading the committed offsets of " + applicationId);
    Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
    committed.forEach((tp, offset) -> {
      if (offset != null) {
        present.put(tp, offset);
      }
    });
    return present;
  }

  /** First and end offsets of every partition of a topic; the end as a consumer at {@code isolation} sees it. */
  private OffsetRange range(Admin admin, String topic, IsolationLevel isolation) {
    Set<TopicPartition> partitions;
    try {
      partitions = call(() -> TopicOffsets.partitions(admin, List.of(topic), ADMIN_TIMEOUT),
          "describing topic " + topic);
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new IllegalStateException("Topic " + topic + " does not exist at " + request.bootstrapServers(),
            e.getCause());
      }
      throw e;
    }
    Map<TopicPartition, Long> start = call(() -> TopicOffsets.offsets(admin, partitions, OffsetSpec.earliest(),
        isolation, ADMIN_TIMEOUT), "reading the first offsets of " + topic);
    Map<TopicPartition, Long> end = call(() -> TopicOffsets.offsets(admin, partitions, OffsetSpec.latest(),
        isolation, ADMIN_TIMEOUT), "reading the end offsets of " + topic);
    return new OffsetRange(start, end);
  }

  private <T> T get(KafkaFuture<T> future, String what) {
    return call(() -> future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), what);
  }

  /** One admin call, waiting at most {@link #ADMIN_TIMEOUT}; {@code what} says what it does, for the messages. */
  private <T> T call(AdminCall<T> call, String what) {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Replay " + applicationId + " failed " + what + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Replay " + applicationId + " timed out after " + ADMIN_TIMEOUT.toSeconds()
          + " s " + what + "; is the broker at " + request.bootstrapServers() + " reachable?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted " + what, e);
    }
  }

  @FunctionalInterface
  private interface AdminCall<T> {
    T get() throws ExecutionException, TimeoutException, InterruptedException;
  }
}
