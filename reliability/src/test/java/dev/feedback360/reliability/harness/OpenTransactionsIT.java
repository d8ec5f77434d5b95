package dev.feedback360.reliability.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.topics.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenTransactionsIT {

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @Test
  void shouldNameTheProducerAndTheCoordinatorStateOfATransactionLeftOpen() throws Exception {
    String topic = "open-transactions";
    try (Admin admin = BROKER.admin();
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "left-open",
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 600_000),
            new StringSerializer(), new StringSerializer())) {
      List<NewTopic> created = List.of(new NewTopic(topic, 2, (short) 1));
      admin.createTopics(created).all().get();
      TopicProvisioner.awaitLeaders(admin, created, Duration.ofSeconds(30)); // a first send before would be refused
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, 1, "k", "v")).get();
      producer.flush();

      TopicPartition open = new TopicPartition(topic, 1);
      TopicPartition closed = new TopicPartition(topic, 0);
      List<String> lines = new OpenTransactions(admin, Duration.ofSeconds(30))
          .describe(Map.of(open, "LSO 0 < HWM 1", closed, "LSO 0 < HWM 0"));

      assertThat(lines).hasSize(2);
      assertThat(lines).anySatisfy(line -> assertThat(line)
          .startsWith("open-transactions-1 (LSO 0 < HWM 1; producer ")
          .contains(" open from offset 0, last write ")
          .contains("coordinator: Ongoing epoch ")
          .contains("timeout 600000 ms")
          .endsWith(", 1 partitions)"));
      assertThat(lines).anySatisfy(line -> assertThat(line)
          .isEqualTo("open-transactions-0 (LSO 0 < HWM 0; the leader reports no open transaction)"));
      producer.abortTransaction();
    }
  }
}
