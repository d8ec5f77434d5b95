package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.topics.KafkaConnection;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class AdminOnceResolvableTest {

  @Test
  void shouldWaitForABootstrapServersNameToResolveAndThenNameTheServers() {
    // .invalid never resolves (RFC 6761): a broker container that is stopped looks the same to the app.
    KafkaConnection kafka = KafkaConnection.plaintext("broker-gone.invalid:9092");

    assertThatThrownBy(() -> TeamScoresApp.adminOnceResolvable(kafka, Duration.ofSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No address for the bootstrap servers broker-gone.invalid:9092 after 2 s")
        .hasMessageContaining("check their host names, or start the brokers");
  }

  @Test
  void shouldCreateTheAdminClientAtOnceWhenANameResolves() {
    try (Admin admin = TeamScoresApp.adminOnceResolvable(KafkaConnection.plaintext("127.0.0.1:9"),
        Duration.ofSeconds(2))) {
      assertThat(admin).isNotNull();
    }
  }

  @Test
  void shouldRefuseAMalformedAddressAtOnceInsteadOfWaiting() {
    assertThatThrownBy(() -> TeamScoresApp.adminOnceResolvable(KafkaConnection.plaintext("no-port-given"),
        Duration.ofMinutes(5)))
        .isInstanceOf(KafkaException.class)
        .isNotInstanceOf(IllegalStateException.class);
  }
}
