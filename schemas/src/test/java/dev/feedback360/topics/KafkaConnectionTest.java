package dev.feedback360.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectionTest {

  private static final String SECURED = """
      # written by ./feedback360 broker --secure
      bootstrap.servers=broker-from-file:9093
      security.protocol=SASL_SSL
      sasl.mechanism=SCRAM-SHA-512
      sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="ingest" password="s3cr3t-pw";
      ssl.truststore.location=/data/security/truststore.p12
      ssl.truststore.type=PKCS12
      ssl.truststore.password=trust-pw
      basic.auth.user.info=registry-user:registry-pw
      """;

  @TempDir
  Path dir;

  @Test
  void shouldGiveEveryClientTheFilesPropertiesAndTheBootstrapServers() throws IOException {
    KafkaConnection kafka = KafkaConnection.load("explicit:9092", "127.0.0.1:9092", file(SECURED));

    Properties props = kafka.properties();

    assertThat(props).containsEntry("bootstrap.servers", "explicit:9092")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.location", "/data/security/truststore.p12");
    assertThat(kafka.clientProperties()).doesNotContainKey("bootstrap.servers");
  }

  @Test
  void shouldTakeTheBootstrapServersFromTheFileOnlyWhenNoneAreGiven() throws IOException {
    assertThat(KafkaConnection.load(null, "127.0.0.1:9092", file(SECURED)).bootstrapServers())
        .isEqualTo("broker-from-file:9093");
    assertThat(KafkaConnection.load(null, "127.0.0.1:9092", file("security.protocol=SSL\n")).bootstrapServers())
        .isEqualTo("127.0.0.1:9092");
  }

  @Test
  void shouldMaskEverySecretWhenDescribed() throws IOException {
    String described = KafkaConnection.load(null, "127.0.0.1:9092", file(SECURED)).describe();

    assertThat(described)
        .contains("broker-from-file:9093", "security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-512",
            "ssl.truststore.location=/data/security/truststore.p12", "ssl.truststore.type=PKCS12",
            "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]", "basic.auth.user.info=[hidden]")
        .doesNotContain("s3cr3t-pw", "trust-pw", "username", "registry-pw");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS) // POSIX permissions
  void shouldWarnWhenAFileHoldingSecretsCanBeReadByOthers() throws IOException {
    Path secured = file(SECURED);
    Files.setPosixFilePermissions(secured, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, String> properties = KafkaConnection.load(null, "unused:9092", secured).clientProperties();

    assertThat(KafkaConnection.exposure(secured, properties)).hasValueSatisfying(warning -> assertThat(warning)
        .isEqualTo("The Kafka client properties " + secured + " hold secrets (basic.auth.user.info, "
            + "sasl.jaas.config, ssl.truststore.password) and can be read by their group or by others (rw-r--r--); "
            + "restrict them: chmod 600 " + secured)
        .doesNotContain("s3cr3t-pw"));
    Files.setPosixFilePermissions(secured, PosixFilePermissions.fromString("rw-------"));
    assertThat(KafkaConnection.exposure(secured, properties)).isEmpty();
    Path plain = file("security.protocol=SSL\nssl.truststore.location=/data/ca.p12\n");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(KafkaConnection.exposure(plain, Map.of("security.protocol", "SSL"))).as("no secret in it").isEmpty();
  }

  @Test
  void shouldShowAnInlineCertificateAsOneWordNotAsItsLines() throws IOException {
    String described = KafkaConnection.load(null, "127.0.0.1:9092", file("""
        ssl.truststore.type=PEM
        ssl.truststore.certificates=-----BEGIN CERTIFICATE-----\\nMIIBhjCC\\n-----END CERTIFICATE-----
        """)).describe();

    assertThat(described).contains("ssl.truststore.certificates=[PEM]", "ssl.truststore.type=PEM")
        .doesNotContain("MIIBhjCC").doesNotContain("\n");
  }

  @Test
  void shouldSayWhichFileCannotBeRead() {
    Path missing = dir.resolve("missing.properties");

    assertThatThrownBy(() -> KafkaConnection.load(null, "127.0.0.1:9092", missing))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining(missing.toString());
  }

  @Test
  void shouldKeepTheBootstrapServersOutOfTheClientProperties() {
    assertThatThrownBy(() -> new KafkaConnection("a:1", Map.of("bootstrap.servers", "b:2")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(KafkaConnection.plaintext("a:1").isPlain()).isTrue();
  }

  private Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("client.properties"), content);
  }
}
