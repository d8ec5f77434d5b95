package dev.feedback360.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerSecretsTest {

  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  private static final List<String> SASL_LISTENERS = List.of("INTERNAL", "HOST");

  @TempDir
  Path dir;

  @Test
  void shouldWriteOneOwnerOnlyDirectoryPerConsumer() throws IOException {
    assertThat(write()).isEqualTo(ContainerSecrets.Outcome.CREATED);

    assertThat(dir.resolve("broker")).isDirectory();
    for (String principal : EmbeddedKafkaBroker.PRINCIPALS) {
      assertThat(ContainerSecrets.clientFile(dir, principal)).isRegularFile();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path path : all.filter(path -> !path.equals(dir)).toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
            .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
      }
    }
  }

  @Test
  void shouldGiveEachPrincipalItsOwnLoginWithTheCertificateInline() throws IOException {
    write();

    Properties analyst = load(ContainerSecrets.clientFile(dir, "analyst"));
    Properties ingest = load(ContainerSecrets.clientFile(dir, "ingest"));

    assertThat(analyst).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism",
        "SCRAM-SHA-512").containsEntry("ssl.truststore.type", "PEM").doesNotContainKey("ssl.truststore.location");
    assertThat(analyst.getProperty("ssl.truststore.certificates"))
        .startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("\n-----END CERTIFICATE-----");
    assertThat(analyst.getProperty("sasl.jaas.config")).contains("username=\"analyst\"");
    assertThat(password(analyst)).hasSize(32).isNotEqualTo(password(ingest));
  }

  @Test
  void shouldGiveTheBrokerTheSuperUsersLoginOnTheInterBrokerListenerOnlyAndEveryUserAtFormatTime()
      throws IOException {
    write();

    Properties broker = load(dir.resolve("broker").resolve(ContainerSecrets.BROKER_SETTINGS_FILE));
    List<String> users = Files.readAllLines(dir.resolve("broker").resolve(ContainerSecrets.SCRAM_FILE));

    assertThat(broker.getProperty("listener.name.internal.scram-sha-512.sasl.jaas.config"))
        .contains("username=\"admin\"");
    assertThat(broker.getProperty("listener.name.host.scram-sha-512.sasl.jaas.config"))
        .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required;");
    assertThat(broker).containsEntry("listener.name.controller.ssl.client.auth", "required")
        .containsEntry("allow.everyone.if.no.acl.found", "false").containsEntry("super.users", "User:admin")
        .containsEntry("ssl.keystore.location", dir.resolve("broker").resolve("keystore.p12").toString());
    assertThat(users).hasSize(5).allMatch(line -> line.matches("SCRAM-SHA-512=\\[name=[a-z]+,password=[\\w-]+]"));
  }

  @Test
  void shouldKeepCompleteSecretsAndRefuseIncompleteOnes() throws IOException {
    write();
    String before = Files.readString(ContainerSecrets.clientFile(dir, "streams"));

    assertThat(write()).isEqualTo(ContainerSecrets.Outcome.KEPT);
    assertThat(Files.readString(ContainerSecrets.clientFile(dir, "streams"))).isEqualTo(before);

    Files.delete(ContainerSecrets.clientFile(dir, "streams"));
    assertThatThrownBy(this::write).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("incomplete").hasMessageContaining("down -v");
  }

  private ContainerSecrets.Outcome write() {
    return ContainerSecrets.writeOnce(dir, List.of("kafka"), SASL_LISTENERS, "CONTROLLER", NOW);
  }

  private static String password(Properties client) {
    String jaas = client.getProperty("sasl.jaas.config");
    int start = jaas.indexOf("password=\"") + "password=\"".length();
    return jaas.substring(start, jaas.indexOf('"', start));
  }

  private static Properties load(Path file) throws IOException {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      props.load(in);
    }
    return props;
  }
}
