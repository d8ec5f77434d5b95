package dev.feedback360.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class EmbeddedKafkaBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void shouldStartABrokerThatAcceptsATopicAndAnIdempotentRoundTrip() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      createTopic(broker, "round-trip");

      RecordMetadata written = produce(broker, "round-trip", "key-1", "value-1");

      assertThat(written.offset()).isZero();
      assertThat(consume(broker, "round-trip", "read_uncommitted", 1))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(tuple("key-1", "value-1"));
    }
  }

  @Test
  void shouldSupportTransactions() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      createTopic(broker, "transactional");

      try (KafkaProducer<String, String> producer = new KafkaProducer<>(transactionalProducerConfig(broker))) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("transactional", "key-1", "committed"));
        producer.commitTransaction();
      }

      assertThat(consume(broker, "transactional", "read_committed", 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("committed");
    }
  }

  @Test
  void shouldKeepTopicsAcrossARestartOnTheSameDataDir(@TempDir Path dataDir) throws Exception {
    int firstControllerPort;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
      createTopic(broker, "durable");
      produce(broker, "durable", "key-1", "survives");
      firstControllerPort = controllerPort(dataDir);
    }

    try (ServerSocket oldControllerPort = bindLoopback(firstControllerPort);
        EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
      assertThat(controllerPort(dataDir)).isNotEqualTo(oldControllerPort.getLocalPort());
      assertThat(topicNames(restarted)).contains("durable");
      assertThat(consume(restarted, "durable", "read_committed", 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("survives");
    }
    assertThat(dataDir.resolve(EmbeddedKafkaBroker.LOG_DIR_NAME)).isDirectory();
  }

  @Test
  void shouldKeepAnIdempotentProducersStateAcrossACleanRestartWhenItsRecordsAreStampedDaysAgo(@TempDir Path dataDir)
      throws Exception {
    TopicPartition partition = new TopicPartition("back-dated", 0);
    long threeDaysAgo = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
    long producerId;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
      createTopic(broker, partition.topic());
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker))) {
        for (int i = 0; i < 20; i++) {
          producer.send(new ProducerRecord<>(partition.topic(), null, threeDaysAgo, "key-" + i, "an import's row"))
              .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
      }
      producerId = onlyProducer(broker, partition).producerId();
    }

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
      // With Kafka's default of 1 day the restarted broker loads no producer here, and takes the producer's next
      // batch at any sequence number.
      ProducerState state = onlyProducer(restarted, partition);
      assertThat(state.producerId()).isEqualTo(producerId);
      assertThat(state.lastSequence()).isEqualTo(19);
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  @SuppressWarnings("try") // the resource is opened for the body's duration, which needs it running, not named
  void shouldCreateItsDataDirsReadableByTheOwnerOnly(@TempDir Path parent) throws Exception {
    Path dataDir = parent.resolve("data").resolve("broker");

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).build().start()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(parent.resolve("data"))))
          .isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(
          Files.getPosixFilePermissions(dataDir.resolve(EmbeddedKafkaBroker.LOG_DIR_NAME)))).isEqualTo("rwx------");
    }
  }

  @Test
  void shouldListenOnARequestedFixedPort() throws Exception {
    int port;
    try (ServerSocket probe = bindLoopback(0)) {
      port = probe.getLocalPort();
    }

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(port).build().start()) {
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertThat(topicNames(broker)).isEmpty();
    }
  }

  @Test
  void shouldDeleteTheTemporaryDataDirOnClose() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
    Path dataDir = broker.dataDir();

    broker.close();

    assertThat(dataDir).doesNotExist();
  }

  @Test
  void shouldFailWithAClearMessageWhenTheRequestedPortIsTaken() throws Exception {
    try (ServerSocket taken = bindLoopback(0)) {
      int port = taken.getLocalPort();
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(port).build();

      assertThatThrownBy(broker::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Port " + port)
          .hasMessageContaining("already in use")
          .hasMessageContaining("choose another port");
      assertThat(broker.dataDir()).doesNotExist();
    }
  }

  @Test
  void shouldRejectABrokerPropertyThatItManages() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().brokerProperty("listeners", "PLAINTEXT://:9092"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listeners")
        .hasMessageContaining("port(...)");
  }

  @Test
  void shouldRejectAnInvalidBrokerPropertyOnStartAndCleanUp() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().brokerProperty("num.partitions", "many").build();

    assertThatThrownBy(broker::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("num.partitions")
        .hasMessageContaining("Fix or remove the broker property");
    assertThat(broker.dataDir()).doesNotExist();
  }

  private static void createTopic(EmbeddedKafkaBroker broker, String topic) throws Exception {
    try (Admin admin = admin(broker)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private static ProducerState onlyProducer(EmbeddedKafkaBroker broker, TopicPartition partition) throws Exception {
    try (Admin admin = admin(broker)) {
      List<ProducerState> producers = admin.describeProducers(List.of(partition)).partitionResult(partition)
          .get(WAIT.toSeconds(), TimeUnit.SECONDS).activeProducers();
      assertThat(producers).as("producers the broker holds state for on %s", partition).hasSize(1);
      return producers.get(0);
    }
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static Set<String> topicNames(EmbeddedKafkaBroker broker) throws Exception {
    try (Admin admin = admin(broker)) {
      return admin.listTopics().names().get();
    }
  }

  private static RecordMetadata produce(EmbeddedKafkaBroker broker, String topic, String key, String value)
      throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker))) {
      return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static Map<String, Object> producerConfig(EmbeddedKafkaBroker broker) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
  }

  private static Map<String, Object> transactionalProducerConfig(EmbeddedKafkaBroker broker) {
    Map<String, Object> config = new HashMap<>(producerConfig(broker));
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-broker-test");
    return config;
  }

  private static List<ConsumerRecord<String, String>> consume(EmbeddedKafkaBroker broker, String topic,
      String isolationLevel, int expected) {
    Properties client = new Properties();
    client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return TopicReads.consume(client, topic, isolationLevel, expected);
  }

  private static int controllerPort(Path dataDir) throws IOException {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(dataDir.resolve(EmbeddedKafkaBroker.SERVER_PROPERTIES_FILE))) {
      props.load(in);
    }
    String voters = props.getProperty("controller.quorum.voters");
    return Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1));
  }

  private static ServerSocket bindLoopback(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }
}
