package dev.feedback360.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.reliability.harness.ClusterUnderTest;
import dev.feedback360.reliability.harness.ClusterUnderTest.AppInstance;
import dev.feedback360.reliability.harness.FailoverProbe;
import dev.feedback360.reliability.harness.InputFeeder;
import dev.feedback360.reliability.harness.Scenario;
import dev.feedback360.reliability.harness.ScenarioSize;
import dev.feedback360.reliability.harness.Verdict;
import dev.feedback360.reliability.harness.Workload;
import dev.feedback360.topics.AdminClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover on the three-broker cluster of docker-compose.cluster.yml (replication factor 3, min.insync.replicas 2,
 * two app instances in containers with one standby each), one cluster shared by the four scenarios: input keeps
 * flowing through each fault (the harness's workload: corrections, team moves, withdrawals, re-sends, poison pills),
 * and at the end the committed team-scores must equal the independent model exactly, the dead letters be exactly the
 * poison pills, no transaction be left open, and the dashboard of the instance not faulted must have answered every
 * team rightly or with 503 + Retry-After throughout. Each scenario appends a row to
 * {@code target/reliability/cluster-failover.md} (docs/reliability.md, "Cluster failover").
 *
 * <p>Needs Docker, docker-compose, the Kafka image named by {@value ClusterUnderTest#KAFKA_IMAGE_ENV} and the app
 * images' base image; skipped without them, failed with {@value ClusterUnderTest#REQUIRE_ENV}=true (CI).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverIT.class);
  private static final Duration APP_START = Duration.ofMinutes(4);
  private static final Duration BROKER_BACK = Duration.ofMinutes(5);
  private static final Duration SETTLE = Duration.ofMinutes(2);

  private static ClusterUnderTest cluster;

  @BeforeAll
  static void startTheCluster() {
    Path root = Path.of("").toAbsolutePath().getParent();
    String missing = ClusterUnderTest.whyUnavailable(root);
    if (missing != null && "true".equals(String.valueOf(System.getenv(ClusterUnderTest.REQUIRE_ENV))
        .toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException("Container tests are required here but cannot run: " + missing);
    }
    Assumptions.assumeTrue(missing == null, missing);
    Instant started = Instant.now();
    cluster = ClusterUnderTest.start(root, Scenario.baseDir().resolve("cluster"));
    LOG.info("Cluster up in {} s: {}", Duration.between(started, Instant.now()).toSeconds(),
        cluster.bootstrapServers());
  }

  @AfterAll
  static void removeTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void shouldCountExactlyOnceWhenTheBrokerLeadingTheInputAndCoordinatingTheTransactionsIsKilled() {
    Report report = run("cluster-broker-kill", 15_001L, (scenario, apps, probe, feeder, size) -> {
      List<String> faults = new ArrayList<>();
      try (Admin admin = AdminClients.create(cluster.bootstrapServers())) {
        for (int round = 1; round <= rounds(size); round++) {
          awaitProgress(feeder, size, (double) round / (rounds(size) + 1) - 0.2);
          int coordinator = busiestCoordinator(admin, scenario.instances().applicationId());
          moveInputLeadershipTo(admin, scenario.topics().responses(), coordinator);
          probe.markFault();
          cluster.killBroker(coordinator);
          faults.add("docker kill of kafka-" + coordinator + " (transaction coordinator of the app and leader of "
              + "every input partition)");
          awaitProgress(feeder, size, (double) round / (rounds(size) + 1) + 0.2);
          cluster.startBroker(coordinator);
          cluster.awaitBrokerHealthy(coordinator, BROKER_BACK);
          cluster.awaitFullIsr(admin, BROKER_BACK);
        }
      }
      return String.join("; ", faults) + ", restarted once input had flowed on two brokers";
    });

    report.assertExact();
  }

  @Test
  @Order(2)
  void shouldCountExactlyOnceThroughARollingRestartOfAllThreeBrokers() {
    // Input paced over longer (8 x quick, 2 x soak) than three broker restarts take here (20 to 60 s each), so all
    // three are under load; once they are done the rest of the input goes out within 5 s.
    ScenarioSize current = ScenarioSize.current();
    ScenarioSize longFeed = new ScenarioSize(current.variant(), current.records(),
        current.feedDuration().multipliedBy(current.soak() ? 2 : 8), current.kills());
    Report report = run("cluster-rolling-restart", 15_002L, longFeed, (scenario, apps, probe, feeder, size) -> {
      try (Admin admin = AdminClients.create(cluster.bootstrapServers())) {
        for (int round = 1; round <= rounds(size); round++) {
          for (int broker = 1; broker <= 3; broker++) {
            awaitProgress(feeder, size, 0.03 * broker);
            probe.markFault();
            Instant stopping = Instant.now();
            cluster.stopBroker(broker);
            Instant starting = Instant.now();
            cluster.startBroker(broker);
            cluster.awaitBrokerHealthy(broker, BROKER_BACK);
            Instant healthy = Instant.now();
            cluster.awaitFullIsr(admin, BROKER_BACK);
            LOG.info("Rolling restart of kafka-{}: docker stop {} ms, start to healthy {} ms, every ISR full {} ms",
                broker, Duration.between(stopping, starting).toMillis(),
                Duration.between(starting, healthy).toMillis(), Duration.between(healthy, Instant.now()).toMillis());
          }
        }
      }
      feeder.finishWithin(Duration.ofSeconds(5));
      return rounds(size) + " x rolling restart (docker stop, start, wait for every ISR full) of kafka-1, -2, -3";
    });

    report.assertExact();
  }

  @Test
  @Order(3)
  void shouldCountExactlyOnceWhenAnInstanceIsCutOffTheNetworkAndComesBack() {
    Report report = run("cluster-partition", 15_003L, (scenario, apps, probe, feeder, size) -> {
      for (int round = 1; round <= rounds(size); round++) {
        awaitProgress(feeder, size, (double) round / (rounds(size) + 1) - 0.2);
        probe.markFault();
        cluster.disconnect(apps.get(1));
        scenario.awaitGroupMembers(1);
        cluster.reconnect(apps.get(1));
        scenario.awaitGroupMembers(2);
      }
      return rounds(size) + " x docker network disconnect of instance b until the group dropped it, reconnected "
          + "until it rejoined";
    });

    report.assertExact();
  }

  @Test
  @Order(4)
  void shouldKeepAnsweringFromTheStandbyWhenAnInstanceIsKilled() {
    Report report = run("cluster-app-kill", 15_004L, (scenario, apps, probe, feeder, size) -> {
      awaitProgress(feeder, size, 0.35);
      probe.markFault();
      cluster.killApp(apps.get(1));
      scenario.awaitGroupMembers(1);
      return "docker kill of instance b; a (its standby) takes over; a's dashboard polled for every team";
    });

    report.assertExact();
    assertThat(report.probeAnswers).as("dashboard answers of the survivor").isPositive();
  }

  /** What a scenario does while input flows: injects its faults and says what they were. */
  @FunctionalInterface
  private interface Faults {
    String inject(Scenario scenario, List<AppInstance> apps, FailoverProbe probe, InputFeeder feeder,
        ScenarioSize size);
  }

  private static int rounds(ScenarioSize size) {
    return size.soak() ? 3 : 1;
  }

  private static Report run(String name, long seed, Faults faults) {
    return run(name, seed, ScenarioSize.current(), faults);
  }

  private static Report run(String name, long seed, ScenarioSize size, Faults faults) {
    Workload workload = Workload.generate(seed, size.records(), Instant.now());
    Instant started = Instant.now();
    try (Scenario scenario = Scenario.create(name, cluster.bootstrapServers(), Map.of())) {
      scenario.createTopics((short) 3);
      String applicationId = scenario.instances().applicationId();
      AppInstance a = cluster.startApp(name + "-a", applicationId, scenario.topics(), scenario.partitions());
      AppInstance b = cluster.startApp(name + "-b", applicationId, scenario.topics(), scenario.partitions());
      cluster.awaitRunning(APP_START, a, b);
      scenario.awaitGroupMembers(2);
      LOG.info("{}: both instances running, in one group, {} s after the scenario started", name,
          Duration.between(started, Instant.now()).toSeconds());
      Report report;
      try (FailoverProbe probe = FailoverProbe.start(cluster.bootstrapServers(), applicationId, scenario.topics(),
          a.dashboard(), cluster.dashboardToken())) {
        InputFeeder feeder = scenario.feed(workload.records(), size.feedDuration());
        String injected = faults.inject(scenario, List.of(a, b), probe, feeder, size);
        scenario.awaitInputAcknowledged(size);
        boolean caughtUp = scenario.verifier().awaitCaughtUp(size.deadline());
        List<String> dashboard = probe.dashboardProblems();
        // docker stop (SIGTERM: commit, leave the group); a no-op for an instance the scenario killed.
        cluster.stopApps(a, b);
        Verdict verdict = scenario.finish(workload, size, injected + "; 3 brokers RF 3, 2 instances, 1 standby");
        List<String> ongoing = awaitNoOngoingTransaction(applicationId);
        report = new Report(name, size, workload.records().size(), verdict, caughtUp, probe.secondsToFirstOutput(),
            probe.peakLag(), probe.unavailableSeconds(), probe.unavailableAnswers(), probe.answers(),
            probe.emptiedAnswers(), dashboard,
            ongoing, Duration.between(started, Instant.now()));
        report.append();
      }
      return report;
    }
  }

  private static void awaitProgress(InputFeeder feeder, ScenarioSize size, double fraction) {
    await("input " + Math.round(fraction * 100) + "% produced").atMost(size.deadline())
        .pollInterval(Duration.ofMillis(100)).until(() -> feeder.progress() >= fraction);
  }

  /** The broker that coordinates most of the app's transactional ids. */
  private static int busiestCoordinator(Admin admin, String applicationId) {
    Map<Integer, Integer> counts = new HashMap<>();
    await("the app's transactional ids to be known").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
        .until(() -> {
          counts.clear();
          List<String> ids = admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
              .map(TransactionListing::transactionalId).filter(id -> id.startsWith(applicationId + "-")).toList();
          if (ids.isEmpty()) {
            return false;
          }
          for (TransactionDescription description : admin.describeTransactions(ids).all()
              .get(30, TimeUnit.SECONDS).values()) {
            counts.merge(description.coordinatorId(), 1, Integer::sum);
          }
          return true;
        });
    LOG.info("Transaction coordinators of {} (broker -> transactional ids): {}", applicationId, counts);
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  /**
   * Makes {@code broker} the leader of every partition of the topic: the same replicas, that broker first (a
   * reassignment that moves no data), then a preferred leader election. So one broker is both the input's leader and
   * the transaction coordinator, which the placement of leaders would make a matter of luck.
   */
  private static void moveInputLeadershipTo(Admin admin, String topic, int broker) {
    try {
      List<TopicPartitionInfo> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
          .get(30, TimeUnit.SECONDS).get(topic).partitions();
      Map<TopicPartition, Optional<NewPartitionReassignment>> reorder = new HashMap<>();
      for (TopicPartitionInfo partition : partitions) {
        List<Integer> replicas = new ArrayList<>(List.of(broker));
        partition.replicas().stream().map(node -> node.id()).filter(id -> id != broker).forEach(replicas::add);
        reorder.put(new TopicPartition(topic, partition.partition()),
            Optional.of(new NewPartitionReassignment(replicas)));
      }
      admin.alterPartitionReassignments(reorder).all().get(30, TimeUnit.SECONDS);
      await("kafka-" + broker + " to lead every partition of " + topic).atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500)).until(() -> {
            Set<TopicPartition> all = new HashSet<>(reorder.keySet());
            try {
              admin.electLeaders(ElectionType.PREFERRED, all).all().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
              if (!(e.getCause() instanceof ElectionNotNeededException)) {
                throw e;
              }
            }
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                .partitions().stream().allMatch(p -> p.leader() != null && p.leader().id() == broker);
          });
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Could not make kafka-" + broker + " the leader of " + topic + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted moving the leadership of " + topic, e);
    }
  }

  /**
   * The app's transactions still open (Admin listTransactions), once they had two minutes to be aborted or ended;
   * a broker that cannot list them yet (its transaction log still loading after a restart) is asked again.
   */
  private static List<String> awaitNoOngoingTransaction(String applicationId) {
    List<String> open = new ArrayList<>(List.of("(the transactions could not be listed)"));
    try (Admin admin = AdminClients.create(cluster.bootstrapServers())) {
      await("no ongoing transaction of " + applicationId).atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions().until(() -> {
            List<String> now = new ArrayList<>();
            admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.transactionalId().startsWith(applicationId + "-"))
                .filter(t -> t.state() == TransactionState.ONGOING || t.state() == TransactionState.PREPARE_COMMIT
                    || t.state() == TransactionState.PREPARE_ABORT)
                .forEach(t -> now.add(t.transactionalId() + " " + t.state()));
            open.clear();
            open.addAll(now);
            return open.isEmpty();
          });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return List.copyOf(open);
    }
    return List.of();
  }

  /** One scenario's measured result. */
  private record Report(String name, ScenarioSize size, int produced, Verdict verdict, boolean caughtUp,
      List<Double> secondsToFirstOutput, long peakLag, double unavailableSeconds, long unavailableAnswers,
      int probeAnswers, int emptiedAnswers, List<String> dashboardProblems, List<String> ongoingTransactions,
      Duration took) {

    void assertExact() {
      assertThat(verdict.problems()).as(verdict.summary()).isEmpty();
      assertThat(verdict.missingInput()).as("input records lost").isZero();
      assertThat(verdict.duplicatedInput()).as("input records duplicated").isZero();
      assertThat(dashboardProblems).as("wrong answers of the dashboard").isEmpty();
      assertThat(ongoingTransactions).as("transactions left ongoing").isEmpty();
      // The first fault lands while input flows, so output must follow it; a later one (the last broker of a rolling
      // restart) may come after the last record was processed, with no output left to follow it (-1).
      assertThat(secondsToFirstOutput).as("seconds from each fault to the first new committed output").isNotEmpty();
      assertThat(secondsToFirstOutput.get(0)).as("seconds from the first fault to new committed output")
          .isNotNegative();
    }

    void append() {
      Path file = Scenario.baseDir().resolve("cluster-failover.md");
      String row = String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %s | %d | %.1f s (%d of %d answers; "
          + "%d for emptied teams) | %s "
          + "| %d s |%n", name, size.variant(), produced, verdict.missingInput(), verdict.duplicatedInput(),
          secondsToFirstOutput.stream().map(s -> String.format(Locale.ROOT, "%.1f s", s))
              .collect(Collectors.joining(", ")),
          peakLag, unavailableSeconds, unavailableAnswers, probeAnswers, emptiedAnswers,
          verdict.summary()
              + (dashboardProblems.isEmpty() ? "" : "; dashboard: " + dashboardProblems.size() + " wrong answers, "
                  + "e.g. " + dashboardProblems.get(0))
              + (ongoingTransactions.isEmpty() ? "" : "; ongoing transactions: " + ongoingTransactions),
          took.toSeconds());
      LOG.info("Cluster failover result:\n{}", row);
      try {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
          Files.writeString(file, "| scenario | variant | records produced | lost | duplicated | fault -> first new "
              + "committed output | peak consumer lag | dashboard 503 (first to last) | verdict | duration |\n"
              + "|---|---|---|---|---|---|---|---|---|---|\n", StandardCharsets.UTF_8);
        }
        Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot append the cluster failover result to " + file, e);
      }
    }
  }
}
