package dev.feedback360.streams.app;

import dev.feedback360.streams.errors.DeadLetterHistory;
import dev.feedback360.streams.metrics.AppMetrics;
import dev.feedback360.streams.metrics.PipelineMetrics;
import dev.feedback360.streams.query.TeamScoresQueries;
import dev.feedback360.streams.read.ScoresTail;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputPartitioning;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the team-scores topology: creates missing topics, starts Kafka Streams with exactly-once v2 and stops it.
 *
 * <p>Failure policy: an exception that escapes processing (anything but an invalid record, which goes to the
 * dead-letter topic) shuts the whole client down rather than replacing the thread, because a deterministic defect
 * would fail again on the same record; the app then ends with an error so that a supervisor restarts it once
 * fixed. Nothing is skipped silently.
 */
public final class TeamScoresApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TeamScoresApp.class);
  /** How long the start may read the newest records of the JSON scores topic (PublishedRuleCheck). */
  private static final Duration PUBLISHED_RULE_TIMEOUT = Duration.ofSeconds(15);
  /**
   * How long the startup topic check waits for the brokers: long enough for a broker started together with the app on
   * a loaded host (a cold broker JVM took 15 s at load 14 on 2 cores), short enough to name a wrong address soon.
   */
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

  private final StreamsSettings settings;
  private final KafkaStreams streams;
  private final TeamScoresQueries queries;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Throwable failure;

  private TeamScoresApp(StreamsSettings settings, KafkaStreams streams) {
    this.settings = settings;
    this.streams = streams;
    this.queries = new TeamScoresQueries(streams);
  }

  /** Creates the topics if missing and starts processing; returns once started (not yet necessarily RUNNING). */
  public static TeamScoresApp start(StreamsSettings settings) {
    return start(settings, InputScope.ALL, null, null);
  }

  /**
   * Like {@link #start(StreamsSettings)}, telling {@code restoreListener} (if not null) how the restoration of
   * local state from its changelogs progresses, for example to report it on a health endpoint.
   */
  public static TeamScoresApp start(StreamsSettings settings, StateRestoreListener restoreListener) {
    return start(settings, InputScope.ALL, restoreListener, null);
  }

  /**
   * Like {@link #start(StreamsSettings, StateRestoreListener)}, counting into {@code metrics} (the app's counters)
   * and binding the Kafka Streams client's metrics to it: what {@code /metrics} serves.
   */
  public static TeamScoresApp start(StreamsSettings settings, StateRestoreListener restoreListener,
      AppMetrics metrics) {
    return start(settings, InputScope.ALL, restoreListener, metrics);
  }

  /**
   * Like {@link #start(StreamsSettings)}, counting only the input in {@code scope}: the production topology
   * itself, as analysts' replays run it.
   */
  public static TeamScoresApp start(StreamsSettings settings, InputScope scope) {
    return start(settings, scope, null, null);
  }

  private static TeamScoresApp start(StreamsSettings settings, InputScope scope,
      StateRestoreListener restoreListener, AppMetrics metrics) {
    InputPartitioning[] inputs = ensureTopics(settings);
    Properties props = settings.toProperties();
    props.put(DeadLetterHistory.CONFIG, new DeadLetterHistory(settings.connection(), settings.topics().deadLetters()));
    if (metrics != null) {
      props.put(PipelineMetrics.CONFIG, metrics.pipeline());
    }
    KafkaStreams streams = new KafkaStreams(TeamScoresTopology.build(settings.topics(),
        new ScoreCalculator(settings.scoring()), scope, inputs[0], inputs[1], settings.roster()), props);
    restrictToOwner(settings.stateDir());
    TeamScoresApp app = new TeamScoresApp(settings, streams);
    if (metrics != null) {
      boolean sharedCache = BoundedMemoryRocksDbConfig.class.getName()
          .equals(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
      metrics.bind(streams, sharedCache ? BoundedMemoryRocksDbConfig.blockCache() : null);
    }
    if (restoreListener != null) {
      streams.setGlobalStateRestoreListener(restoreListener);
    }
    ThreadFailures failures = new ThreadFailures();
    streams.setUncaughtExceptionHandler(exception -> {
      StreamThreadExceptionResponse response = failures.respond(exception, Instant.now());
      if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
        LOG.warn(ThreadFailures.abortedTransaction(exception)
            ? "A stream thread's transaction was aborted by the brokers ({}; it was cut off from them or stalled "
                + "past its transaction timeout): nothing of it counted, its input is processed again; replacing the "
                + "thread (at most {} times in {})"
            : "A stream thread's transaction end failed at the brokers ({}; a broker restarting): the transaction "
                + "coordinator finishes that transaction before the new thread reads its committed offsets, so "
                + "nothing counts twice or not at all; replacing the thread (at most {} times in {})",
            exception.getCause() != null ? exception.getCause() : exception, ThreadFailures.MAX_REPLACEMENTS,
            ThreadFailures.WINDOW);
        return response;
      }
      app.failure = exception;
      LOG.error("Stream processing failed; shutting the app down (policy: SHUTDOWN_CLIENT)", exception);
      return response;
    });
    streams.setStateListener((next, previous) -> {
      LOG.info("Streams state {} -> {}", previous, next);
      if (next == State.NOT_RUNNING || next == State.ERROR) {
        app.stopped.countDown();
      }
    });
    String guarantee = props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)) {
      LOG.warn("Processing guarantee is {}, not {}: after a crash, responses may be counted twice or lost",
          guarantee, StreamsConfig.EXACTLY_ONCE_V2);
    }
    ScoringConfig scoring = settings.scoring();
    if (scoring.minRaters() < ScoringConfig.SAFE_MIN_RATERS) {
      LOG.warn("UNSAFE: anonymity threshold --min-raters {} is below {}: a group of {} publishes identifiable "
          + "answers (a lone manager's scores); run with --min-raters {} or more unless every reader may see the raw "
          + "responses", scoring.minRaters(), ScoringConfig.SAFE_MIN_RATERS, scoring.minRaters(),
          ScoringConfig.SAFE_MIN_RATERS);
    }
    if (scoring.publishesEveryChange()) {
      LOG.warn("--min-change 1 publishes every change: two consecutive records of a team give one rater's answers; "
          + "only for readers who may see the raw responses (the default is --min-change = --min-raters)");
    }
    warnOfAnotherPublishedRule(settings);
    if (scoring.letsOneRaterReadAnother()) {
      LOG.warn("--min-change 2 lets a rater read another: a batch may be one rater's correction beside another "
          + "rater's answers, and the two records less the correction are those answers; use --min-change 3 or more "
          + "unless no reader of the scores is also a rater");
    }
    streams.start();
    LOG.info("Streams app {} started: {} + {} -> {} + {} (k = {}, N = {}, sd {}, roster {}), state in {}",
        settings.applicationId(), settings.topics().responses(), settings.topics().nominations(),
        settings.topics().scores(), settings.topics().participationJson(), scoring.minRaters(), scoring.minChange(),
        scoring.withholdsSd() ? "withheld" : "published", settings.roster().optionName(), settings.stateDir());
    return app;
  }

  /**
   * Warns when the JSON scores topic was last published under another k, N or sd setting than the app's
   * ({@link PublishedRuleCheck}). An advisory check: when the topic cannot be read, the app says so and starts.
   */
  private static void warnOfAnotherPublishedRule(StreamsSettings settings) {
    String topic = settings.topics().scoresJson();
    ScoresTail tail;
    try {
      tail = ScoresTail.readJson(settings.connection(), topic, PUBLISHED_RULE_TIMEOUT);
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the newest records of {} to compare the rule they were published under with this app's "
          + "({}); starting without that comparison", topic, e.toString());
      return;
    }
    PublishedRuleCheck.warnings(settings.scoring(), tail, topic).forEach(LOG::warn);
  }

  /**
   * The state directory holds copies of responses (pseudonymised): owner only. Kafka Streams creates it readable by
   * its group (rwxr-x---) when it constructs the app; this narrows it, and the app's directory in it, afterwards.
   */
  private static void restrictToOwner(Path stateDir) {
    if (!stateDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Files.setPosixFilePermissions(stateDir, PosixFilePermissions.fromString("rwx------"));
      try (var entries = Files.list(stateDir)) {
        for (Path entry : entries.filter(Files::isDirectory).toList()) {
          Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rwx------"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot make the state directory " + stateDir + " readable by its owner only ("
          + e.getMessage() + "); check who owns it", e);
    }
  }

  /**
   * Creates the missing topics and reads the partition counts of the responses and nominations topics, which decide
   * where each record must be ({@link InputPartitioning}); the topology refuses to start when they differ.
   */
  private static InputPartitioning[] ensureTopics(StreamsSettings settings) {
    KafkaConnection kafka = settings.connection();
    LOG.info("Checking topics at {}", kafka.describe());
    Topics topics = settings.topics();
    try (Admin admin = adminOnceResolvable(kafka, ADMIN_TIMEOUT)) {
      TopicProvisioner.ensure(admin, topics, settings.topicSettings(), topics.all(), ADMIN_TIMEOUT);
      int partitions = TopicProvisioner.partitionCount(admin, topics.responses(), ADMIN_TIMEOUT);
      int nominations = TopicProvisioner.partitionCount(admin, topics.nominations(), ADMIN_TIMEOUT);
      return new InputPartitioning[] {new InputPartitioning(topics.responses(), partitions),
          new InputPartitioning(topics.nominations(), nominations)};
    }
  }

  /**
   * An admin client, once one of the bootstrap servers' names resolves: Kafka's clients refuse to start when none
   * does, and a broker's name can resolve only once it runs (a container stopped or not yet started under
   * docker-compose). Waits as the startup topic check waits for a broker that does not answer, up to {@code timeout}.
   *
   * @throws IllegalStateException naming the servers, when none resolves within the timeout
   */
  static Admin adminOnceResolvable(KafkaConnection kafka, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    boolean logged = false;
    while (true) {
      try {
        return kafka.admin();
      } catch (KafkaException e) {
        ConfigException unresolvable = unresolvable(e);
        if (unresolvable == null) {
          throw e;
        }
        if (!Instant.now().isBefore(deadline)) {
          throw new IllegalStateException("No address for the bootstrap servers " + kafka.bootstrapServers()
              + " after " + timeout.toSeconds() + " s (" + unresolvable.getMessage() + "): check their host names, "
              + "or start the brokers (under docker-compose a broker's name resolves only while its container runs)",
              e);
        }
        if (!logged) {
          LOG.warn("No address for the bootstrap servers {} yet ({}); waiting up to {} s for a broker's name to "
              + "resolve", kafka.bootstrapServers(), unresolvable.getMessage(), timeout.toSeconds());
          logged = true;
        }
        try {
          TimeUnit.MILLISECONDS.sleep(Math.min(1_000, Math.max(1, Duration.between(Instant.now(), deadline)
              .toMillis())));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted waiting for the bootstrap servers " + kafka.bootstrapServers()
              + " to resolve", interrupted);
        }
      }
    }
  }

  /** The cause that says no bootstrap server's name resolves, or null when the failure is another one. */
  private static ConfigException unresolvable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigException config && config.getMessage() != null
          && config.getMessage().contains("No resolvable bootstrap urls")) {
        return config;
      }
    }
    return null;
  }

  /** The topics this app consumes: the responses and nominations topics and its own repartition topic. */
  public List<String> inputTopics() {
    return List.of(settings.topics().responses(), settings.topics().nominations(),
        TeamScoresTopology.repartitionTopic(settings.applicationId()));
  }

  /** Current Kafka Streams state. */
  public State state() {
    return streams.state();
  }

  /** The underlying client. */
  public KafkaStreams streams() {
    return streams;
  }

  /** Where this instance and its tasks are, for the dashboard (which answers scores from team-scores-json). */
  public TeamScoresQueries queries() {
    return queries;
  }

  /** Waits until the app is RUNNING. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != State.RUNNING) {
      if (streams.state() == State.ERROR || streams.state() == State.NOT_RUNNING || System.nanoTime() > deadline) {
        return false;
      }
      stopped.await(50, TimeUnit.MILLISECONDS);
    }
    return true;
  }

  /** Blocks until the app stops (after {@link #close} or a fatal error). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Blocks until the app stops or the timeout passes; true if it stopped. */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The fatal error that stopped the app, if any. */
  public Throwable failure() {
    return failure;
  }

  public StreamsSettings settings() {
    return settings;
  }

  /**
   * Stops processing, commits and closes; idempotent. The instance leaves its consumer group, so the remaining
   * instances take its tasks over at once instead of after the session timeout.
   */
  @Override
  public void close() {
    LOG.info("Stopping streams app {}", settings.applicationId());
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(Duration.ofSeconds(30)));
    stopped.countDown();
  }

  /**
   * Stops like {@link #close()} (leaving the consumer group at once, so that the group can be deleted right away, for
   * one-off runs such as replays), and fails if the app does not stop in time.
   *
   * @throws IllegalStateException if the app does not stop within 30 s
   */
  public void closeAndLeaveGroup() {
    LOG.info("Stopping streams app {} and leaving its group", settings.applicationId());
    boolean closed = streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    stopped.countDown();
    if (!closed) {
      throw new IllegalStateException("Streams app " + settings.applicationId() + " did not stop within 30 s");
    }
  }

  /** Deletes this app's local state directory; only once closed. */
  public void cleanUpLocalState() {
    streams.cleanUp();
  }
}
