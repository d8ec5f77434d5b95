package dev.feedback360.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

  @Test
  void shouldConfigureAnIdempotentProducerWithAcksAll() {
    ProducerSettings settings = new ProducerSettings("broker:9092", Topics.defaults(), TopicSettings.defaults(),
        Duration.ofSeconds(10), Map.of("linger.ms", "5", "security.protocol", "SSL"));

    assertThat(settings.producerProperties())
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("linger.ms", "5")
        .containsEntry("max.block.ms", "10000")
        .containsEntry("security.protocol", "SSL");
    assertThat(settings.adminProperties())
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("security.protocol", "SSL")
        .doesNotContainKey("linger.ms");
  }

  @Test
  void shouldNotShowClientPropertyValuesInToString() {
    ProducerSettings settings = new ProducerSettings("broker:9092", Topics.defaults(), TopicSettings.defaults(),
        Duration.ofSeconds(10), Map.of("sasl.jaas.config", "password=\"s3cret\""));

    assertThat(settings.toString()).contains("sasl.jaas.config").doesNotContain("s3cret");
  }

  @Test
  void shouldRefuseSettingsThatWeakenDelivery() {
    assertThatThrownBy(() -> new ProducerSettings("broker:9092", Topics.defaults(), TopicSettings.defaults(),
        Duration.ofSeconds(10), Map.of("acks", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Client property acks must be all (or left out), got 1");
    assertThatThrownBy(() -> ProducerSettings.defaults(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bootstrap servers are required");
  }
}
