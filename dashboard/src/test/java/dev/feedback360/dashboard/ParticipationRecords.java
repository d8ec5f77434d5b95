package dev.feedback360.dashboard;

import dev.feedback360.testkit.EmbeddedBroker;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Values of {@code team-participation-json} as the streams app writes them (the contract of
 * /work/PARTICIPATION-CONTRACT.md, docs/dashboards.md), sent straight to the topic: the dashboard only reads it.
 *
 * <p>The tests use cycles no response of theirs is in, so that a streams app that also writes participation from
 * responses never writes the same keys.
 */
final class ParticipationRecords {

  private ParticipationRecords() {}

  /** One group's counts, as in the contract ({@code rate} null when {@code invited} is 0). */
  static String group(String name, int invited, int responded, int counted, int k) {
    String rate = invited == 0 ? "null" : Double.toString((double) responded / invited);
    return "\"" + name + "\":{\"invited\":" + invited + ",\"responded\":" + responded + ",\"rate\":" + rate
        + ",\"counted\":" + counted + ",\"atRisk\":" + (invited > 0 && counted < k) + "}";
  }

  /**
   * A team's value with k = 3; {@code invited}, {@code responded} and {@code rate} are given, not derived, so that
   * each test states them.
   */
  static String value(String cycle, String team, int invited, int responded, String rate, int unnominated,
      String updatedAt, String... groups) {
    return "{\"cycleId\":\"" + cycle + "\",\"teamId\":\"" + team + "\",\"roster\":\"open\",\"minRaters\":3,"
        + "\"groups\":{" + String.join(",", groups) + "},\"invited\":" + invited + ",\"responded\":" + responded
        + ",\"rate\":" + rate + ",\"unnominated\":" + unnominated + ",\"updatedAt\":\"" + updatedAt + "\"}";
  }

  static KafkaProducer<String, String> producer(EmbeddedBroker broker) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  /** Sends a value ({@code json} null: a tombstone) under the key {@code cycle/team} and waits for the ack. */
  static void send(KafkaProducer<String, String> producer, String topic, String cycle, String team, String json)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, cycle + "/" + team, json)).get(30, TimeUnit.SECONDS);
  }
}
