package dev.feedback360.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
   * CPU time the machine spent on one part of the run, per response: what bounds throughput on a machine whose
   * cores are all busy.
   *
   * @param part the part measured
   * @param appCpuNanos CPU time of the streams app's own JVM (null for parts that run inside the bench JVM)
   * @param benchCpuNanos CPU time of the bench JVM over the same interval: the in-process broker, plus the raw
   *     producer's or the naive baseline's client threads, or the peer's export and DuckDB, for those parts (the
   *     bench only polls lag meanwhile during the streams drain)
   * @param responses responses processed in the interval
   * @param cores cores of the machine
   * @param appThreadCpuNanos the app JVM's CPU time by group of its threads ({@link CpuClock#THREAD_GROUPS}), where
   *     the machine tells it (Linux); else null
   */
  public record Cpu(String part, Long appCpuNanos, long benchCpuNanos, long responses, int cores,
      Map<String, Long> appThreadCpuNanos) {

    /** A part without a breakdown of the app JVM's CPU by thread. */
    public Cpu(String part, Long appCpuNanos, long benchCpuNanos, long responses, int cores) {
      this(part, appCpuNanos, benchCpuNanos, responses, cores, null);
    }

    /** The app JVM's microseconds per response by group of its threads (null without a breakdown). */
    @JsonProperty
    public Map<String, Double> appThreadMicrosPerResponse() {
      if (appThreadCpuNanos == null) {
        return null;
      }
      Map<String, Double> micros = new LinkedHashMap<>();
      appThreadCpuNanos.forEach((group, nanos) -> micros.put(group, nanos / 1e3 / responses));
      return micros;
    }

    /** App JVM microseconds per response (null if the part has no app JVM). */
    @JsonProperty
    public Double appMicrosPerResponse() {
      return appCpuNanos == null ? null : appCpuNanos / 1e3 / responses;
    }

    /** Bench JVM (broker and in-process clients) microseconds per response. */
    @JsonProperty
    public double benchMicrosPerResponse() {
      return benchCpuNanos / 1e3 / responses;
    }

    /** Both together. */
    @JsonProperty
    public double totalMicrosPerResponse() {
      return benchMicrosPerResponse() + (appCpuNanos == null ? 0 : appMicrosPerResponse());
    }

    /**
     * Responses per second this part could reach if it had every core of the machine to itself at the same cost
     * per response: cores / CPU per response.
     */
    @JsonProperty
    public double cpuCeilingPerSecond() {
      return cores * 1e6 / totalMicrosPerResponse();
    }
  }

  /**
   * What the streams app wrote to one topic while draining N responses.
   *
   * @param topic a changelog, repartition or output topic of the app
   * @param recordsSent records the app's producers appended to the topic (their per-topic metrics: records sent less
   *     retried and failed ones): exact, whatever happened to the topic afterwards
   * @param recordsRetried records the producers had to send again after a retriable error (not in recordsSent)
   * @param batchBytesSent bytes of the compressed batches the producers sent (what the broker stores), retried
   *     batches once per attempt
   * @param recordsRead data records (tombstones included) a read_committed consumer found in the topic from its
   *     beginning to its end offsets after the drain: fewer than sent where the log cleaner has already compacted
   *     closed segments of a compacted topic, or the app has purged repartition records it had consumed
   * @param bytesRead key plus value bytes of the records read
   * @param responses N, the input records of the drain
   */
  public record TopicWrites(String topic, long recordsSent, long recordsRetried, long batchBytesSent,
      long recordsRead, long bytesRead, long responses) {

    /** Records sent per response. */
    @JsonProperty
    public double sentPerResponse() {
      return (double) recordsSent / responses;
    }

    /** Records read back per response (a lower bound of what was written unless {@link #complete()}). */
    @JsonProperty
    public double readPerResponse() {
      return (double) recordsRead / responses;
    }

    /** Key plus value bytes read back per response (a lower bound unless {@link #complete()}). */
    @JsonProperty
    public double bytesReadPerResponse() {
      return (double) bytesRead / responses;
    }

    /** Compressed batch bytes sent per response. */
    @JsonProperty
    public double batchBytesSentPerResponse() {
      return (double) batchBytesSent / responses;
    }

    /** Whether every record sent was read back (nothing compacted or purged yet). */
    @JsonProperty
    public boolean complete() {
      return recordsRead == recordsSent;
    }
  }

  /**
   * What the streams app wrote while draining N responses, per topic and in total.
   *
   * @param responses N, the input records of the drain
   * @param topics one entry per topic the app wrote
   */
  public record Writes(long responses, List<TopicWrites> topics) {

    public Writes {
      topics = List.copyOf(topics);
    }

    /** Records sent to all topics. */
    @JsonProperty
    public long recordsSent() {
      return topics.stream().mapToLong(TopicWrites::recordsSent).sum();
    }

    /** Compressed batch bytes sent to all topics. */
    @JsonProperty
    public long batchBytesSent() {
      return topics.stream().mapToLong(TopicWrites::batchBytesSent).sum();
    }

    /** Records read back from all topics. */
    @JsonProperty
    public long recordsRead() {
      return topics.stream().mapToLong(TopicWrites::recordsRead).sum();
    }

    /** Key plus value bytes read back from all topics. */
    @JsonProperty
    public long bytesRead() {
      return topics.stream().mapToLong(TopicWrites::bytesRead).sum();
    }

    /** Records the app writes per response: the divisor of the broker ceiling. */
    @JsonProperty
    public double sentPerResponse() {
      return (double) recordsSent() / responses;
    }

    /** Records read back per response. */
    @JsonProperty
    public double readPerResponse() {
      return (double) recordsRead() / responses;
    }

    /** Key plus value bytes read back per response. */
    @JsonProperty
    public double bytesReadPerResponse() {
      return (double) bytesRead() / responses;
    }

    /** Compressed batch bytes sent per response. */
    @JsonProperty
    public double batchBytesSentPerResponse() {
      return (double) batchBytesSent() / responses;
    }

    /** Whether every topic was read back complete. */
    @JsonProperty
    public boolean complete() {
      return topics.stream().allMatch(TopicWrites::complete);
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
   * The peer's steps (the analyst's alternative to a replay: {@code export --raw}, then DuckDB SQL).
   *
   * @param recordsRead records the export read from the responses topic
   * @param responsesExported responses it wrote (the one that counts per key, withdrawn ones absent)
   * @param fileBytes size of the CSV file
   * @param exportNanos the export: reading the topic, keeping the responses that count, writing the file
   * @param loadNanos DuckDB reading the file into a table
   * @param sqlNanos the SQL computing every team's scores, its rows read back
   */
  public record PeerPhases(long recordsRead, long responsesExported, long fileBytes, long exportNanos,
      long loadNanos, long sqlNanos) {

    /** Export seconds. */
    @JsonProperty
    public double exportSeconds() {
      return exportNanos / 1e9;
    }

    /** Load seconds. */
    @JsonProperty
    public double loadSeconds() {
      return loadNanos / 1e9;
    }

    /** SQL seconds. */
    @JsonProperty
    public double sqlSeconds() {
      return sqlNanos / 1e9;
    }
  }

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
