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

class UnreadTailIT {

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void shouldTellRecordsLeftToProcessFromTransactionMarkersAndAbortedRecords() throws Exception {
    String topic = "unread-tail";
    TopicPartition committedThenAborted = new TopicPartition(topic, 0);
    TopicPartition committed = new TopicPartition(topic, 1);
    TopicPartition open = new TopicPartition(topic, 2);
    try (Admin admin = BROKER.admin();
        KafkaProducer<String, String> first = producer("first");
        KafkaProducer<String, String> second = producer("second")) {
      List<NewTopic> created = List.of(new NewTopic(topic, 3, (short) 1));
      admin.createTopics(created).all().get();
      TopicProvisioner.awaitLeaders(admin, created, TIMEOUT);
      first.initTransactions();
      second.initTransactions();
      // Partition 0: a committed record (offset 0, its marker 1), then an aborted one (2, its marker 3).
      // Partition 1: a committed record (0, its marker 1). Partition 2: a record of a transaction still open (0).
      first.beginTransaction();
      first.send(new ProducerRecord<>(topic, 0, "k", "committed")).get();
      first.send(new ProducerRecord<>(topic, 1, "k", "committed")).get();
      first.commitTransaction();
      first.beginTransaction();
      first.send(new ProducerRecord<>(topic, 0, "k", "aborted")).get();
      first.abortTransaction();
      second.beginTransaction();
      second.send(new ProducerRecord<>(topic, 2, "k", "open")).get();
      second.flush();

      // Past the committed records: only markers and an aborted record left, except under the open transaction.
      assertThat(UnreadTail.withRecordsLeft(admin, BROKER.bootstrapServers(),
          Map.of(committedThenAborted, 1L, committed, 1L, open, 0L), TIMEOUT)).containsExactly(open);
      assertThat(
          UnreadTail.withRecordsLeft(admin, BROKER.bootstrapServers(), Map.of(committedThenAborted, 2L), TIMEOUT))
          .isEmpty();
      // Before them: the committed records are left to process.
      assertThat(UnreadTail.withRecordsLeft(admin, BROKER.bootstrapServers(),
          Map.of(committedThenAborted, 0L, committed, 0L), TIMEOUT))
          .containsExactlyInAnyOrder(committedThenAborted, committed);

      second.commitTransaction();
      assertThat(UnreadTail.withRecordsLeft(admin, BROKER.bootstrapServers(), Map.of(open, 0L), TIMEOUT))
          .containsExactly(open);
      assertThat(UnreadTail.withRecordsLeft(admin, BROKER.bootstrapServers(), Map.of(open, 1L), TIMEOUT)).isEmpty();
    }
  }

  private static KafkaProducer<String, String> producer(String transactionalId) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId), new StringSerializer(), new StringSerializer());
  }
}
