package dev.feedback360.streams.replay;

import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;
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
 *
 * <p>This class is the order of those steps; each step is a class of its own: {@link ReplayPreflight},
 * {@link ReplayCompletion} (the progress loop), {@link ConsumedRecords}, {@link ReplayCleanup}, and
 * {@link ReplayAdmin} for the admin calls they share.
 */
public final class Replay {

  /** How often progress is reported. */
  public static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
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
    try (Admin client = request.kafka().admin()) {
      ReplayAdmin admin = new ReplayAdmin(client, applicationId, request.bootstrapServers());
      ReplayPreflight.check(admin, request);
      ensureNominations(client, admin);
      OffsetRange responses = admin.range(request.responsesTopic(), IsolationLevel.READ_COMMITTED);
      OffsetRange input = responses.plus(admin.range(request.nominationsTopic(), IsolationLevel.READ_COMMITTED));
      Path stateDir = ReplayStateDir.create(request.stateDir());
      StreamsSettings settings = new StreamsSettings(request.kafka(), applicationId, stateDir,
          request.topics(), request.topicSettings(), request.scoring(),
          Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, REPLAY_COMMIT_INTERVAL_MS), request.roster());
      listener.started(applicationId, input.total());
      LOG.info("Replay {}: {} + {} -> {} (scope {}, k = {}, roster {}), {} input offsets", applicationId,
          request.responsesTopic(), request.nominationsTopic(), request.outputTopic(), request.scope(),
          request.scoring().minRaters(), request.roster().optionName(), input.total());
      ReplayCompletion completion = new ReplayCompletion(admin, applicationId, listener, request.timeout(), started);
      ReplayCleanup cleanup = new ReplayCleanup(admin, applicationId);
      TeamScoresApp app = TeamScoresApp.start(settings, request.scope());
      long read;
      try {
        completion.awaitDone(app, input, request.outputTopic());
        read = ConsumedRecords.of(app.streams().metrics(), request.responsesTopic());
      } catch (RuntimeException | InterruptedException e) {
        stopAfterFailure(app, cleanup, stateDir, e);
        throw e;
      }
      app.closeAndLeaveGroup();
      completion.awaitStable(List.of(request.outputTopic(), request.outputJsonTopic(),
          request.outputDeadLetterTopic(), request.outputParticipationTopic()));
      List<TeamScores> teams = new ScoresReader(request.kafka(), ReplayAdmin.TIMEOUT)
          .read(request.outputTopic(), null);
      long deadLetters = new TopicScan(request.kafka(), ReplayAdmin.TIMEOUT)
          .scan(request.outputDeadLetterTopic(), record -> {});
      Set<String> removed = request.keep() ? Set.of() : cleanup.removeAll(app, stateDir, request.stateDir() == null);
      int published = (int) teams.stream().filter(t -> t.getStatus() == PublicationStatus.PUBLISHED).count();
      return new ReplaySummary(applicationId, request.outputTopic(), responses.total(), read,
          teams.size(), published,
          deadLetters, Duration.ofNanos(System.nanoTime() - started), removed, request.keep() ? stateDir : null);
    }
  }

  /**
   * A replay reads the nominations topic next to the responses: where there is none (no one nominated), an empty one
   * partitioned like the responses topic stands in, so that the topology's co-partitioning check holds.
   */
  private void ensureNominations(Admin client, ReplayAdmin admin) {
    if (admin.topicNames().contains(request.nominationsTopic())) {
      return;
    }
    int partitions = TopicProvisioner.partitionCount(client, request.responsesTopic(), ReplayAdmin.TIMEOUT);
    TopicSettings settings = new TopicSettings(partitions, request.topicSettings().replicationFactor(),
        request.topicSettings().compaction());
    TopicProvisioner.ensure(client, request.topics(), settings, Set.of(request.nominationsTopic()),
        ReplayAdmin.TIMEOUT);
  }

  private void stopAfterFailure(TeamScoresApp app, ReplayCleanup cleanup, Path stateDir, Exception failure) {
    try {
      app.closeAndLeaveGroup();
      if (!request.keep()) {
        cleanup.removeAll(app, stateDir, request.stateDir() == null);
      }
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
