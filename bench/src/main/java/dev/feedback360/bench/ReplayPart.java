package dev.feedback360.bench;

import dev.feedback360.streams.replay.FastReplay;
import dev.feedback360.streams.replay.ReplayListener;
import dev.feedback360.streams.replay.ReplayRequest;
import dev.feedback360.streams.replay.ReplaySummary;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.topics.TopicSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The analyst's fast replay ({@code replay --mode fast}) of the preload, in a JVM of its own with the app's -Xmx, so
 * that its heap is its own: from start to its one committed transaction, the rate counting input records.
 */
final class ReplayPart {

  /** Where the replay writes. */
  static final String OUTPUT = "bench-replay-scores";

  /**
   * @param rate input records over the replay's wall-clock time, start-up of its clients included
   * @param cpu the child JVM's CPU (app column) and the bench JVM's (the broker) per response
   * @param memory the child's peak heap, VmHWM and -Xmx
   * @param finalScores its final JSON record per team
   */
  record Result(Figures.Rate rate, Figures.Cpu cpu, Figures.Memory memory, Map<String, String> finalScores) {}

  private final String bootstrap;
  private final Progress progress;

  ReplayPart(String bootstrap, Progress progress) {
    this.bootstrap = bootstrap;
    this.progress = progress;
  }

  Result run(String responsesTopic, ScoringConfig scoring, int heapMb, Duration timeout, int cores) throws IOException,
      InterruptedException {
    progress.say("Fast replay of the preload (its own JVM, -Xmx%dm)...", heapMb);
    List<String> command = ChildJvm.command(heapMb, ReplayChild.class, List.of(bootstrap, responsesTopic, OUTPUT,
        Long.toString(timeout.toSeconds()), StreamsAppProcess.rule(scoring)));
    long benchCpuBefore = CpuClock.self();
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String[] done = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(StreamsAppProcess.PREFIX + "REPLAYED ")) {
          done = line.substring(StreamsAppProcess.PREFIX.length()).split(" ");
        }
      }
    }
    int exit = process.waitFor();
    long benchCpu = CpuClock.self() - benchCpuBefore;
    if (exit != 0 || done == null) {
      throw new IllegalStateException("The fast replay's JVM exited with " + exit + " without reporting a result; "
          + "its stderr is above");
    }
    long read = Long.parseLong(done[1]);
    Figures.Rate rate = new Figures.Rate(read, 0, Long.parseLong(done[2]));
    Figures.Cpu cpu = new Figures.Cpu("fast replay (pipelined, 1 transaction)", Long.parseLong(done[3]), benchCpu,
        read, cores);
    Figures.Memory memory = new Figures.Memory(Long.parseLong(done[4]), Long.parseLong(done[5]),
        Long.parseLong(done[6]));
    return new Result(rate, cpu, memory, FinalScores.latestPerKey(bootstrap, OUTPUT + ReplayRequest.JSON_SUFFIX,
        timeout));
  }

  /** The child side: runs the fast replay and reports {@code REPLAYED <read> <nanos> <cpu nanos> <memory>}. */
  public static final class ReplayChild {

    private ReplayChild() {}

    /**
     * Entry point of the child JVM.
     *
     * @param args bootstrap servers, responses topic, output topic, timeout in seconds
     */
    public static void main(String[] args) {
      PrintStream stdout = System.out;
      ChildMemory memory = ChildMemory.sampled();
      ReplayRequest request = new ReplayRequest(args[0], args[1], args[2], Set.of(), InputScope.ALL,
          StreamsAppProcess.rule(args[4]), TopicSettings.defaults(), null, false,
          Duration.ofSeconds(Long.parseLong(args[3])));
      long cpuBefore = CpuClock.self();
      long start = System.nanoTime();
      ReplaySummary summary = new FastReplay(request, ReplayListener.silent()).run();
      long nanos = System.nanoTime() - start;
      long cpu = CpuClock.self() - cpuBefore;
      stdout.println(StreamsAppProcess.PREFIX + "REPLAYED " + summary.responsesRead() + " " + nanos + " " + cpu + " "
          + memory.figures());
      stdout.flush();
    }
  }
}
