package dev.feedback360.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The measured figures of a benchmark run, as plain records (serialized as they are into results.json). */
public final class Figures {

  private Figures() {}

  /**
   * Records moved in a time.
   *
   * @param records records processed
   * @param bytes key plus value bytes of those records
   * @param nanos elapsed time
   */
  public record Rate(long records, long bytes, long nanos) {

    /** Records per second. */
    @JsonProperty
    public double perSecond() {
      return nanos <= 0 ? 0 : records * 1e9 / nanos;
    }

    /** MiB per second of key plus value bytes. */
    @JsonProperty
    public double mibPerSecond() {
      return nanos <= 0 ? 0 : bytes * 1e9 / nanos / (1024.0 * 1024.0);
    }

    /** Elapsed seconds. */
    @JsonProperty
    public double seconds() {
      return nanos / 1e9;
    }
  }

  /**
   * Peak memory of the streams app process.
   *
   * @param peakHeapUsedBytes greatest heap in use among samples every 50 ms
   * @param peakRssBytes VmHWM: the resident set's high-water mark (heap, RocksDB, metaspace, threads...)
   * @param heapMaxBytes the heap limit the app ran with (-Xmx)
   */
  public record Memory(long peakHeapUsedBytes, long peakRssBytes, long heapMaxBytes) {}

  /**
   * End-to-end latency at one offered load.
   *
   * @param fractionOfDrain the offered rate as a fraction of the measured streams drain rate
   * @param offeredPerSecond responses per second the open-loop producer was scheduled to send
   * @param achievedPerSecond responses per second it actually sent
   * @param sent responses sent
   * @param seen responses whose team record became visible (read_committed)
   * @param p50Ms median, ms
   * @param p99Ms 99th percentile, ms
   * @param p999Ms 99.9th percentile, ms
   * @param maxMs worst, ms
   */
  public record Latency(double fractionOfDrain, double offeredPerSecond, double achievedPerSecond, long sent,
      long seen, double p50Ms, double p99Ms, double p999Ms, double maxMs) {}

  /**
   * One JMH result.
   *
   * @param benchmark the benchmark method
   * @param score mean time per operation
   * @param error the 99.9% confidence half-width (NaN with a single iteration)
   * @param unit unit of score and error
   */
  public record Jmh(String benchmark, double score, double error, String unit) {}

  /**
   * Where the run happened.
   *
   * @param cores available processors
   * @param memoryBytes physical memory
   * @param jvm JVM vendor, name and version
   * @param os operating system and architecture
   * @param loadAverageAtStart 1-minute load average when the run started (other work on the machine)
   * @param loadAverageAtEnd 1-minute load average when the run ended
   */
  public record Machine(int cores, long memoryBytes, String jvm, String os, double loadAverageAtStart,
      double loadAverageAtEnd) {}
}
