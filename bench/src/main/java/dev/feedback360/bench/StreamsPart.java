package dev.feedback360.bench;

import dev.feedback360.broker.LiveFiles;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The streams app in its own JVM draining the preload: its rate, CPU, memory, state and what it wrote; then,
 * while it still runs, whatever is to be measured against the running app (the latency part).
 */
final class StreamsPart {

  /**
   * What the streams part measured.
   *
   * @param rate from RUNNING to lag 0 on every input
   * @param cpu the app's and the bench JVM's CPU per response over the drain
   * @param writes what the app wrote per topic
   * @param drainMemory the app's memory peaks over start-up and drain
   * @param overallMemory the app's memory peaks over the whole part
   * @param stateDirBytes the state directory's size after the drain
   * @param finalScores the app's last JSON record per team after the drain
   * @param latency what was measured against the running app
   */
  record Result(Figures.Rate rate, Figures.Cpu cpu, Figures.Writes writes, Figures.Memory drainMemory,
      Figures.Memory overallMemory, long stateDirBytes, Map<String, String> finalScores,
      List<Figures.Latency> latency) {}

  /** A measurement made while the drained app still runs, given its drain rate. */
  @FunctionalInterface
  interface WhileRunning {
    List<Figures.Latency> measure(Figures.Rate drain) throws InterruptedException;
  }

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CATCH_UP_POLL = Duration.ofMillis(50);

  private final String bootstrap;
  private final Admin admin;
  private final Topics topics;
  private final Progress progress;

  StreamsPart(String bootstrap, Admin admin, Topics topics, Progress progress) {
    this.bootstrap = bootstrap;
    this.admin = admin;
    this.topics = topics;
    this.progress = progress;
  }

  /**
   * What the floor part measured: {@link FloorTopology} (the app's shape, trivial processing) draining the preload
   * in its own JVM with the app's settings.
   *
   * @param rate from RUNNING to lag 0 on every input
   * @param cpu the floor's and the bench JVM's CPU per response over the drain
   * @param writes what the floor wrote per topic
   */
  record Floor(Figures.Rate rate, Figures.Cpu cpu, Figures.Writes writes) {}

  /** What one drain measured. */
  private record Drain(Figures.Rate rate, Figures.Cpu cpu, Figures.Writes writes, Figures.Memory memory,
      long stateDirBytes) {}

  Result run(BenchSettings settings, BenchData.Dataset data, Path stateDir, int cores, WhileRunning whileRunning)
      throws IOException, InterruptedException {
    progress.say("Streams app: starting it in its own JVM (-Xmx%dm) and draining...", settings.appHeapMb());
    try (StreamsAppProcess app = StreamsAppProcess.start(StreamsAppProcess.Child.APP, bootstrap,
        BenchRun.STREAMS_APPLICATION_ID, stateDir, settings.appHeapMb(), settings.scoring(),
        settings.streamsOverrides())) {
      Drain drain = drain(app, "streams app (exactly_once_v2)", BenchRun.STREAMS_APPLICATION_ID,
          TeamScoresTopology.repartitionTopic(BenchRun.STREAMS_APPLICATION_ID),
          List.of(topics.scores(), topics.scoresJson()), data, stateDir, cores, settings.timeout());
      Map<String, String> finalScores = FinalScores.latestPerKey(bootstrap, topics.scoresJson(), settings.timeout());
      List<Figures.Latency> latency = whileRunning.measure(drain.rate());
      Figures.Memory overallMemory = app.stop();
      return new Result(drain.rate(), drain.cpu(), drain.writes(), drain.memory(), overallMemory,
          drain.stateDirBytes(), finalScores, latency);
    }
  }

  /** Runs the floor ({@link FloorTopology}, {@code teams} team keys) on the preload, as {@link #run} the app. */
  Floor runFloor(BenchSettings settings, BenchData.Dataset data, Path stateDir, int cores, int teams)
      throws IOException, InterruptedException {
    progress.say("Floor (the app's shape, trivial processing): starting it in its own JVM (-Xmx%dm) and draining...",
        settings.appHeapMb());
    try (StreamsAppProcess floor = StreamsAppProcess.start(StreamsAppProcess.Child.floor(teams), bootstrap,
        BenchRun.FLOOR_APPLICATION_ID, stateDir, settings.appHeapMb(), settings.scoring(),
        settings.streamsOverrides())) {
      Drain drain = drain(floor, "floor (app's shape, trivial processing)", BenchRun.FLOOR_APPLICATION_ID,
          FloorTopology.repartitionTopic(BenchRun.FLOOR_APPLICATION_ID),
          List.of(BenchRun.FLOOR_SCORES, BenchRun.FLOOR_SCORES_JSON), data, stateDir, cores, settings.timeout());
      floor.stop();
      return new Floor(drain.rate(), drain.cpu(), drain.writes());
    }
  }

  /**
   * Times {@code app} from RUNNING to lag 0 on the preload and its repartition topic, with its CPU and the bench
   * JVM's over that interval, then counts what it wrote.
   */
  private Drain drain(StreamsAppProcess app, String label, String applicationId, String repartitionTopic,
      List<String> outputs, BenchData.Dataset data, Path stateDir, int cores, Duration timeout)
      throws IOException, InterruptedException {
    long runningAt = app.awaitRunning();
    long appCpuBefore = CpuClock.of(app.handle());
    Map<String, Long> threadsBefore = CpuClock.byThread(app.handle(), applicationId);
    long benchCpuBefore = CpuClock.self();
    long caughtUpAt = awaitCaughtUp(applicationId, List.of(topics.responses(), repartitionTopic), outputs, timeout);
    long processed = data.records().size();
    long appCpu = CpuClock.of(app.handle()) - appCpuBefore;
    Map<String, Long> threads = CpuClock.byThread(app.handle(), applicationId);
    threads.replaceAll((group, nanos) -> nanos - threadsBefore.getOrDefault(group, 0L));
    Figures.Cpu cpu = new Figures.Cpu(label, appCpu, CpuClock.self() - benchCpuBefore, processed, cores,
        threads.isEmpty() ? null : threads);
    Figures.Rate rate = new Figures.Rate(processed, data.records().stream().mapToLong(BenchData.Record::size).sum(),
        Math.max(1, caughtUpAt - runningAt) * 1_000_000L);
    Figures.Memory memory = app.memory();
    long stateDirBytes = LiveFiles.size(stateDir); // the app still runs: RocksDB may delete files meanwhile
    progress.say("%s: counting what it wrote...", label);
    Figures.Writes writes = new AppWrites(bootstrap, admin).measure(applicationId, outputs, app.sent(), processed,
        timeout);
    return new Drain(rate, cpu, writes, memory, stateDirBytes);
  }

  /** Polls the app's lag every 50 ms; returns the wall-clock time it was first seen at zero everywhere. */
  private long awaitCaughtUp(String applicationId, List<String> inputs, List<String> outputs, Duration timeout)
      throws InterruptedException {
    CatchUp catchUp = new CatchUp(admin);
    catchUp.await(applicationId, inputs, timeout, CATCH_UP_POLL);
    long caughtUpAt = System.currentTimeMillis();
    // The last transaction's output may be committed a moment after its input offsets: read only once it is.
    catchUp.awaitSettled(outputs, ADMIN_TIMEOUT);
    return caughtUpAt;
  }
}
