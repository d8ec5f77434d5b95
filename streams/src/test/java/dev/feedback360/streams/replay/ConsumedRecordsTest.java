package dev.feedback360.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class ConsumedRecordsTest {

  @Test
  void shouldSumTheTopicsConsumedRecordsOverEveryConsumer() {
    Map<MetricName, Metric> metrics = new LinkedHashMap<>();
    put(metrics, "records-consumed-total", "consumer-fetch-manager-metrics", "c1", "survey.responses", 40);
    put(metrics, "records-consumed-total", "consumer-fetch-manager-metrics", "c2", "survey_responses", 2);
    // Not counted: another topic, another metric of the topic, the same name in another group.
    put(metrics, "records-consumed-total", "consumer-fetch-manager-metrics", "c1", "team-changes", 1_000);
    put(metrics, "bytes-consumed-total", "consumer-fetch-manager-metrics", "c1", "survey.responses", 9_999);
    put(metrics, "records-consumed-total", "other-metrics", "c3", "survey.responses", 500);

    // 40 under the dotted name + 2 under the underscored one.
    assertThat(ConsumedRecords.of(metrics, "survey.responses")).isEqualTo(42);
  }

  @Test
  void shouldCountNothingWhenNoConsumerReadTheTopic() {
    assertThat(ConsumedRecords.of(Map.of(), "survey-responses")).isZero();
  }

  private static void put(Map<MetricName, Metric> metrics, String name, String group, String clientId, String topic,
      double value) {
    MetricName metricName = new MetricName(name, group, "", Map.of("client-id", clientId, "topic", topic));
    metrics.put(metricName, new Metric() {
      @Override
      public MetricName metricName() {
        return metricName;
      }

      @Override
      public Object metricValue() {
        return value;
      }
    });
  }
}
