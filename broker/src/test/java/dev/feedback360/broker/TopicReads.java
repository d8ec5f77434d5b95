package dev.feedback360.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The broker tests' reads of a topic of strings from its start. */
final class TopicReads {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private TopicReads() {}

  /**
   * The records of {@code topic} a consumer with the {@code client} settings reads from the start at the isolation
   * level, until it has {@code expected} of them or 30 seconds passed (the caller asserts on what came).
   */
  static List<ConsumerRecord<String, String>> consume(Properties client, String topic, String isolationLevel,
      int expected) {
    Properties config = new Properties();
    config.putAll(client);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    Instant deadline = Instant.now().plus(WAIT);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      while (records.size() < expected && Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
