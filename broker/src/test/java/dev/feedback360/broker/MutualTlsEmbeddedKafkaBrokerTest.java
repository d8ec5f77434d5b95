package dev.feedback360.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.ssl.SslPrincipalMapper;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class MutualTlsEmbeddedKafkaBrokerTest {

  @Test
  void shouldAuthenticateTheAnalystByItsCertificateAndApplyTheSameAclsAsOnSasl() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secure().mutualTls().build().start()) {
      Properties adminSasl = sasl(broker, "admin");
      Properties analystMtls = mutualTls(broker, load(broker.mutualTlsClientPropertiesFile("analyst")));
      createTopic(adminSasl, "graded");
      produce(adminSasl, "graded", "sent over SASL_SSL");

      assertThat(broker.isMutualTls()).isTrue();
      assertThat(broker.mutualTlsBootstrapServers()).startsWith("127.0.0.1:").isNotEqualTo(broker.bootstrapServers());
      assertThat(analystMtls.getProperty("security.protocol")).isEqualTo("SSL");
      try (Admin analyst = Admin.create(analystMtls)) {
        assertThatThrownBy(() -> analyst.describeTopics(List.of("graded")).allTopicNames().get())
            .as("no ACL for User:analyst yet")
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TopicAuthorizationException.class);
      }

      grantRead(adminSasl, "User:analyst", "graded");

      assertThat(readAll(analystMtls, "graded")).containsExactly("sent over SASL_SSL");
      try (Admin analyst = Admin.create(analystMtls)) {
        assertThatThrownBy(() -> analyst.createTopics(List.of(new NewTopic("not-granted", 1, (short) 1)))
            .all().get())
            .as("User:analyst, not a super user")
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TopicAuthorizationException.class);
      }
    }
  }

  @Test
  void shouldLetOnlyTheAdminCertificateActAsTheSuperUser() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secure().mutualTls().build().start()) {
      createTopic(mutualTls(broker, broker.mutualTlsClientProperties("admin")), "created-by-admin-over-mtls");

      assertThat(readAll(sasl(broker, "admin"), "created-by-admin-over-mtls")).isEmpty();
    }
    SslPrincipalMapper rules = SslPrincipalMapper.fromRules(BrokerSecurity.mutualTlsPrincipalMappingRules());
    Map<String, String> principalBySubject = new TreeMap<>();
    for (String subject : List.of("CN=admin", "CN=analyst", "CN=ingest", "CN=feedback360-broker", "CN=admin,O=evil",
        "O=x,CN=admin", "CN=administrator", "CN=Admin")) {
      principalBySubject.put(subject, rules.getName(subject));
    }
    assertThat(principalBySubject).containsExactlyInAnyOrderEntriesOf(Map.of(
        "CN=admin", "admin",
        "CN=analyst", "analyst",
        "CN=ingest", "ingest",
        "CN=feedback360-broker", "CN=feedback360-broker",
        "CN=admin,O=evil", "CN=admin,O=evil",
        "O=x,CN=admin", "O=x,CN=admin",
        "CN=administrator", "CN=administrator",
        "CN=Admin", "CN=Admin"));
  }

  @Test
  void shouldRefuseAClientWithoutACertificateOnTheMutualTlsListener() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().secure().mutualTls().build().start()) {
      Properties withoutCertificate = mutualTls(broker, broker.mutualTlsClientProperties("analyst"));
      withoutCertificate.remove("ssl.keystore.location");
      withoutCertificate.remove("ssl.keystore.type");
      withoutCertificate.remove("ssl.keystore.password");
      withoutCertificate.remove("ssl.key.password");

      try (Admin admin = Admin.create(withoutCertificate)) {
        assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
            .clusterId().get())
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(SslAuthenticationException.class);
      }
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void shouldAddOwnerOnlyKeystoresAndFilesToASecuredDataDirAndReuseThemAfterARestart(@TempDir Path dataDir)
      throws Exception {
    Path clients = dataDir.resolve(EmbeddedKafkaBroker.CLIENTS_DIR_NAME);
    String adminFileOfSecureMode;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().build().start()) {
      adminFileOfSecureMode = Files.readString(broker.clientPropertiesFile("admin"));
      assertThat(broker.isMutualTls()).isFalse();
      assertThatThrownBy(broker::mutualTlsBootstrapServers)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("secure().mutualTls()");
    }

    byte[] analystKeystore;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().mutualTls().build()
        .start()) {
      assertThat(Files.readString(broker.clientPropertiesFile("admin"))).isEqualTo(adminFileOfSecureMode);
      for (String principal : EmbeddedKafkaBroker.PRINCIPALS) {
        Path file = broker.mutualTlsClientPropertiesFile(principal);
        Properties props = load(file);
        Path keystore = Path.of(props.getProperty("ssl.keystore.location"));
        assertThat(file).isEqualTo(clients.resolve(principal + "-mtls.properties"));
        assertThat(keystore).isEqualTo(clients.resolve(principal + ".p12"));
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(permissions(keystore)).isEqualTo("rw-------");
        assertThat(props).isEqualTo(broker.mutualTlsClientProperties(principal));
        assertThat(props).doesNotContainKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        assertThat(props.getProperty("security.protocol")).isEqualTo("SSL");
        assertThat(props.getProperty("ssl.keystore.type")).isEqualTo("PKCS12");
        assertThat(Path.of(props.getProperty("ssl.truststore.location"))).isAbsolute().isRegularFile();
        assertThat(subject(keystore, props.getProperty("ssl.keystore.password"))).isEqualTo("CN=" + principal);
      }
      assertThat(EmbeddedKafkaBroker.PRINCIPALS.stream()
          .map(principal -> broker.mutualTlsClientProperties(principal).getProperty("ssl.keystore.password"))
          .distinct()).hasSize(EmbeddedKafkaBroker.PRINCIPALS.size());
      analystKeystore = Files.readAllBytes(clients.resolve("analyst.p12"));
    }

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().mutualTls().build()
        .start()) {
      Properties analyst = mutualTls(restarted, load(restarted.mutualTlsClientPropertiesFile("analyst")));

      assertThat(Files.readAllBytes(clients.resolve("analyst.p12"))).isEqualTo(analystKeystore);
      try (Admin admin = Admin.create(analyst)) {
        assertThat(admin.describeCluster().clusterId().get()).isNotBlank();
      }
    }
  }

  @Test
  void shouldListenForMutualTlsOnTheRequestedPortAndNameItInTheClientFiles(@TempDir Path dataDir) throws Exception {
    int port = freePort();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().mutualTls()
        .mutualTlsPort(port).build().start()) {
      assertThat(broker.mutualTlsBootstrapServers()).isEqualTo("127.0.0.1:" + port);
      for (String principal : EmbeddedKafkaBroker.PRINCIPALS) {
        assertThat(Files.readString(broker.mutualTlsClientPropertiesFile(principal)))
            .contains("# Mutual TLS address: 127.0.0.1:" + port + " ");
      }
      try (Admin admin = Admin.create(mutualTls(broker, load(broker.mutualTlsClientPropertiesFile("admin"))))) {
        assertThat(admin.describeCluster().clusterId().get()).isNotBlank();
      }
    }
  }

  @Test
  void shouldKeepTheMutualTlsPortOfTheDataDirAcrossRestartsWhenNoneIsRequested(@TempDir Path dataDir) {
    String first;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().mutualTls().build()
        .start()) {
      first = broker.mutualTlsBootstrapServers();
    }

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().dataDir(dataDir).secure().mutualTls().build()
        .start()) {
      assertThat(restarted.mutualTlsBootstrapServers()).isEqualTo(first);
      assertThat(dataDir.resolve(EmbeddedKafkaBroker.MUTUAL_TLS_PORT_FILE))
          .hasContent(first.substring(first.lastIndexOf(':') + 1));
    }
  }

  @Test
  void shouldRefuseAMutualTlsPortWithoutMutualTls() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().secure().mutualTlsPort(39_999).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("only applies with mutualTls()");
  }

  @Test
  void shouldRefuseMutualTlsWithoutSecureMode() {
    assertThatThrownBy(() -> EmbeddedKafkaBroker.builder().mutualTls().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("call secure()");
  }

  private static Properties sasl(EmbeddedKafkaBroker broker, String principal) {
    return SecureEmbeddedKafkaBrokerTest.withBootstrap(broker, broker.clientProperties(principal));
  }

  private static Properties mutualTls(EmbeddedKafkaBroker broker, Properties clientProperties) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.mutualTlsBootstrapServers());
    return props;
  }

  private static void grantRead(Properties admin, String principal, String topic) throws Exception {
    List<AclBinding> acls = new ArrayList<>();
    for (AclOperation operation : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
      acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
          new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
    }
    try (Admin client = Admin.create(admin)) {
      client.createAcls(acls).all().get();
    }
  }

  private static void createTopic(Properties client, String topic) throws Exception {
    try (Admin admin = Admin.create(client)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
  }

  private static void produce(Properties client, String topic, String value) throws Exception {
    Properties config = new Properties();
    config.putAll(client);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(topic, "key-1", value)).get();
    }
  }

  /** Every value of a one-partition topic, read without a consumer group (so READ and DESCRIBE on it suffice). */
  private static List<String> readAll(Properties client, String topic) {
    Properties config = new Properties();
    config.putAll(client);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
      while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
      }
    }
    return values;
  }

  private static String subject(Path keystore, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, password.toCharArray());
    }
    return ((X509Certificate) store.getCertificate(store.aliases().nextElement())).getSubjectX500Principal()
        .getName();
  }

  private static Properties load(Path file) throws IOException {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    }
    return props;
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
