package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole vertical slice on a real in-process broker: a CSV export through {@code produce}, the streams app,
 * {@code scores} printing the JSON contract; then a {@code withdraw}. The CSV is the worked example of
 * docs/scoring.md plus a row with an out-of-range score, a second team and a stale re-send.
 */
class EndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APP_ID = "e2e-app";

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  static Path dir;

  @Test
  @SuppressWarnings("try") // the resource is opened for the body's duration, which needs it running, not named
  void shouldTurnACsvExportIntoTheExpectedTeamScores() throws Exception {
    Path csv = WorkedExampleCsv.writeTo(dir.resolve("worked-example.csv"));
    Path key = Files.writeString(dir.resolve("rater.key"), "an end-to-end test key of 32 bytes");
    String bootstrap = BROKER.bootstrapServers();

    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", bootstrap, "--input", csv.toString(),
        "--rater-key-file", key.toString());

    assertThat(produce.exitCode()).as(produce.err()).isEqualTo(2);
    assertThat(produce.out()).contains("10 rows read: 9 sent, 1 rejected").contains("line 9:");
    assertThat(Files.readString(Path.of(csv + ".rejects.csv"))).contains("9,");

    StreamsSettings settings = new StreamsSettings(bootstrap, APP_ID, dir.resolve("state"), Topics.defaults(),
        TopicSettings.defaults(), ScoringConfig.defaults(), Map.of());
    try (TeamScoresApp app = TeamScoresApp.start(settings)) {
      List<JsonNode> teams = awaitScores(bootstrap, 2);
      JsonNode t1 = teams.get(0);
      assertThat(t1.get("teamId").asText()).isEqualTo("T1");
      assertThat(t1.get("status").asText()).isEqualTo("PUBLISHED");
      assertThat(t1.get("raters").toString())
          .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
      JsonNode change = t1.get("axes").get("CHANGE");
      assertThat(change.get("leader").get("mean").asDouble()).isCloseTo(25.0 / 6, within(1e-12));
      assertThat(change.get("leader").get("sd").asDouble()).isCloseTo(Math.sqrt(17.0 / 30), within(1e-12));
      assertThat(change.get("manager").get("mean").asDouble()).isCloseTo(13.0 / 6, within(1e-12));
      // One self-rater (fewer than k): no self-view. FOCUS leader: P1 and P2 only, pending (fewer than N = 3).
      assertThat(change.get("gap").isNull()).isTrue();
      assertThat(t1.get("pendingRaters").asInt()).isEqualTo(2);
      JsonNode focus = t1.get("axes").get("FOCUS");
      assertThat(focus.get("leader").toString()).isEqualTo("{\"mean\":null,\"sd\":null,\"n\":0,\"raters\":0}");
      assertThat(focus.get("manager").get("mean").asDouble()).isCloseTo(8.0 / 3, within(1e-12));
      assertThat(t1.get("axes").get("HORIZON").get("balance").isNull()).isTrue();
      assertThat(t1.get("overall").get("managerMean").asDouble()).isCloseTo(21.0 / 9, within(1e-12));
      assertThat(t1.get("overall").get("style").asText()).isEqualTo("LEADING");
      assertThat(t1.get("updatedAt").asText()).isEqualTo("2026-10-01T09:00:03Z");
      JsonNode t2 = teams.get(1);
      assertThat(t2.get("teamId").asText()).isEqualTo("T2");
      assertThat(t2.get("status").asText()).isEqualTo("SUPPRESSED");

      Cli.Run withdraw = Cli.run("withdraw", "--bootstrap-servers", bootstrap, "--cycle", "2026-H2",
          "--subject", "S3", "--rater", "P1", "--rater-key-file", key.toString());
      assertThat(withdraw.exitCode()).as(withdraw.err()).isZero();

      List<JsonNode> afterWithdrawal = awaitScores(bootstrap, 1);
      assertThat(afterWithdrawal.get(0).get("teamId").asText()).isEqualTo("T1");
      Cli.Run table = Cli.run("scores", "--bootstrap-servers", bootstrap, "--format", "table");
      assertThat(table.out()).contains("2026-H2  T1    PUBLISHED  LEADING").doesNotContain("T2");
    }
  }

  private static List<JsonNode> awaitScores(String bootstrap, int teams) throws InterruptedException {
    CaughtUp.waitFor(bootstrap, APP_ID, Duration.ofSeconds(60));
    List<JsonNode> parsed = new ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Cli.Run scores = Cli.run("scores", "--bootstrap-servers", bootstrap, "--cycle", "2026-H2");
      assertThat(scores.exitCode()).as(scores.err()).isZero();
      List<String> lines = scores.out().lines().toList();
      assertThat(lines).hasSize(teams);
      parsed.clear();
      for (String line : lines) {
        parsed.add(JSON.readTree(line));
      }
      // Wait for the final state of T1, not an intermediate one: every rater counted, the peers' parts published
      // (P3 at 09:00:03 completes them).
      assertThat(parsed.get(0).get("raters").toString())
          .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
      assertThat(parsed.get(0).get("updatedAt").asText()).isEqualTo("2026-10-01T09:00:03Z");
    });
    return parsed;
  }

  @Test
  void shouldOfferHelpOnEveryCommand() {
    for (String command : List.of("demo", "broker", "produce", "withdraw", "generate", "streams", "scores",
        "replay", "export", "reset", "topics", "token")) {
      Cli.Run help = Cli.run(command, "--help");
      assertThat(help.exitCode()).as(command).isZero();
      assertThat(help.out()).as(command).contains("Usage: feedback360 " + command).contains("--help");
    }
    assertThat(Cli.run("--help").out()).contains("demo", "produce", "scores");
    assertThat(Cli.run("streams", "--help").out()).contains("--http-port", "--advertised-host", "--http-tokens",
        "--http-auth", "--http-tls-keystore", "--http-allowed-host", "--http-max-sse-clients",
        "--http-max-sse-clients-per-token", "--http-accept-peer-signatures");
    assertThat(Cli.run("demo", "--help").out()).contains("--http-port");
    assertThat(Cli.run("reset", "--help").out().replaceAll("\\s+", " ")).contains("second publication sequence");
  }

  @Test
  void shouldRefuseToAddPartitionsToAnExistingResponsesTopic() throws Exception {
    String bootstrap = BROKER.bootstrapServers();
    String[] topicNames = {"--responses-topic", "grow-responses", "--scores-topic", "grow-scores",
        "--scores-json-topic", "grow-scores-json", "--dlq-topic", "grow-dlq"};
    Cli.Run create = Cli.run(concat(new String[] {"topics", "--bootstrap-servers", bootstrap, "--partitions", "2"},
        topicNames));
    assertThat(create.exitCode()).as(create.err()).isZero();
    assertThat(create.out()).contains("created  grow-responses");

    Cli.Run grow = Cli.run(concat(new String[] {"topics", "--bootstrap-servers", bootstrap, "--partitions", "6"},
        topicNames));

    assertThat(grow.exitCode()).isEqualTo(2);
    assertThat(grow.err()).contains("grow-responses already has 2 partitions", "--partitions 6", "refused");
    try (Admin admin = BROKER.admin()) {
      assertThat(TopicProvisioner.partitionCount(admin, "grow-responses", Duration.ofSeconds(30))).isEqualTo(2);
    }
    Cli.Run again = Cli.run(concat(new String[] {"topics", "--bootstrap-servers", bootstrap}, topicNames));
    assertThat(again.exitCode()).as("without --partitions, existing topics are left as they are").isZero();
    assertThat(again.out()).contains("exists   grow-responses");
  }

  private static String[] concat(String[] first, String[] second) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(second)).toArray(String[]::new);
  }

  @Test
  void shouldRefuseToProduceWithoutARaterKey() throws IOException {
    assumeThat(System.getenv("FEEDBACK360_RATER_KEY")).as("no rater key in the environment").isNull();
    Path csv = WorkedExampleCsv.writeTo(dir.resolve("worked-example.csv"));

    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", BROKER.bootstrapServers(), "--input",
        csv.toString());

    assertThat(produce.exitCode()).isEqualTo(1);
    assertThat(produce.err()).contains("FEEDBACK360_RATER_KEY").contains("--rater-key-file");
  }
}
