package dev.feedback360.producer.ingest;

import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How the producer connects and where it writes, validated once.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topics topic names; responses go to {@link Topics#responses()}
 * @param topicSettings partitions and replication factor used when the responses topic has to be created
 * @param timeout how long to wait for the broker: topic creation, metadata in {@code send}, a withdrawal's
 *     acknowledgement
 * @param clientProperties extra Kafka client settings (security, tuning), applied to the producer and, where they
 *     are admin settings, to the admin client; they may not weaken {@code acks=all} or idempotence
 */
public record ProducerSettings(String bootstrapServers, Topics topics, TopicSettings topicSettings,
    Duration timeout, Map<String, String> clientProperties) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Map<String, String> FIXED = Map.of(
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

  public ProducerSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Bootstrap servers are required, for example localhost:9092");
    }
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(topicSettings, "topicSettings");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("Timeout must be positive, got " + timeout);
    }
    clientProperties = Map.copyOf(clientProperties);
    for (Map.Entry<String, String> fixed : FIXED.entrySet()) {
      String given = clientProperties.get(fixed.getKey());
      if (given != null && !given.equals(fixed.getValue())) {
        throw new IllegalArgumentException("Client property " + fixed.getKey() + " must be " + fixed.getValue()
            + " (or left out), got " + given);
      }
    }
  }

  /** Shows the names of the client properties but not their values, which may hold credentials. */
  @Override
  public String toString() {
    return "ProducerSettings[bootstrapServers=" + bootstrapServers + ", topics=" + topics + ", topicSettings="
        + topicSettings + ", timeout=" + timeout + ", clientProperties=" + new TreeSet<>(clientProperties.keySet())
        + "]";
  }

  /** Default topics, topic settings and timeout, no extra client properties. */
  public static ProducerSettings defaults(String bootstrapServers) {
    return new ProducerSettings(bootstrapServers, Topics.defaults(), TopicSettings.defaults(), DEFAULT_TIMEOUT,
        Map.of());
  }

  /** Producer configuration: idempotent, {@code acks=all}, byte-array serializers, modest batching. */
  public Properties producerProperties() {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putAll(FIXED);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "feedback360-producer");
    props.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
    return props;
  }

  /** Admin client configuration, for creating the responses topic. */
  public Properties adminProperties() {
    Properties props = new Properties();
    clientProperties.forEach((name, value) -> {
      if (AdminClientConfig.configNames().contains(name)) {
        props.put(name, value);
      }
    });
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "feedback360-producer-admin");
    return props;
  }
}
