package dev.feedback360.testkit;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.topics.AdminClients;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test data on a real broker: a compacted responses topic, responses and withdrawals written to it in order. */
public final class ResponseLog {

  /** One record of the responses topic: a response, or a withdrawal of {@code key} at {@code time}. */
  public record Entry(ResponseKey key, SurveyResponse response, Instant time) {

    public static Entry submit(SurveyResponse response) {
      return new Entry(Responses.keyOf(response), response, response.getSubmittedAt());
    }

    public static Entry withdraw(SurveyResponse response, Instant at) {
      return new Entry(Responses.keyOf(response), null, at);
    }
  }

  private ResponseLog() {}

  /** Creates a compacted topic with {@code partitions} partitions and writes the entries in order. */
  public static void write(String bootstrapServers, String topic, int partitions, List<Entry> entries)
      throws Exception {
    createTopic(bootstrapServers, topic, partitions);
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
      for (Entry entry : entries) {
        send(producer, topic, entry);
      }
    }
  }

  public static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
    try (Admin admin = AdminClients.create(bootstrapServers)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all().get(30, TimeUnit.SECONDS);
    }
  }

  public static void send(KafkaProducer<byte[], byte[]> producer, String topic, Entry entry) throws Exception {
    producer.send(new ProducerRecord<>(topic, null, entry.time().toEpochMilli(),
        AvroSerdes.responseKey().encode(entry.key()),
        entry.response() == null ? null : AvroSerdes.surveyResponse().encode(entry.response())))
        .get(30, TimeUnit.SECONDS);
  }

  public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
