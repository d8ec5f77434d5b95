package dev.feedback360.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The last JSON scores record per team of an output topic, and what of it two drains must agree on. */
final class FinalScores {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FinalScores() {}

  /** The last committed value per key of a topic (tombstones remove the key). */
  static Map<String, String> latestPerKey(String bootstrap, String topic, Duration timeout) {
    Map<String, String> latest = new HashMap<>();
    new TopicScan(bootstrap, timeout).scan(topic, record -> {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      if (record.value() == null) {
        latest.remove(key);
      } else {
        latest.put(key, new String(record.value(), StandardCharsets.UTF_8));
      }
    });
    return latest;
  }

  /** Whether two drains ended with the same scores, as far as the order they met the input allows. */
  static boolean agree(Map<String, String> a, Map<String, String> b, ScoringConfig scoring) {
    return orderIndependent(a, scoring).equals(orderIndependent(b, scoring));
  }

  /**
   * What of each team's final record does not depend on the order in which the two consumers met the input: with
   * the publication rule (N &gt; 1) where the batches fall does, so only the keys, the rule and the live rater counts
   * are compared; with every change published (N = 1) the whole record.
   */
  static Map<String, String> orderIndependent(Map<String, String> records, ScoringConfig scoring) {
    if (scoring.publishesEveryChange()) {
      return records;
    }
    Map<String, String> projected = new HashMap<>();
    records.forEach((key, json) -> {
      try {
        JsonNode record = JSON.readTree(json);
        projected.put(key, String.join(",", record.get("minRaters").asText(), record.get("minChange").asText(),
            record.get("raters").toString()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Cannot read the JSON record of team " + key + ": " + e.getMessage(), e);
      }
    });
    return projected;
  }
}
