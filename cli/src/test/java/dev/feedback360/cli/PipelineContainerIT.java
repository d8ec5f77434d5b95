package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The pipeline against a Kafka broker in a container (the image of {@link ContainerKafka}): topics, the worked
 * example of docs/scoring.md through {@code produce}, the streams app, {@code scores}. The expected numbers are the
 * ones docs/scoring.md computes by hand.
 */
@ExtendWith(ContainerKafka.class)
@Testcontainers
class PipelineContainerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APP_ID = "container-e2e";

  @Container
  static final KafkaContainer KAFKA = ContainerKafka.newContainer();

  @TempDir
  Path dir;

  @Test
  @SuppressWarnings("try") // the resource is opened for the body's duration, which needs it running, not named
  void shouldTurnTheWorkedExampleIntoItsScoresOnAKafkaBrokerInAContainer() throws Exception {
    String bootstrap = KAFKA.getBootstrapServers();
    Path csv = WorkedExampleCsv.writeTo(dir.resolve("worked-example.csv"));
    Path key = Files.writeString(dir.resolve("rater.key"), "a container test key of 32 bytes");

    Cli.Run topics = Cli.run("topics", "--bootstrap-servers", bootstrap);
    assertThat(topics.exitCode()).as(topics.err()).isZero();
    assertThat(topics.out()).contains("created  survey-responses", "created  team-scores");

    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", bootstrap, "--input", csv.toString(),
        "--rater-key-file", key.toString());
    assertThat(produce.exitCode()).as(produce.err()).isEqualTo(2);
    assertThat(produce.out()).contains("10 rows read: 9 sent, 1 rejected");

    StreamsSettings settings = new StreamsSettings(bootstrap, APP_ID, dir.resolve("state"),
        Topics.defaults(), TopicSettings.defaults(), ScoringConfig.defaults(), Map.of());
    try (TeamScoresApp app = TeamScoresApp.start(settings)) {
      List<JsonNode> teams = awaitScores(bootstrap);

      JsonNode t1 = teams.get(0);
      assertThat(t1.get("teamId").asText()).isEqualTo("T1");
      assertThat(t1.get("status").asText()).isEqualTo("PUBLISHED");
      assertThat(t1.get("raters").toString())
          .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
      JsonNode change = t1.get("axes").get("CHANGE");
      // docs/scoring.md: CHANGE leader items 5,4 4,4 3,5 1,1 5,5 5,5 -> 25/6; manager 2,3 3,2 1,2 1,1 5,5 5,5 -> 13/6
      assertThat(change.get("leader").get("mean").asDouble()).isCloseTo(25.0 / 6, within(1e-12));
      assertThat(change.get("manager").get("mean").asDouble()).isCloseTo(13.0 / 6, within(1e-12));
      assertThat(change.get("gap").isNull()).as("one self-rater, fewer than k").isTrue();
      assertThat(t1.get("axes").get("FOCUS").get("leader").get("mean").isNull()).isTrue();
      assertThat(t1.get("overall").get("managerMean").asDouble()).isCloseTo(21.0 / 9, within(1e-12));
      assertThat(t1.get("overall").get("style").asText()).isEqualTo("LEADING");

      JsonNode t2 = teams.get(1);
      assertThat(t2.get("teamId").asText()).isEqualTo("T2");
      assertThat(t2.get("status").asText()).isEqualTo("SUPPRESSED");
    }
  }

  private static List<JsonNode> awaitScores(String bootstrap) throws InterruptedException {
    CaughtUp.waitFor(bootstrap, APP_ID, Duration.ofSeconds(120));
    List<JsonNode> parsed = new ArrayList<>();
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      Cli.Run scores = Cli.run("scores", "--bootstrap-servers", bootstrap, "--cycle", "2026-H2");
      assertThat(scores.exitCode()).as(scores.err()).isZero();
      parsed.clear();
      for (String line : scores.out().lines().toList()) {
        parsed.add(parse(line));
      }
      assertThat(parsed).hasSize(2);
      // The final state of T1, not an intermediate one: every rater counted, the peers' parts published (P3 at
      // 09:00:03 completes them).
      assertThat(parsed.get(0).get("raters").toString())
          .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
      assertThat(parsed.get(0).get("updatedAt").asText()).isEqualTo("2026-10-01T09:00:03Z");
    });
    return parsed;
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("scores printed a line that is not JSON: " + line, e);
    }
  }
}
