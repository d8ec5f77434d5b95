package dev.feedback360.bench;

import dev.feedback360.streams.scoring.ScoringConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one benchmark run does, validated once.
 *
 * @param responses N, the records preloaded (first submissions, corrections and withdrawals)
 * @param teams teams (each with about 150 live responses per cycle at the default N)
 * @param cycles survey cycles
 * @param correctionRate share of N that are corrections
 * @param withdrawalRate share of N that are withdrawals
 * @param seed data seed
 * @param parts which parts run (the preload, which is the raw producer figure, always runs)
 * @param latencyFractions offered loads of the latency probe, as fractions of the measured streams drain rate
 * @param latencyDuration how long each latency load is offered
 * @param appHeapMb the streams app's -Xmx
 * @param streamsOverrides Kafka Streams properties applied on top of the app's own settings
 * @param scoring the publication rule of the app, the naive baseline and the fast replay (the app's default: k = N =
 *     3; {@code --min-change 1} publishes every change)
 * @param jmh JMH run settings
 * @param output where results.json goes
 * @param timeout the longest any one phase may take
 */
public record BenchSettings(int responses, int teams, int cycles, double correctionRate, double withdrawalRate,
    long seed, Set<Part> parts, List<Double> latencyFractions, Duration latencyDuration, int appHeapMb,
    Map<String, String> streamsOverrides, ScoringConfig scoring, JmhSettings jmh, Path output, Duration timeout) {

  /** The parts of a run. */
  public enum Part {
    /** The plain consumer reading the preload back (the plain producer always runs: it is the preload). */
    RAW,
    /** The one-thread consumer/transactional-producer loop. */
    NAIVE,
    /** The streams app draining the preload, and its memory. */
    STREAMS,
    /**
     * The app's shape with trivial processing ({@link FloorTopology}) draining the preload with the app's settings:
     * what Kafka Streams, RocksDB, exactly-once and the broker cost by themselves, a floor for the app.
     */
    FLOOR,
    /** End-to-end latency of the streams app under open-loop load (needs STREAMS). */
    LATENCY,
    /** The JMH microbenchmarks. */
    JMH,
    /** The analysts' fast replay ({@code replay --mode fast}) of the preload, in its own JVM. */
    REPLAY,
    /**
     * The analyst's alternative on the same preload: {@code export --raw} to a file, the team scores by DuckDB SQL,
     * timed end to end, checked against a fast replay with every change published.
     */
    PEER
  }

  /**
   * How JMH runs.
   *
   * @param forks forked JVMs per benchmark (0 runs in this JVM: quick, less trustworthy)
   * @param warmupIterations warm-up iterations
   * @param iterations measured iterations
   * @param iterationTime length of each iteration
   */
  public record JmhSettings(int forks, int warmupIterations, int iterations, Duration iterationTime) {

    public JmhSettings {
      if (forks < 0 || warmupIterations < 0 || iterations < 1) {
        throw new IllegalArgumentException("JMH needs forks >= 0, warm-up iterations >= 0 and iterations >= 1");
      }
      Objects.requireNonNull(iterationTime, "iterationTime");
    }
  }

  public BenchSettings {
    if (responses < 100) {
      throw new IllegalArgumentException("--responses must be at least 100, got " + responses);
    }
    if (teams < 2 || cycles < 1) {
      throw new IllegalArgumentException("--teams must be at least 2 and --cycles at least 1");
    }
    if (correctionRate < 0 || withdrawalRate < 0 || correctionRate + withdrawalRate > 0.5) {
      throw new IllegalArgumentException("Corrections and withdrawals must be non-negative and together at most "
          + "half of the responses");
    }
    parts = Set.copyOf(parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts));
    if (parts.contains(Part.LATENCY) && !parts.contains(Part.STREAMS)) {
      throw new IllegalArgumentException("The latency part needs the streams part (its rate is a fraction of the "
          + "measured streams drain rate)");
    }
    latencyFractions = List.copyOf(latencyFractions);
    for (double f : latencyFractions) {
      if (!(f > 0 && f <= 1.5)) {
        throw new IllegalArgumentException("Latency fractions must be in (0, 1.5], got " + f);
      }
    }
    if (appHeapMb < 64) {
      throw new IllegalArgumentException("--app-heap-mb must be at least 64");
    }
    streamsOverrides = Map.copyOf(streamsOverrides);
    Objects.requireNonNull(scoring, "scoring");
    Objects.requireNonNull(jmh, "jmh");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(latencyDuration, "latencyDuration");
  }
}
