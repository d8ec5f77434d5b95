package dev.feedback360.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppMetricsTest {

  @Test
  void shouldLeaveOutKafkasMetersOfBytesAndSizes() {
    // Meter names as Micrometer's Kafka binders make them, from a scrape of the app (MetricsIT).
    List<String> sizes = List.of("kafka.producer.topic.byte.total", "kafka.producer.record.size.avg",
        "kafka.producer.compression.rate.avg", "kafka.producer.buffer.available.bytes",
        "kafka.consumer.fetch.manager.fetch.size.max", "kafka.consumer.incoming.byte.rate",
        "kafka.stream.state.bytes.written.total", "kafka.stream.state.size.all.mem.tables",
        "kafka.stream.state.total.sst.files.size", "kafka.stream.topic.bytes.produced.total",
        "kafka.admin.client.request.size.max", "kafka.stream.state.estimate.table.readers.mem");
    List<String> kept = List.of("kafka.stream.thread.process.total", "kafka.consumer.fetch.manager.records.lag",
        "kafka.stream.thread.commit.latency.avg", "kafka.stream.state.block.cache.usage",
        "kafka.stream.state.num.entries.active.mem.table", "jvm.memory.used", "feedback360.rocksdb.block.cache.usage",
        "feedback360.responses");

    assertThat(sizes).allMatch(AppMetrics::fromSizes);
    assertThat(kept).noneMatch(AppMetrics::fromSizes);
  }

  @Test
  void shouldStillServeTheJvmAndTheAppsOwnMeters() {
    try (AppMetrics metrics = AppMetrics.create()) {
      assertThat(metrics.scrape()).contains("jvm_memory_used_bytes", "feedback360_responses_total");
    }
  }
}
