package dev.feedback360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.broker.LiveFiles;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.AdminClients;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of the capacity guide (docs/operations.md, "Capacity"), on demand only: state and changelog bytes
 * per response, how they grow with responses, teams and corrections, the restore time of an instance that lost
 * its state, and the drain of one against two instances. Runs with {@code -Dfeedback360.capacity=true} (skipped
 * otherwise, so CI time does not grow); {@code -Dfeedback360.capacity.responses=N} sets the base run's size
 * (default 200,000). Prints its table and writes it to {@code target/capacity/capacity.md}.
 *
 * <p>No timing thresholds: the checks are that each run drained, produced state and changelogs, and that the
 * instance restored from the changelogs reaches RUNNING; the numbers are for the guide.
 */
@EnabledIfSystemProperty(named = "feedback360.capacity", matches = "true")
class CapacityIT {

  private static final String APP_ID = "capacity";
  private static final String APP_ID_TWO = "capacity-two";
  private static final int HEAP_MB = 512;
  private static final Duration TIMEOUT = Duration.ofMinutes(30);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private final List<String> lines = new ArrayList<>();

  @Test
  void shouldMeasureStateChangelogsRestoreAndInstancesForTheCapacityGuide() throws Exception {
    int base = Integer.getInteger("feedback360.capacity.responses", 200_000);
    int half = base / 2;
    int teams = Math.max(2, base / 500);
    say("# capacity run %s, %d cores, load average %.2f at start", Instant.now(),
        Runtime.getRuntime().availableProcessors(), load());

    Variant full = run("base", base, teams, 0.10, true);
    Variant halfResponses = run("half responses, half teams", half, teams / 2, 0.10, false);
    Variant halfTwiceTeams = run("half responses, same teams", half, teams, 0.10, false);
    // Same first submissions (same keys) as halfResponses, three times the corrections.
    int originals = half - (int) Math.round(half * 0.10) - (int) Math.round(half * 0.01);
    int withTripleCorrections = (int) Math.round(originals / (1 - 0.30 - 0.01));
    Variant tripleCorrections = run("half responses, 3x corrections", withTripleCorrections, teams / 2, 0.30, false);

    for (Variant v : List.of(full, halfResponses, halfTwiceTeams, tripleCorrections)) {
      assertThat(v.stateBytes()).as(v.name()).isPositive();
      assertThat(v.topicBytes()).as(v.name()).containsKeys(APP_ID + "-latest-responses-changelog",
          APP_ID + "-team-aggregates-changelog");
    }
    assertThat(tripleCorrections.originals()).isEqualTo(halfResponses.originals());
    Path report = Path.of("target", "capacity", "capacity.md");
    Files.createDirectories(report.getParent());
    Files.write(report, lines);
  }

  /** The figures of one preload. */
  record Variant(String name, int records, int originals, long stateBytes, Map<String, Long> topicBytes) {}

  private Variant run(String name, int responses, int teams, double corrections, boolean full) throws Exception {
    BenchData generator = new BenchData(teams, 3, responses, corrections, 0.01);
    BenchData.Dataset data = generator.generate(responses, corrections, 0.01, 360L);
    say("");
    say("## %s: %,d records (%,d first submissions, %,d corrections, %,d withdrawals), %d teams x 3 cycles, "
        + "%d team-cycles", name, data.records().size(), data.originals(), data.corrections(), data.withdrawals(),
        teams, data.teamCycles());
    Path work = dir.resolve(name.replaceAll("[^a-z0-9]+", "-"));
    Topics topics = Topics.defaults();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(work.resolve("broker")).build().start();
        Admin admin = AdminClients.create(broker.bootstrapServers())) {
      String bootstrap = broker.bootstrapServers();
      TopicProvisioner.ensure(admin, topics, TopicSettings.defaults(), topics.all(), ADMIN_TIMEOUT);
      new RawThroughput(bootstrap).produce(topics.responses(), data.records());

      Path state = work.resolve("state-a");
      Drain one = drain(bootstrap, admin, topics, APP_ID, List.of(state), data.records().size());
      say("drain, 1 instance: %.1f s wall (load %.2f -> %.2f), CPU app %.1f s + broker/test JVM %.1f s = "
          + "%.1f us per record", one.seconds(), one.loadBefore(), one.loadAfter(), one.appCpuSeconds(),
          one.selfCpuSeconds(), one.cpuMicrosPerRecord());
      long stateBytes = size(state);
      say("state directory after a clean close (memtables flushed, no manual compaction): %,d bytes, %.1f per "
          + "record", stateBytes, (double) stateBytes / data.records().size());
      storeSizes(state).forEach((store, bytes) -> say("  store %s: %,d bytes", store, bytes));
      Map<String, Long> topicBytes = topicBytes(admin);
      topicBytes.forEach((topic, bytes) -> say("  topic %s: %,d bytes on the broker, %.1f per record", topic, bytes,
          (double) bytes / data.records().size()));

      if (full) {
        restore(bootstrap, state);
        Drain two = drain(bootstrap, admin, topics, APP_ID_TWO, List.of(work.resolve("state-b1"),
            work.resolve("state-b2")), data.records().size());
        say("drain, 2 instances (application id %s, same preload): %.1f s wall (load %.2f -> %.2f), CPU apps "
            + "%.1f s + broker/test JVM %.1f s = %.1f us per record", APP_ID_TWO, two.seconds(), two.loadBefore(),
            two.loadAfter(), two.appCpuSeconds(), two.selfCpuSeconds(), two.cpuMicrosPerRecord());
      }
      return new Variant(name, data.records().size(), data.originals(), stateBytes, topicBytes);
    }
  }

  /** What one drain took. */
  record Drain(double seconds, double appCpuSeconds, double selfCpuSeconds, long records, double loadBefore,
      double loadAfter) {
    double cpuMicrosPerRecord() {
      return (appCpuSeconds + selfCpuSeconds) * 1e6 / records;
    }
  }

  /** Starts one instance per state directory, all with {@code appId}, times from the first RUNNING to lag 0. */
  private Drain drain(String bootstrap, Admin admin, Topics topics, String appId, List<Path> states, long records)
      throws Exception {
    double loadBefore = load();
    List<StreamsAppProcess> apps = new ArrayList<>();
    try {
      for (Path state : states) {
        apps.add(StreamsAppProcess.start(bootstrap, appId, state, HEAP_MB, Map.of()));
      }
      // From the first instance's RUNNING (the others join it, a rebalance, while it already drains); each app's
      // CPU from its own RUNNING.
      long running = Long.MAX_VALUE;
      long appCpu = 0;
      long selfCpu = -CpuClock.self();
      for (StreamsAppProcess app : apps) {
        running = Math.min(running, app.awaitRunning());
        appCpu -= CpuClock.of(app.handle());
      }
      CatchUp catchUp = new CatchUp(admin);
      catchUp.await(appId, List.of(topics.responses(), TeamScoresTopology.repartitionTopic(appId)), TIMEOUT,
          Duration.ofMillis(100));
      long caughtUp = System.currentTimeMillis();
      for (StreamsAppProcess app : apps) {
        appCpu += CpuClock.of(app.handle());
      }
      selfCpu += CpuClock.self();
      catchUp.awaitSettled(List.of(topics.scores(), topics.scoresJson()), ADMIN_TIMEOUT);
      for (StreamsAppProcess app : apps) {
        app.stop();
      }
      return new Drain((caughtUp - running) / 1000.0, appCpu / 1e9, selfCpu / 1e9, records, loadBefore, load());
    } finally {
      apps.forEach(StreamsAppProcess::close);
    }
  }

  /**
   * Restarts the drained app twice on one instance: with its state directory (checkpoints present: nothing to
   * restore), then with it deleted (every store restored from its changelog); start to RUNNING each time.
   */
  private void restore(String bootstrap, Path state) throws Exception {
    for (boolean deleted : new boolean[] {false, true}) {
      if (deleted) {
        Utils.delete(state.toFile());
      }
      double loadBefore = load();
      long start = System.currentTimeMillis();
      try (StreamsAppProcess app = StreamsAppProcess.start(bootstrap, APP_ID, state, HEAP_MB, Map.of())) {
        long running = app.awaitRunning();
        double cpu = CpuClock.of(app.handle()) / 1e9;
        app.stop();
        say("restart %s: start to RUNNING %.1f s (load %.2f -> %.2f), app CPU %.1f s; state afterwards %,d bytes",
            deleted ? "with the state directory deleted (restore from changelogs)" : "with the state directory kept",
            (running - start) / 1000.0, loadBefore, load(), cpu, size(state));
      }
    }
  }

  /** Bytes per RocksDB store directory (summed over tasks) under the app's state directory. */
  private static Map<String, Long> storeSizes(Path state) throws IOException {
    Map<String, Long> sizes = new TreeMap<>();
    for (Path file : LiveFiles.regularFiles(state)) {
      Path relative = state.relativize(file);
      String store = "(other: checkpoints, locks, metadata)";
      for (int i = 0; i + 1 < relative.getNameCount(); i++) {
        if (relative.getName(i).toString().equals("rocksdb")) {
          store = relative.getName(i + 1).toString();
        }
      }
      sizes.merge(store, file.toFile().length(), Long::sum);
    }
    return sizes;
  }

  /** Bytes of each topic's replicas on the broker's log dirs (Admin describeLogDirs), internal topics left out. */
  private static Map<String, Long> topicBytes(Admin admin) throws Exception {
    List<Integer> brokers = admin.describeCluster().nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .stream().map(Node::id).toList();
    Map<String, Long> bytes = new TreeMap<>();
    for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions()
        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
      for (LogDirDescription dir : dirs.values()) {
        for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
          String topic = replica.getKey().topic();
          if (!topic.startsWith("__")) {
            bytes.merge(topic, replica.getValue().size(), Long::sum);
          }
        }
      }
    }
    return bytes;
  }

  private static long size(Path dir) throws IOException {
    return Files.exists(dir) ? LiveFiles.size(dir) : 0;
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private void say(String format, Object... args) {
    String line = String.format(format, args);
    lines.add(line);
    System.out.println(line);
    System.out.flush();
  }
}
