package dev.feedback360.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.topics.AdminClients;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One benchmark run: a fresh embedded broker, the preload sent by the plain producer, then each selected part on
 * the same broker and the same records, and the results. This class is the order of the parts; each part is a
 * class of its own returning what it measured ({@link RawPart}, {@link NaivePart}, {@link StreamsPart} with
 * {@link LatencyPart} run against the app it started, and the floor ({@link FloorTopology}) it runs the same way,
 * {@link ReplayPart}, {@link PeerPart}, {@link JmhSuite}).
 */
public final class BenchRun {

  static final String STREAMS_APPLICATION_ID = "bench-streams";
  static final String NAIVE_SCORES = "bench-naive-scores";
  static final String NAIVE_SCORES_JSON = "bench-naive-scores-json";
  /** The floor part's application id and outputs (topics of the same settings as the app's outputs). */
  static final String FLOOR_APPLICATION_ID = "bench-floor";
  static final String FLOOR_SCORES = "bench-floor-scores";
  static final String FLOOR_SCORES_JSON = "bench-floor-scores-json";
  /** Where the raw producer with the streams app's producer settings sends the preload a second time. */
  static final String RAW_APP_SETTINGS = "bench-raw-app-settings";
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final BenchSettings settings;
  private final Progress progress;
  private final Topics topics = Topics.defaults();

  /**
   * @param settings what to run
   * @param progress where one line per phase goes (stderr in the command)
   */
  public BenchRun(BenchSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = new Progress(progress);
  }

  /** Runs every selected part and returns the figures (also written to the settings' output file). */
  public BenchResults run(Path workDir) throws IOException, InterruptedException, ExecutionException {
    String startedAt = Instant.now().toString();
    double loadAtStart = loadAverage();
    progress.say("Generating %,d responses (%d teams, %d cycles)...", settings.responses(), settings.teams(),
        settings.cycles());
    BenchData generator = new BenchData(settings.teams(), settings.cycles(), settings.responses(),
        settings.correctionRate(), settings.withdrawalRate());
    BenchData.Dataset data = generator.generate(settings.responses(), settings.correctionRate(),
        settings.withdrawalRate(), settings.seed());
    Set<BenchSettings.Part> parts = settings.parts();
    int cores = Runtime.getRuntime().availableProcessors();
    Files.createDirectories(workDir);
    progress.say("Starting a Kafka broker in %s...", workDir);
    Map<String, Object> appProducerSettings;
    RawPart.Result raw;
    Optional<NaivePart.Result> naive = Optional.empty();
    Optional<StreamsPart.Result> streams = Optional.empty();
    Optional<StreamsPart.Floor> floor = Optional.empty();
    Optional<ReplayPart.Result> replay = Optional.empty();
    Optional<PeerPart.Result> peer = Optional.empty();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(workDir.resolve("broker")).build()
        .start();
        Admin admin = AdminClients.create(broker.bootstrapServers())) {
      String bootstrap = broker.bootstrapServers();
      createTopics(admin);
      Path stateDir = workDir.resolve("streams-state");
      appProducerSettings = StreamsAppProcess.producerSettings(StreamsAppProcess.streamsSettings(
          bootstrap, STREAMS_APPLICATION_ID, stateDir, settings.scoring(), settings.streamsOverrides()));

      raw = new RawPart(bootstrap, progress).run(topics.responses(), data, appProducerSettings,
          parts.contains(BenchSettings.Part.RAW) || parts.contains(BenchSettings.Part.STREAMS),
          parts.contains(BenchSettings.Part.RAW), settings.timeout(), cores);
      if (parts.contains(BenchSettings.Part.NAIVE)) {
        naive = Optional.of(
            new NaivePart(bootstrap, progress, appProducerSettings).run(topics.responses(), settings.scoring(),
                settings.timeout(), cores));
      }
      // Before the streams part, whose latency probe adds responses: the floor drains the preload alone, as the app.
      if (parts.contains(BenchSettings.Part.FLOOR)) {
        floor = Optional.of(new StreamsPart(bootstrap, admin, topics, progress).runFloor(settings, data,
            workDir.resolve("floor-state"), cores, data.teamCycles()));
      }
      // Before the streams part: its latency probe adds responses to the topic, and the replay must read the
      // preload alone to be compared with the naive baseline.
      if (parts.contains(BenchSettings.Part.REPLAY)) {
        replay = Optional.of(new ReplayPart(bootstrap, progress).run(topics.responses(), settings.scoring(),
            settings.appHeapMb(), settings.timeout(), cores));
      }
      // Before the streams part too, for the same reason: the export must read the preload alone.
      if (parts.contains(BenchSettings.Part.PEER)) {
        peer = Optional.of(new PeerPart(bootstrap, progress).run(topics.responses(), workDir, settings.timeout(),
            cores));
      }
      if (parts.contains(BenchSettings.Part.STREAMS)) {
        LatencyPart latency = new LatencyPart(bootstrap, topics, progress);
        boolean withLatency = parts.contains(BenchSettings.Part.LATENCY);
        streams = Optional.of(new StreamsPart(bootstrap, admin, topics, progress).run(settings, data, stateDir, cores,
            drain -> withLatency ? latency.run(generator, data.lastEventTime(), drain, settings.latencyFractions(),
                settings.latencyDuration()) : List.of()));
      }

    }
    List<Figures.Jmh> jmh = List.of();
    if (parts.contains(BenchSettings.Part.JMH)) {
      progress.say("JMH microbenchmarks...");
      jmh = JmhSuite.run(settings.jmh());
    }
    BenchResults results = BenchResults.of(startedAt, machine(loadAtStart), settingsSummary(appProducerSettings),
        dataSummary(data), raw, naive, streams, floor, replay, peer, jmh, settings.scoring());
    results.writeJson(settings.output());
    progress.say("Results written to %s", settings.output().toAbsolutePath());
    return results;
  }

  private void createTopics(Admin admin) {
    TopicProvisioner.ensure(admin, topics, TopicSettings.defaults(), topics.all(), ADMIN_TIMEOUT);
    TopicSettings defaults = TopicSettings.defaults();
    try {
      List<NewTopic> benchTopics = List.of(
          new NewTopic(NAIVE_SCORES, defaults.partitions(), defaults.replicationFactor()),
          new NewTopic(NAIVE_SCORES_JSON, defaults.partitions(), defaults.replicationFactor()),
          like(topics.responses(), RAW_APP_SETTINGS, defaults), like(topics.scores(), FLOOR_SCORES, defaults),
          like(topics.scoresJson(), FLOOR_SCORES_JSON, defaults));
      admin.createTopics(benchTopics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      // A fresh topic's first produce requests would otherwise meet NOT_LEADER_OR_FOLLOWER retries that count
      // against the producer being timed.
      TopicProvisioner.awaitLeaders(admin, benchTopics, ADMIN_TIMEOUT);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot create the bench's own topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted creating the bench's own topics", e);
    }
  }

  /**
   * A topic called {@code name} with the partitions, replication and configuration of the app's topic {@code model}:
   * a second responses topic for the second raw producer, the floor's outputs.
   */
  private NewTopic like(String model, String name, TopicSettings defaults) {
    NewTopic definition = TopicProvisioner.definitions(topics, defaults).stream()
        .filter(t -> t.name().equals(model)).findFirst().orElseThrow();
    return new NewTopic(name, definition.numPartitions(), definition.replicationFactor())
        .configs(definition.configs());
  }

  private Map<String, Object> settingsSummary(Map<String, Object> appProducerSettings) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("responses", settings.responses());
    summary.put("teams", settings.teams());
    summary.put("cycles", settings.cycles());
    summary.put("correctionRate", settings.correctionRate());
    summary.put("withdrawalRate", settings.withdrawalRate());
    summary.put("seed", settings.seed());
    summary.put("parts", settings.parts().stream().map(Enum::name).sorted().toList());
    summary.put("latencyFractions", settings.latencyFractions());
    summary.put("latencySeconds", settings.latencyDuration().toSeconds());
    summary.put("appHeapMb", settings.appHeapMb());
    summary.put("streamsOverrides", settings.streamsOverrides());
    summary.put("minRaters", settings.scoring().minRaters());
    summary.put("minChange", settings.scoring().minChange());
    summary.put("appProducerSettings", appProducerSettings);
    summary.put("partitions", TopicSettings.defaults().partitions());
    return summary;
  }

  private static Map<String, Object> dataSummary(BenchData.Dataset data) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("records", data.records().size());
    summary.put("originals", data.originals());
    summary.put("corrections", data.corrections());
    summary.put("withdrawals", data.withdrawals());
    summary.put("teamCycles", data.teamCycles());
    summary.put("meanRecordBytes", data.meanRecordBytes());
    return summary;
  }

  private static Figures.Machine machine(double loadAtStart) {
    long memory = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getTotalMemorySize() : -1;
    return new Figures.Machine(Runtime.getRuntime().availableProcessors(), memory,
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
            + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        loadAtStart, loadAverage());
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

}
