package dev.feedback360.reliability.harness;

import static org.awaitility.Awaitility.await;

import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.AdminClients;
import dev.feedback360.topics.CompactionSettings;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fault scenario's world: unique topics and application id on a broker, the streams instances (separate
 * processes), the input feeder and the verifier; {@link #close()} stops every process it started. Logs of the
 * instances go to {@code reliability/target/reliability/<scenario>-<id>/}, and each finished scenario appends a
 * row to {@code reliability/target/reliability/results.md}.
 */
public final class Scenario implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Scenario.class);
  private static final int PARTITIONS = 4;
  private static final Duration GROUP_TIMEOUT = Duration.ofMinutes(3);

  private final String name;
  private final String bootstrapServers;
  private final Topics topics;
  private final Path workDir;
  private final StreamsInstances instances;
  private final Verifier verifier;
  private final Admin admin;
  private final List<InputFeeder> feeders = new ArrayList<>();
  private final Instant started = Instant.now();

  private Scenario(String name, String bootstrapServers, Map<String, String> streamsProperties) {
    String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    this.name = name;
    this.bootstrapServers = bootstrapServers;
    this.topics = new Topics("responses-" + id, "scores-" + id, "scores-json-" + id, "dlq-" + id);
    this.workDir = baseDir().resolve(id);
    String applicationId = "app-" + id;
    this.instances = new StreamsInstances(bootstrapServers, applicationId, topics, PARTITIONS, streamsProperties,
        workDir);
    this.verifier = new Verifier(bootstrapServers, applicationId, topics);
    this.admin = AdminClients.create(bootstrapServers);
  }

  /**
   * A scenario on the broker at {@code bootstrapServers} whose instances run with these Kafka Streams properties.
   */
  public static Scenario create(String name, String bootstrapServers, Map<String, String> streamsProperties) {
    return new Scenario(name, bootstrapServers, streamsProperties);
  }

  /** The directory holding every scenario's logs and the results table. */
  public static Path baseDir() {
    return Path.of(System.getProperty("feedback360.reliability.dir", "target/reliability"));
  }

  /** Where this scenario's processes keep their state and logs. */
  public Path workDir() {
    return workDir;
  }

  /** Partitions of the scenario's topics. */
  public int partitions() {
    return PARTITIONS;
  }

  public Topics topics() {
    return topics;
  }

  public StreamsInstances instances() {
    return instances;
  }

  public Verifier verifier() {
    return verifier;
  }

  /**
   * Creates the scenario's topics (as the app would), so input can flow before any instance runs; with Kafka's
   * default segment age (7 days), not the production 12 h: the verifier reads the input back record by record, and
   * segments of event times days old would be rolled and compacted at once, removing corrections and re-sends.
   */
  public void createTopics() {
    createTopics((short) 1);
  }

  /** As {@link #createTopics()}, with this replication factor (min.insync.replicas 2 from 3 on). */
  public void createTopics(short replicationFactor) {
    CompactionSettings keepHistory = new CompactionSettings(Duration.ofDays(365), Duration.ofDays(7),
        CompactionSettings.DEFAULT_DELETE_RETENTION, 0.5);
    TopicProvisioner.ensure(admin, topics, new TopicSettings(PARTITIONS, replicationFactor, keepHistory), topics.all(),
        Duration.ofSeconds(60));
  }

  /** Starts producing {@code records} over {@code duration}. */
  public InputFeeder feed(List<Workload.InputRecord> records, Duration duration) {
    InputFeeder feeder = InputFeeder.start(bootstrapServers, topics.responses(), records, duration);
    feeders.add(feeder);
    return feeder;
  }

  /** Waits until every named instance's Kafka Streams client is RUNNING. */
  public void awaitRunning(String... names) {
    await("instances " + String.join(", ", names) + " to be RUNNING").atMost(GROUP_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> {
          for (String instance : names) {
            if (!instances.get(instance).isAlive()) {
              throw new IllegalStateException("Instance " + instance + " exited with code "
                  + instances.get(instance).exitCode() + "; see " + instances.get(instance).logFile());
            }
          }
          return List.of(names).stream().allMatch(instances::isRunning);
        });
  }

  /** Waits until the application's consumer group is stable with exactly {@code members} members. */
  public void awaitGroupMembers(int members) {
    await("group " + instances.applicationId() + " to be stable with " + members + " members")
        .atMost(GROUP_TIMEOUT).pollInterval(Duration.ofMillis(500))
        .until(() -> {
          ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(instances.applicationId()))
              .all().get(30, TimeUnit.SECONDS).get(instances.applicationId());
          return group.groupState() == GroupState.STABLE && group.members().size() == members;
        });
  }

  /** Waits until a transaction is open on an output or internal topic; false if none is seen in time. */
  public boolean awaitOpenTransaction(Duration timeout) {
    try {
      await("an open transaction").atMost(timeout).pollInterval(Duration.ofMillis(100))
          .until(() -> !verifier.openTransactions().isEmpty());
      return true;
    } catch (ConditionTimeoutException e) {
      LOG.info("No open transaction seen within {} s", timeout.toSeconds());
      return false;
    }
  }

  /** Waits until the broker has acknowledged every record of every feeder. */
  public void awaitInputAcknowledged(ScenarioSize size) {
    try {
      await("the input to be acknowledged").atMost(size.deadline()).pollInterval(Duration.ofMillis(200))
          .until(() -> feeders.stream().allMatch(InputFeeder::isDone));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("The broker did not acknowledge the scenario's input within "
          + size.deadline().toSeconds() + " s: " + feeders.stream().map(InputFeeder::describe).toList()
          + "; the input producers' retries are in this test's output, the instances' logs in " + workDir, e);
    }
  }

  /**
   * Waits for the feeders to finish and the app to catch up, stops the instances cleanly, verifies, and appends
   * the result row.
   *
   * @param faults what was injected, for the results table
   */
  public Verdict finish(Workload workload, ScenarioSize size, String faults) {
    return finish(workload, size, faults, size.deadline());
  }

  /** As {@link #finish(Workload, ScenarioSize, String)}, waiting at most {@code catchUpTimeout} for the app. */
  public Verdict finish(Workload workload, ScenarioSize size, String faults, Duration catchUpTimeout) {
    awaitInputAcknowledged(size);
    // An app whose every instance stopped by itself will not catch up: do not wait for it.
    if (!verifier.awaitCaughtUp(instances.anyAlive() ? catchUpTimeout : Duration.ofSeconds(2))) {
      verifier.explainLag(instances.diagnosis());
    }
    instances.stopAll();
    int resent = feeders.stream().mapToInt(InputFeeder::resent).sum();
    String happened = resent == 0 ? faults
        : faults + "; " + resent + " input records sent again by a new producer after one gave up";
    Verdict verdict = verifier.verify(workload, new ScoringConfig(1));
    Duration took = Duration.between(started, Instant.now());
    LOG.info("Scenario {} ({}): {}; {}; {} s: {}", name, size.variant(), workload.describe(), happened,
        took.toSeconds(), verdict.summary());
    appendResult(size, workload, happened, took, verdict);
    return verdict;
  }

  private void appendResult(ScenarioSize size, Workload workload, String faults, Duration took, Verdict verdict) {
    Path results = baseDir().resolve("results.md");
    String row = String.format(Locale.ROOT, "| %s | %s | %s | %s | %d s | %s |%n", name, size.variant(),
        workload.describe(), faults, took.toSeconds(), verdict.summary());
    try {
      Files.createDirectories(results.getParent());
      if (!Files.exists(results)) {
        Files.writeString(results, "| scenario | variant | input | faults | duration | verdict |\n"
            + "|---|---|---|---|---|---|\n", StandardCharsets.UTF_8);
      }
      Files.writeString(results, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append the scenario result to " + results, e);
    }
  }

  @Override
  public void close() {
    try {
      feeders.forEach(InputFeeder::close);
    } finally {
      try {
        instances.close();
      } finally {
        verifier.close();
        admin.close(Duration.ofSeconds(10));
      }
    }
  }
}
