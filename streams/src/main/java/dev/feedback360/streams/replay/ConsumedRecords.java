package dev.feedback360.streams.replay;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Records of one topic that an app's consumers fetched, read from Kafka's consumer metrics. */
final class ConsumedRecords {

  private static final String METRIC = "records-consumed-total";
  private static final String GROUP = "consumer-fetch-manager-metrics";

  private ConsumedRecords() {}

  /**
   * Sums {@code records-consumed-total} of {@code topic} over the app's consumers. Kafka tags the metric with the
   * topic name, dots replaced by underscores in older clients, so both spellings count.
   */
  static long of(Map<MetricName, ? extends Metric> metrics, String topic) {
    double read = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName name = e.getKey();
      String tagged = name.tags().get("topic");
      if (name.name().equals(METRIC) && name.group().equals(GROUP) && tagged != null
          && (tagged.equals(topic) || tagged.equals(topic.replace('.', '_')))) {
        read += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return Math.round(read);
  }
}
