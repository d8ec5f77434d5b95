package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.topics.KafkaConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaOptionsTest {

  @TempDir
  Path dir;

  @Test
  void shouldHintWithTheBootstrapServersReallyUsedAndOnlyTheTopicsThatDifferFromTheDefaults() {
    KafkaOptions demo = KafkaOptions.defaults("127.0.0.1:29092");

    assertThat(demo.asArguments()).isEqualTo("--bootstrap-servers 127.0.0.1:29092");

    KafkaOptions custom = parse("--bootstrap-servers", "kafka-1:9093", "--scores-topic", "scores-eu");
    assertThat(custom.asArguments()).isEqualTo("--bootstrap-servers kafka-1:9093 --scores-topic scores-eu");
  }

  @Test
  void shouldReadTheCommandConfigAndCarryItIntoHints() throws IOException {
    Path config = Files.writeString(dir.resolve("ingest.properties"),
        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");

    KafkaOptions options = parse("--bootstrap-servers", "kafka-1:9093", "--command-config", config.toString());
    KafkaConnection connection = options.connection();

    assertThat(connection.bootstrapServers()).isEqualTo("kafka-1:9093");
    assertThat(connection.properties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(options.asArguments()).isEqualTo("--bootstrap-servers kafka-1:9093 --command-config " + config);
    assertThat(options.asArgumentsForTheStreamsApp())
        .isEqualTo("--bootstrap-servers kafka-1:9093 --command-config STREAMS_CLIENT_PROPERTIES");
    assertThat(parse("--bootstrap-servers", "kafka-1:9093").asArgumentsForTheStreamsApp())
        .isEqualTo("--bootstrap-servers kafka-1:9093");
  }

  private static KafkaOptions parse(String... args) {
    KafkaOptions options = new KafkaOptions();
    new CommandLine(new Holder(options)).parseArgs(args);
    return options;
  }

  @CommandLine.Command(name = "holder")
  static final class Holder {
    @CommandLine.Mixin
    final KafkaOptions kafka;

    Holder(KafkaOptions kafka) {
      this.kafka = kafka;
    }
  }
}
