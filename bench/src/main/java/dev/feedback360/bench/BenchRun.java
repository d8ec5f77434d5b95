package dev.feedback360.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.AdminClients;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run: a fresh embedded broker, the preload sent by the plain producer, then each selected part on
 * the same broker and the same records, and the results.
 */
public final class BenchRun {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final String STREAMS_APPLICATION_ID = "bench-streams";
  static final String NAIVE_SCORES = "bench-naive-scores";
  static final String NAIVE_SCORES_JSON = "bench-naive-scores-json";
  /** Where the raw producer with the streams app's producer settings sends the preload a second time. */
  static final String RAW_APP_SETTINGS = "bench-raw-app-settings";
  private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CATCH_UP_POLL = Duration.ofMillis(50);

  private final BenchSettings settings;
  private final PrintWriter progress;
  private final Topics topics = Topics.defaults();

  /**
   * @param settings what to run
   * @param progress where one line per phase goes (stderr in the command)
   */
  public BenchRun(BenchSettings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Runs every selected part and returns the figures (also written to the settings' output file). */
  public BenchResults run(Path workDir) throws IOException, InterruptedException, ExecutionException {
    String startedAt = Instant.now().toString();
    double loadAtStart = loadAverage();
    say("Generating %,d responses (%d teams, %d cycles)...", settings.responses(), settings.teams(),
        settings.cycles());
    BenchData generator = new BenchData(settings.teams(), settings.cycles(), settings.responses(),
        settings.correctionRate(), settings.withdrawalRate());
    BenchData.Dataset data = generator.generate(settings.responses(), settings.correctionRate(),
        settings.withdrawalRate(), settings.seed());
    Set<BenchSettings.Part> parts = settings.parts();

    Figures.Rate rawProducer;
    Figures.Rate rawProducerAppSettings = null;
    Figures.Writes appWrites = null;
    Map<String, Object> appProducerSettings;
    Figures.Rate rawConsumer = null;
    Figures.Rate naive = null;
    Figures.Rate streams = null;
    Figures.Memory drainMemory = null;
    Figures.Memory overallMemory = null;
    Long stateDirBytes = null;
    Boolean outputsMatch = null;
    Integer teamsScored = null;
    List<Figures.Latency> latency = new ArrayList<>();
    List<Figures.Cpu> cpu = new ArrayList<>();
    int cores = Runtime.getRuntime().availableProcessors();
    Files.createDirectories(workDir);
    say("Starting a Kafka broker in %s...", workDir);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(workDir.resolve("broker")).build()
        .start();
        Admin admin = AdminClients.create(broker.bootstrapServers())) {
      String bootstrap = broker.bootstrapServers();
      createTopics(admin);
      Path stateDir = workDir.resolve("streams-state");
      appProducerSettings = StreamsAppProcess.producerSettings(StreamsAppProcess.streamsSettings(
          bootstrap, STREAMS_APPLICATION_ID, stateDir, settings.streamsOverrides()));

      say("Raw producer: sending the preload...");
      long rawCpuBefore = CpuClock.self();
      rawProducer = new RawThroughput(bootstrap).produce(topics.responses(), data.records());
      cpu.add(new Figures.Cpu("raw producer (idempotent, acks=all)", null, CpuClock.self() - rawCpuBefore,
          rawProducer.records(), cores));
      if (parts.contains(BenchSettings.Part.RAW) || parts.contains(BenchSettings.Part.STREAMS)) {
        say("Raw producer with the streams app's producer settings %s: sending the preload to %s...",
            appProducerSettings, RAW_APP_SETTINGS);
        rawProducerAppSettings = new RawThroughput(bootstrap).produce(RAW_APP_SETTINGS, data.records(),
            "bench-raw-producer-app-settings", appProducerSettings);
      }
      if (parts.contains(BenchSettings.Part.RAW)) {
        say("Raw consumer: reading it back...");
        rawConsumer = new RawThroughput(bootstrap).consume(topics.responses(), settings.timeout());
      }
      if (parts.contains(BenchSettings.Part.NAIVE)) {
        say("Naive baseline: draining...");
        long cpuBefore = CpuClock.self();
        naive = new NaiveBaseline(bootstrap).drain(topics.responses(), NAIVE_SCORES, NAIVE_SCORES_JSON,
            settings.timeout());
        cpu.add(new Figures.Cpu("naive baseline (1 thread, transactional)", null, CpuClock.self() - cpuBefore,
            naive.records(), cores));
      }
      if (parts.contains(BenchSettings.Part.STREAMS)) {
        say("Streams app: starting it in its own JVM (-Xmx%dm) and draining...", settings.appHeapMb());
        try (StreamsAppProcess app = StreamsAppProcess.start(bootstrap, STREAMS_APPLICATION_ID, stateDir,
            settings.appHeapMb(), settings.streamsOverrides())) {
          long runningAt = app.awaitRunning();
          long appCpuBefore = CpuClock.of(app.handle());
          long benchCpuBefore = CpuClock.self();
          long caughtUpAt = awaitCaughtUp(admin);
          long processed = data.records().size();
          cpu.add(new Figures.Cpu("streams app (exactly_once_v2)", CpuClock.of(app.handle()) - appCpuBefore,
              CpuClock.self() - benchCpuBefore, processed, cores));
          streams = new Figures.Rate(processed, data.records().stream().mapToLong(BenchData.Record::size).sum(),
              Math.max(1, caughtUpAt - runningAt) * 1_000_000L);
          drainMemory = app.memory();
          stateDirBytes = directorySize(stateDir);
          say("Streams app: counting what it wrote...");
          appWrites = new AppWrites(bootstrap, admin).measure(STREAMS_APPLICATION_ID,
              List.of(topics.scores(), topics.scoresJson()), app.sent(), processed, settings.timeout());
          Map<String, String> streamsOutput = latestPerKey(bootstrap, topics.scoresJson());
          teamsScored = streamsOutput.size();
          if (naive != null) {
            outputsMatch = orderIndependent(streamsOutput).equals(
                orderIndependent(latestPerKey(bootstrap, NAIVE_SCORES_JSON)));
          }
          if (parts.contains(BenchSettings.Part.LATENCY)) {
            LatencyProbe probe = new LatencyProbe(bootstrap, topics.responses(), topics.scores(), generator,
                latest(data.lastEventTime(), Instant.now()).plusSeconds(1), TopicSettings.defaults().partitions());
            for (double fraction : settings.latencyFractions()) {
              double rate = Math.max(1, fraction * streams.perSecond());
              say("Latency: offering %.0f responses/s (%.0f%% of drain) for %d s...", rate, fraction * 100,
                  settings.latencyDuration().toSeconds());
              Figures.Latency measured = probe.run(fraction, rate, settings.latencyDuration());
              if (measured.seen() < measured.sent()) {
                throw new IllegalStateException("Only " + measured.seen() + " of " + measured.sent()
                    + " latency responses reached the scores topic within a minute of the last send; the app is "
                    + "too slow at this load or has failed (see its log above)");
              }
              latency.add(measured);
            }
          }
          overallMemory = app.stop();
        }
      }
    }
    List<Figures.Jmh> jmh = List.of();
    if (parts.contains(BenchSettings.Part.JMH)) {
      say("JMH microbenchmarks...");
      jmh = JmhSuite.run(settings.jmh());
    }
    Double brokerCeiling = appWrites == null || rawProducerAppSettings == null || appWrites.recordsSent() == 0
        ? null : rawProducerAppSettings.perSecond() / appWrites.sentPerResponse();
    BenchResults results = new BenchResults(startedAt, machine(loadAtStart), settingsSummary(appProducerSettings),
        dataSummary(data), rawProducer, rawProducerAppSettings, rawConsumer, naive, streams,
        streams == null ? null : streams.perSecond() / rawProducer.perSecond(),
        streams == null || naive == null ? null : streams.perSecond() / naive.perSecond(),
        appWrites, brokerCeiling, brokerCeiling == null ? null : streams.perSecond() / brokerCeiling,
        cpu, drainMemory, overallMemory, stateDirBytes, outputsMatch, teamsScored, latency, jmh);
    results.writeJson(settings.output());
    say("Results written to %s", settings.output().toAbsolutePath());
    return results;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private void createTopics(Admin admin) {
    TopicProvisioner.ensure(admin, topics, TopicSettings.defaults(), topics.all(), ADMIN_TIMEOUT);
    TopicSettings defaults = TopicSettings.defaults();
    try {
      List<NewTopic> benchTopics = List.of(
          new NewTopic(NAIVE_SCORES, defaults.partitions(), defaults.replicationFactor()),
          new NewTopic(NAIVE_SCORES_JSON, defaults.partitions(), defaults.replicationFactor()),
          rawAppSettingsTopic(defaults));
      admin.createTopics(benchTopics).all().get(ADMIN_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      // A fresh topic's first produce requests would otherwise meet NOT_LEADER_OR_FOLLOWER retries that count
      // against the producer being timed.
      TopicProvisioner.awaitLeaders(admin, benchTopics, ADMIN_TIMEOUT);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Cannot create the naive baseline's output topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted creating the naive baseline's output topics", e);
    }
  }

  /** A second responses topic: same partitions, replication and configuration, for the second raw producer. */
  private NewTopic rawAppSettingsTopic(TopicSettings defaults) {
    NewTopic responses = TopicProvisioner.definitions(topics, defaults).stream()
        .filter(t -> t.name().equals(topics.responses())).findFirst().orElseThrow();
    return new NewTopic(RAW_APP_SETTINGS, responses.numPartitions(), responses.replicationFactor())
        .configs(responses.configs());
  }

  /** Polls the app's lag every 50 ms; returns the wall-clock time it was first seen at zero everywhere. */
  private long awaitCaughtUp(Admin admin) throws InterruptedException {
    CatchUp catchUp = new CatchUp(admin);
    List<String> inputs = List.of(topics.responses(), TeamScoresTopology.repartitionTopic(STREAMS_APPLICATION_ID));
    catchUp.await(STREAMS_APPLICATION_ID, inputs, settings.timeout(), CATCH_UP_POLL);
    long caughtUpAt = System.currentTimeMillis();
    // The last transaction's output may be committed a moment after its input offsets: read only once it is.
    catchUp.awaitSettled(List.of(topics.scores(), topics.scoresJson()), ADMIN_TIMEOUT);
    return caughtUpAt;
  }

  /** The last committed value per key of a topic (tombstones remove the key). */
  /**
   * What of each team's final record does not depend on the order in which the two consumers met the input: with
   * the publication rule (N &gt; 1) where the batches fall does, so only the keys, the rule and the live rater counts
   * are compared; with every change published (N = 1) the whole record.
   */
  private static Map<String, String> orderIndependent(Map<String, String> records) {
    if (ScoringConfig.defaults().publishesEveryChange()) {
      return records;
    }
    Map<String, String> projected = new HashMap<>();
    records.forEach((key, json) -> {
      try {
        JsonNode record = JSON.readTree(json);
        projected.put(key, String.join(",", record.get("minRaters").asText(), record.get("minChange").asText(),
            record.get("raters").toString()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Cannot read the JSON record of team " + key + ": " + e.getMessage(), e);
      }
    });
    return projected;
  }

  private Map<String, String> latestPerKey(String bootstrap, String topic) {
    Map<String, String> latest = new HashMap<>();
    new TopicScan(bootstrap, settings.timeout()).scan(topic, record -> {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      if (record.value() == null) {
        latest.remove(key);
      } else {
        latest.put(key, new String(record.value(), StandardCharsets.UTF_8));
      }
    });
    return latest;
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

  private static long directorySize(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private void say(String format, Object... args) {
    String line = String.format(java.util.Locale.ROOT, format, args);
    LOG.debug(line);
    progress.println(line);
    progress.flush();
  }
}
