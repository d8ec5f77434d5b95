package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline over the mutual TLS listener of a secured broker ({@code secure().mutualTls()}): each principal
 * authenticates with its client certificate alone and gets exactly the grants of the same principal over SASL_SSL.
 */
class MutualTlsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir
  static Path dir;

  private static EmbeddedKafkaBroker broker;
  private static Path key;

  @BeforeAll
  static void startBrokerWithMutualTls() throws InterruptedException, IOException {
    broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("broker")).secure().mutualTls().build().start();
    SecuredPipeline.prepare(broker, Topics.defaults(), new TopicSettings(2, (short) 1));
    key = Files.writeString(dir.resolve("rater.key"), "a mutual TLS pipeline test key, 32 bytes");
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @SuppressWarnings("try") // the app runs while the try block checks its output
  void shouldRunThePipelineWithEachPrincipalAuthenticatedByItsCertificate() throws Exception {
    Path csv = WorkedExampleCsv.writeTo(dir.resolve("worked-example.csv"));

    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", broker.mutualTlsBootstrapServers(),
        "--command-config", config("ingest"), "--input", csv.toString(), "--rater-key-file", key.toString());
    assertThat(produce.exitCode()).as(produce.err()).isEqualTo(2); // the worked example's one rejected row
    assertThat(produce.out()).contains("10 rows read: 9 sent, 1 rejected");

    Cli.Run export = Cli.run("export", "--bootstrap-servers", broker.mutualTlsBootstrapServers(),
        "--command-config", config("analyst"), "--raw", "--output", dir.resolve("responses.jsonl").toString(),
        "--timeout", "60");
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.err()).contains("9 records read");

    StreamsSettings settings = new StreamsSettings(mutualTlsConnection("streams"),
        StreamsSettings.DEFAULT_APPLICATION_ID, dir.resolve("state"), Topics.defaults(),
        new TopicSettings(2, (short) 1), ScoringConfig.defaults(), Map.of());
    try (TeamScoresApp app = TeamScoresApp.start(settings)) {
      await().atMost(PATIENCE).untilAsserted(() -> {
        Cli.Run scores = Cli.run("scores", "--bootstrap-servers", broker.mutualTlsBootstrapServers(),
            "--command-config", config("analyst"), "--cycle", "2026-H2");
        assertThat(scores.exitCode()).as(scores.err()).isZero();
        List<JsonNode> teams = new ArrayList<>();
        for (String line : scores.out().lines().toList()) {
          teams.add(JSON.readTree(line));
        }
        assertThat(teams).extracting(team -> team.get("teamId").asText()).containsExactly("T1", "T2");
        // The same scores as the worked example gives over SASL_SSL (SecurePipelineIT).
        assertThat(teams.get(0).get("raters").toString())
            .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
      });
    }
  }

  @Test
  void shouldRefuseIngestReadingTheScoresOverMutualTls() {
    Cli.Run ingestReading = Cli.run("scores", "--bootstrap-servers", broker.mutualTlsBootstrapServers(),
        "--command-config", config("ingest"), "--timeout", "20");

    assertThat(ingestReading.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(ingestReading.err()).contains("Not authorized to access topics: [" + Topics.DEFAULT_SCORES + "]");
  }

  @Test
  void shouldRefuseTheSaslPropertiesOnTheMutualTlsListener() {
    Cli.Run sasl = Cli.run("scores", "--bootstrap-servers", broker.mutualTlsBootstrapServers(),
        "--command-config", broker.clientPropertiesFile("analyst").toString(), "--timeout", "5");

    assertThat(sasl.exitCode()).isEqualTo(ExitCodes.FAILURE);
  }

  private static String config(String principal) {
    return broker.mutualTlsClientPropertiesFile(principal).toString();
  }

  private static KafkaConnection mutualTlsConnection(String principal) {
    Properties props = broker.mutualTlsClientProperties(principal);
    Map<String, String> client = new TreeMap<>();
    props.stringPropertyNames().forEach(name -> client.put(name, props.getProperty(name)));
    return new KafkaConnection(broker.mutualTlsBootstrapServers(), client);
  }

}
