package dev.feedback360.bench;

import dev.feedback360.broker.LiveFiles;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
   * @param warmCpu the same over the drain's second half ({@link #drain}), null when the drain was over before the
   *     half could be seen
   * @param writes what the app wrote per topic
   * @param drainMemory the app's memory peaks over start-up and drain
   * @param overallMemory the app's memory peaks over the whole part
   * @param stateDirBytes the state directory's size after the drain
   * @param finalScores the app's last JSON record per team after the drain
   * @param latency what was measured against the running app
   */
  record Result(Figures.Rate rate, Figures.Cpu cpu, Figures.Cpu warmCpu, Figures.Writes writes,
      Figures.Memory drainMemory, Figures.Memory overallMemory, long stateDirBytes, Map<String, String> finalScores,
      List<Figures.Latency> latency) {}

  /** A measurement made while the drained app still runs, given its drain rate. */
  @FunctionalInterface
  interface WhileRunning {
    List<Figures.Latency> measure(Figures.Rate drain) throws InterruptedException;
  }

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CATCH_UP_POLL = Duration.ofMillis(50);
  /** Appended to a drain's label for its second half. */
  static final String WARM_SUFFIX = ", second half";

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
   * @param warmCpu the same over the drain's second half, null when the drain was over before the half could be seen
   * @param writes what the floor wrote per topic
   */
  record Floor(Figures.Rate rate, Figures.Cpu cpu, Figures.Cpu warmCpu, Figures.Writes writes) {}

  /** What one drain measured. */
  private record Drain(Figures.Rate rate, Figures.Cpu cpu, Figures.Cpu warmCpu, Figures.Writes writes,
      Figures.Memory memory, long stateDirBytes) {}

  /** CPU times read at one moment of a drain: the app JVM's, by its threads, and the bench JVM's. */
  private record CpuSnapshot(long app, Map<String, Long> appThreads, long bench) {

    static CpuSnapshot take(StreamsAppProcess app, String applicationId) {
      return new CpuSnapshot(CpuClock.of(app.handle()), CpuClock.byThread(app.handle(), applicationId),
          CpuClock.self());
    }

    /** What was spent between {@code since} and this snapshot, per response of {@code responses}. */
    Figures.Cpu since(CpuSnapshot since, String label, long responses, int cores) {
      Map<String, Long> threads = new LinkedHashMap<>(appThreads);
      threads.replaceAll((group, nanos) -> nanos - since.appThreads().getOrDefault(group, 0L));
      return new Figures.Cpu(label, app - since.app(), bench - since.bench(), responses, cores,
          threads.isEmpty() ? null : threads);
    }
  }

  /** The moment the drain's second half began: the CPU times then, and the input records still to process. */
  private record Half(CpuSnapshot cpu, long remaining) {}

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
      return new Result(drain.rate(), drain.cpu(), drain.warmCpu(), drain.writes(), drain.memory(), overallMemory,
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
      return new Floor(drain.rate(), drain.cpu(), drain.warmCpu(), drain.writes());
    }
  }

  /**
   * Times {@code app} from RUNNING to lag 0 on the preload and its repartition topic, with its CPU and the bench
   * JVM's over that interval and over the drain's second half, then counts what it wrote.
   *
   * <p>The second half begins at the first poll that finds at most half of the preload still to be committed, and
   * counts the responses left then: a JVM that has compiled its hot code by then (the JIT's threads are most of a
   * fresh JVM's first half minute), so its CPU per response is what a long-running app pays. Committed offsets move
   * with each commit (every 100 ms), so the count is exact for what was committed; records processed but not yet
   * committed at that poll count in the second half, whose CPU included them only in part (a hundred milliseconds'
   * worth of a drain of a minute).
   */
  private Drain drain(StreamsAppProcess app, String label, String applicationId, String repartitionTopic,
      List<String> outputs, BenchData.Dataset data, Path stateDir, int cores, Duration timeout)
      throws IOException, InterruptedException {
    long runningAt = app.awaitRunning();
    CpuSnapshot start = CpuSnapshot.take(app, applicationId);
    long processed = data.records().size();
    Half half = awaitHalf(app, applicationId, processed, timeout);
    long caughtUpAt = awaitCaughtUp(applicationId, List.of(topics.responses(), repartitionTopic), outputs, timeout);
    CpuSnapshot end = CpuSnapshot.take(app, applicationId);
    Figures.Cpu cpu = end.since(start, label, processed, cores);
    Figures.Cpu warmCpu = half == null ? null
        : end.since(half.cpu(), label + WARM_SUFFIX, half.remaining(), cores);
    Figures.Rate rate = new Figures.Rate(processed, data.records().stream().mapToLong(BenchData.Record::size).sum(),
        Math.max(1, caughtUpAt - runningAt) * 1_000_000L);
    Figures.Memory memory = app.memory();
    long stateDirBytes = LiveFiles.size(stateDir); // the app still runs: RocksDB may delete files meanwhile
    progress.say("%s: counting what it wrote...", label);
    Figures.Writes writes = new AppWrites(bootstrap, admin).measure(applicationId, outputs, app.sent(), processed,
        timeout);
    return new Drain(rate, cpu, warmCpu, writes, memory, stateDirBytes);
  }

  /**
   * Waits (polling every 50 ms) until at most half of the preload's {@code responses} records are still to be
   * committed; the CPU times then and the records left. A small drain can commit its whole second half between two
   * polls (commits come every 100 ms): then the last poll that still saw records left, however many; null only when
   * the first poll finds the drain over.
   *
   * @throws IllegalStateException when the deadline passes first
   */
  private Half awaitHalf(StreamsAppProcess app, String applicationId, long responses, Duration timeout)
      throws InterruptedException {
    CatchUp catchUp = new CatchUp(admin);
    long deadline = System.nanoTime() + timeout.toNanos();
    Half busy = null;
    while (true) {
      long remaining = catchUp.lag(applicationId, List.of(topics.responses()), timeout).values().stream()
          .mapToLong(Long::longValue).sum();
      if (remaining == 0) {
        return busy;
      }
      busy = new Half(CpuSnapshot.take(app, applicationId), remaining);
      if (remaining <= responses / 2) {
        return busy;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Application " + applicationId + " still had " + remaining + " of "
            + responses + " preload records to commit after " + timeout.toSeconds() + " s");
      }
      Thread.sleep(CATCH_UP_POLL.toMillis());
    }
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
