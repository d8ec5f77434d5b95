package dev.feedback360.streams.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one instance of the streams app exposes at {@code /metrics}, in Prometheus' text format: Micrometer's
 * Prometheus registry with its JVM binders (memory, GC, threads, class loading, CPU, uptime), Kafka Streams' own
 * metrics through Micrometer's Kafka Streams binder, the Kafka Streams state as a gauge, the shared RocksDB block
 * cache and the app's counters ({@link PipelineMetrics}). The meaning of each is in docs/operations.md, Metrics.
 *
 * <p>Made before the app starts (so that the JVM metrics are there while it restores), then {@link #bind bound} to
 * the Kafka Streams client once it exists; closed after the client.
 */
public final class AppMetrics implements AutoCloseable {

  /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** {@code feedback360_streams_state{state}}: 1 for the client's current state, 0 for every other. */
  public static final String STREAMS_STATE = "feedback360.streams.state";
  /** {@code feedback360_rocksdb_block_cache_usage_bytes}: what the shared block cache holds (memtables included). */
  public static final String BLOCK_CACHE_USAGE = "feedback360.rocksdb.block.cache.usage";
  /** {@code feedback360_rocksdb_block_cache_capacity_bytes}: its bound. */
  public static final String BLOCK_CACHE_CAPACITY = "feedback360.rocksdb.block.cache.capacity";

  /**
   * How often the Kafka Streams binder looks for new Kafka metrics (tasks assigned, stores opened) and drops those
   * of tasks gone; Micrometer's default is 60 s, longer than a scrape interval.
   */
  static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(AppMetrics.class);

  private final PrometheusMeterRegistry registry;
  private final PipelineMetrics pipeline;
  private final ScheduledExecutorService refresher;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  private AppMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.pipeline = new PipelineMetrics(registry);
    this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "feedback360-kafka-metrics-refresh");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** A registry with the JVM metrics and the app's counters (at 0); Kafka Streams' come with {@link #bind}. */
  public static AppMetrics create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(MeterFilter.deny(id -> fromSizes(id.getName())));
    AppMetrics metrics = new AppMetrics(registry);
    new ClassLoaderMetrics().bindTo(metrics.registry);
    new JvmMemoryMetrics().bindTo(metrics.registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(metrics.registry);
    metrics.closeables.add(gc);
    new JvmThreadMetrics().bindTo(metrics.registry);
    new ProcessorMetrics().bindTo(metrics.registry);
    new UptimeMetrics().bindTo(metrics.registry);
    return metrics;
  }

  /**
   * Whether a meter is one of Kafka's measured in bytes or sizes: bytes sent, fetched or written per client, node,
   * topic or store, record, request, batch and fetch sizes, compression rates, memtable and SST file sizes, the
   * memory of the SST files' table readers (bytes, named {@code ...readers.mem}; sixty-sixth review). The size of
   * what the app writes follows from the answers in it, unpublished ones included: a team's state and a change on
   * the repartition topic hold sums and sums of squares as varints, one byte up to 63 and two from 64, so the bytes a
   * team's state grew by when one response arrived told which of its cells' totals crossed such a bound (thirty-seventh
   * review: a holder of a metrics token, scraping around a response, read how many of that rater's answers were 4 or
   * 5, while the scores showed nothing of them). Not exported. Counts of records, rates, latencies, lag and the block
   * cache's usage (which moves by the cache's reservations for memtables, 256 KiB at a time) stay.
   */
  static boolean fromSizes(String name) {
    return name.startsWith("kafka.")
        && (name.contains("byte") || name.contains("size") || name.contains("compression") || name.endsWith(".mem"));
  }

  /** The app's counters, to hand to the topology and the exception handlers ({@link PipelineMetrics#CONFIG}). */
  public PipelineMetrics pipeline() {
    return pipeline;
  }

  /**
   * Binds the Kafka Streams client's metrics and state, and, when the app bounds RocksDB's memory with one shared
   * block cache, that cache's usage and capacity.
   *
   * @param blockCache the shared block cache, or null when the stores do not share one
   */
  public synchronized void bind(KafkaStreams streams, BlockCache blockCache) {
    KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams, Tags.empty(), refresher, KAFKA_METRICS_REFRESH);
    kafka.bindTo(registry);
    closeables.add(kafka);
    for (State state : State.values()) {
      Gauge.builder(STREAMS_STATE, streams, s -> s.state() == state ? 1 : 0).strongReference(true)
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .description("1 for the Kafka Streams client's current state, 0 for the others")
          .register(registry);
    }
    if (blockCache != null) {
      // Strong references: Micrometer holds a gauge's object weakly, and nothing else holds these.
      Gauge.builder(BLOCK_CACHE_USAGE, blockCache.usage(), LongSupplier::getAsLong).strongReference(true)
          .baseUnit("bytes")
          .description("Off-heap bytes in the RocksDB block cache all stores share (memtables are charged to it)")
          .register(registry);
      Gauge.builder(BLOCK_CACHE_CAPACITY, blockCache, cache -> cache.capacityBytes()).strongReference(true)
          .baseUnit("bytes")
          .description("The bound of that cache").register(registry);
    }
  }

  /** Every meter in Prometheus' text format ({@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }

  /** Stops the Kafka metrics refresh and the GC listener; the registry answers no more. */
  @Override
  public synchronized void close() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("Cannot close the metrics binder {}: {}", closeable, e.getMessage(), e);
      }
    }
    closeables.clear();
    refresher.shutdownNow();
    registry.close();
  }

  /**
   * The RocksDB block cache every store of the app shares.
   *
   * @param usage its usage in bytes, read at each scrape
   * @param capacityBytes its capacity
   */
  public record BlockCache(LongSupplier usage, long capacityBytes) {}
}
