package dev.feedback360.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class SecureEmbeddedKafkaBrokerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void shouldLetTheAdminCreateATopicProduceAndConsumeWithItsPropertiesFile(@TempDir Path dataDir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().build().start()) {
      Properties admin = withBootstrap(broker, load(broker.clientPropertiesFile("admin")));

      assertThat(broker.isSecure()).isTrue();
      assertThat(admin.getProperty("security.protocol")).isEqualTo("SASL_SSL");
      assertThat(admin.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
      createTopic(admin, "secured");
      produce(admin, "secured", "key-1", "value-1");
      assertThat(consume(admin, "secured", 1))
          .extracting(ConsumerRecord::key, ConsumerRecord::value)
          .containsExactly(tuple("key-1", "value-1"));
    }
  }

  @Test
  void shouldRefuseAPlaintextClient() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secure().build().start()) {
      Properties plaintext = new Properties();
      plaintext.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

      try (Admin admin = Admin.create(plaintext)) {
        assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
            .clusterId().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TimeoutException.class);
      }
    }
  }

  @Test
  void shouldRefuseAWrongPasswordWithAnAuthenticationError() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secure().build().start()) {
      Properties wrong = withBootstrap(broker, broker.clientProperties("ingest"));
      wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
          + "username=\"ingest\" password=\"not-the-password\";");

      try (Admin admin = Admin.create(wrong)) {
        assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
            .clusterId().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SaslAuthenticationException.class);
      }
    }
  }

  @Test
  void shouldDenyAPrincipalWithoutAcls() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secure().build().start()) {
      createTopic(withBootstrap(broker, broker.clientProperties("admin")), "admins-only");

      try (Admin ingest = Admin.create(withBootstrap(broker, broker.clientProperties("ingest")))) {
        assertThatThrownBy(() -> ingest.createTopics(List.of(new NewTopic("not-allowed", 1, (short) 1)))
            .all().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> ingest.describeTopics(List.of("admins-only")).allTopicNames().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThat(ingest.listTopics().names().get()).isEmpty();
      }
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void shouldWriteOneOwnerOnlyPropertiesFilePerPrincipalWithoutBootstrapServers(@TempDir Path dataDir)
      throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().build().start()) {
      Path clients = dataDir.resolve(EmbeddedKafkaBroker.CLIENTS_DIR_NAME);

      assertThat(permissions(clients)).isEqualTo("rwx------");
      assertThat(permissions(dataDir.resolve(EmbeddedKafkaBroker.SECURITY_DIR_NAME))).isEqualTo("rwx------");
      assertThat(EmbeddedKafkaBroker.PRINCIPALS).containsExactly("ingest", "streams", "dashboard", "analyst", "admin");
      try (var files = Files.list(clients)) {
        assertThat(files.map(file -> file.getFileName().toString()))
            .containsExactlyInAnyOrder("ingest.properties", "streams.properties", "dashboard.properties",
                "analyst.properties", "admin.properties");
      }
      for (String principal : EmbeddedKafkaBroker.PRINCIPALS) {
        Path file = broker.clientPropertiesFile(principal);
        Properties props = load(file);
        assertThat(file).isEqualTo(clients.resolve(principal + ".properties"));
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(props).doesNotContainKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        assertThat(props).isEqualTo(broker.clientProperties(principal));
        assertThat(props.getProperty("sasl.jaas.config")).contains("username=\"" + principal + "\"");
        assertThat(Path.of(props.getProperty("ssl.truststore.location"))).isAbsolute().isRegularFile();
        assertThat(Files.readString(file)).contains("bootstrap.servers").contains("ssl.ca.location=");
      }
      assertThat(EmbeddedKafkaBroker.PRINCIPALS.stream().map(principal -> password(broker, principal)).distinct())
          .hasSize(EmbeddedKafkaBroker.PRINCIPALS.size());
      assertThat(Files.readString(broker.certificateAuthorityPemFile())).startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(permissions(dataDir.resolve(EmbeddedKafkaBroker.SERVER_PROPERTIES_FILE))).isEqualTo("rw-------");
    }
  }

  @Test
  void shouldKeepWorkingWithTheSameFilesAfterARestart(@TempDir Path dataDir) throws Exception {
    String adminFileBefore;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().build().start()) {
      createTopic(withBootstrap(broker, broker.clientProperties("admin")), "durable");
      produce(withBootstrap(broker, broker.clientProperties("admin")), "durable", "key-1", "survives");
      adminFileBefore = Files.readString(broker.clientPropertiesFile("admin"));
    }

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().build().start()) {
      Path adminFile = restarted.clientPropertiesFile("admin");

      assertThat(Files.readString(adminFile)).isEqualTo(adminFileBefore);
      assertThat(consume(withBootstrap(restarted, load(adminFile)), "durable", 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("survives");
    }
  }

  @Test
  void shouldRefuseToStartAPlainDataDirSecureAndASecuredOnePlain(@TempDir Path parent) {
    Path plainDir = parent.resolve("plain");
    Path securedDir = parent.resolve("secured");
    EmbeddedKafkaBroker.builder().dataDir(plainDir).build().start().close();
    EmbeddedKafkaBroker.builder().dataDir(securedDir).secure().build().start().close();

    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDir(plainDir).secure().build().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(plainDir.toString())
        .hasMessageContaining("formatted without security")
        .hasMessageContaining("use a fresh data dir");
    assertThat(plainDir.resolve(EmbeddedKafkaBroker.SECURITY_DIR_NAME)).doesNotExist();
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().dataDir(securedDir).build().start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(securedDir.toString())
        .hasMessageContaining("secured broker")
        .hasMessageContaining("start it with secure()");
  }

  @Test
  void shouldCommitATransactionAsTheAdmin() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secure().build().start()) {
      Properties admin = withBootstrap(broker, broker.clientProperties("admin"));
      createTopic(admin, "transactional");
      Properties producerConfig = producerConfig(admin);
      producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "secure-broker-test");

      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("transactional", "key-1", "committed"));
        producer.commitTransaction();
      }

      assertThat(consume(admin, "transactional", 1))
          .extracting(ConsumerRecord::value)
          .containsExactly("committed");
    }
  }

  @Test
  void shouldRefuseControllerListenerClientsWithoutTheBrokerCertificate(@TempDir Path dataDir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().build().start()) {
      String controller = "127.0.0.1:" + controllerPort(dataDir);
      Properties tlsWithoutCertificate = broker.clientProperties("admin");
      tlsWithoutCertificate.remove("sasl.mechanism");
      tlsWithoutCertificate.remove("sasl.jaas.config");
      tlsWithoutCertificate.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
      tlsWithoutCertificate.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller);
      Properties plaintext = new Properties();
      plaintext.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controller);

      try (Admin admin = Admin.create(tlsWithoutCertificate)) {
        assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
            .clusterId().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SslAuthenticationException.class);
      }
      try (Admin admin = Admin.create(plaintext)) {
        assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
            .clusterId().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TimeoutException.class);
      }
    }
  }

  @Test
  void shouldRunAnExactlyOnceStreamsTopologyAsTheAdmin(@TempDir Path stateDir) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secure().build().start()) {
      Properties admin = withBootstrap(broker, broker.clientProperties("admin"));
      createTopic(admin, "words");
      createTopic(admin, "shouted");
      StreamsBuilder builder = new StreamsBuilder();
      builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()).withName("read-words"))
          .mapValues(word -> word.toUpperCase(Locale.ROOT), Named.as("shout"))
          .to("shouted", Produced.with(Serdes.String(), Serdes.String()).withName("write-shouted"));
      Properties streamsConfig = new Properties();
      streamsConfig.putAll(admin);
      streamsConfig.put(StreamsConfig.APPLICATION_ID_CONFIG, "secure-broker-eos-test");
      streamsConfig.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      streamsConfig.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      streamsConfig.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);

      try (KafkaStreams streams = new KafkaStreams(builder.build(), streamsConfig)) {
        streams.start();
        produce(admin, "words", "key-1", "hello");

        assertThat(consume(admin, "shouted", 1))
            .extracting(ConsumerRecord::key, ConsumerRecord::value)
            .containsExactly(tuple("key-1", "HELLO"));
      }
    }
  }

  @Test
  void shouldRejectSecurityOverridesAndHostnamesWithoutSecureMode() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().secure()
        .brokerProperty("allow.everyone.if.no.acl.found", "true").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allow.everyone.if.no.acl.found")
        .hasMessageContaining("set by secure()");
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().extraCertificateHostnames("kafka").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call secure()");
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().extraCertificateHostnames("not a host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a host");
  }

  @Test
  void shouldRefuseClientCredentialsOfAPlainBroker() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      assertThat(broker.isSecure()).isFalse();
      assertThatThrownBy(() -> broker.clientProperties("admin"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not secured");
    }
  }

  static Properties withBootstrap(EmbeddedKafkaBroker broker, Properties clientProperties) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return props;
  }

  private static Properties load(Path file) throws IOException {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    }
    return props;
  }

  private static String password(EmbeddedKafkaBroker broker, String principal) {
    String jaas = broker.clientProperties(principal).getProperty("sasl.jaas.config");
    return jaas.substring(jaas.indexOf("password=\""), jaas.lastIndexOf('"'));
  }

  private static int controllerPort(Path dataDir) throws IOException {
    String voters = load(dataDir.resolve(EmbeddedKafkaBroker.SERVER_PROPERTIES_FILE))
        .getProperty("controller.quorum.voters");
    return Integer.parseInt(voters.substring(voters.lastIndexOf(':') + 1));
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static void createTopic(Properties client, String topic) throws Exception {
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private static void produce(Properties client, String topic, String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(client))) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static Properties producerConfig(Properties client) {
    Properties config = new Properties();
    config.putAll(client);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return config;
  }

  private static List<ConsumerRecord<String, String>> consume(Properties client, String topic, int expected) {
    return TopicReads.consume(client, topic, "read_committed", expected);
  }
}
