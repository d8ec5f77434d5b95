package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.json.TeamScoresJson;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.testkit.WorkedExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay} and {@code export} as an analyst runs them, on a real in-process broker: the worked-example CSV
 * through {@code produce}, a replay into a topic of the analyst's own, exported to CSV and JSON Lines and read back.
 */
class ReplayExportIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  static Path dir;

  @Test
  void shouldReplayIntoItsOwnTopicAndExportFilesThatReadBackAsTheTopic() throws Exception {
    String s = UniqueTopics.suffix();
    String responses = "responses-" + s;
    String output = "what-if-" + s;
    produceWorkedExample(responses);

    Cli.Run replay = Cli.run("replay", "--bootstrap-servers", BROKER.bootstrapServers(), "--responses-topic",
        responses, "--output", output, "--as-of", "2026-10-01T11:00:06+02:00", "--min-raters", "2",
        "--unsafe-allow-min-raters-below-3");

    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.err()).contains("Replaying " + responses).contains("100%");
    assertThat(replay.out()).contains("Warning: do not hand this replay's output to readers")
        .contains("k = 2 is below production's 3").contains("--as-of outputs");
    assertThat(replay.out()).contains("9 responses read, 1 teams written to " + output)
        .contains("Removed: internal topics [feedback360-replay-");
    List<TeamScores> topic = new ScoresReader(BROKER.bootstrapServers(), Duration.ofSeconds(30)).read(output, null);
    // As of 09:00:06Z with k = 2: the direct reports D1, D2 count, the self-rating (09:00:07Z) and T2 (09:00:09Z)
    // do not.
    assertThat(topic).hasSize(1);
    assertThat(topic.get(0).getRaters().getDirectReport()).isEqualTo(2);
    assertThat(topic.get(0).getRaters().getSelf()).isZero();

    Path csv = dir.resolve("scores-" + s + ".csv");
    Cli.Run exportCsv = Cli.run("export", "--bootstrap-servers", BROKER.bootstrapServers(), "--topic", output,
        "--output", csv.toString());
    Path jsonl = dir.resolve("scores-" + s + ".jsonl");
    Cli.Run exportJsonl = Cli.run("export", "--bootstrap-servers", BROKER.bootstrapServers(), "--topic", output,
        "--output", jsonl.toString(), "--format", "jsonl");

    assertThat(exportCsv.exitCode()).as(exportCsv.err()).isZero();
    assertThat(exportJsonl.exitCode()).as(exportJsonl.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(1 + topic.size());
    List<String> header = List.of(lines.get(0).split(",", -1));
    for (int i = 0; i < topic.size(); i++) {
      assertRowEqualsContract(header, List.of(lines.get(i + 1).split(",", -1)), TeamScoresJson.toJson(topic.get(i)));
    }
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl)) {
      parsed.add(JSON.readTree(line));
    }
    assertThat(parsed).containsExactlyElementsOf(topic.stream().map(t -> (JsonNode) TeamScoresJson.toJson(t))
        .toList());
    assertThat(Files.list(dir)).noneMatch(p -> p.getFileName().toString().endsWith(".tmp"));
  }

  @Test
  void shouldExportTheCountedResponsesWithPseudonymsOnly() throws Exception {
    String s = UniqueTopics.suffix();
    String responses = "responses-" + s;
    produceWorkedExample(responses);
    Path raw = dir.resolve("raw-" + s + ".jsonl");

    Cli.Run export = Cli.run("export", "--bootstrap-servers", BROKER.bootstrapServers(), "--raw", "--topic",
        responses, "--output", raw.toString());

    assertThat(export.exitCode()).as(export.err()).isZero();
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(raw)) {
      rows.add(JSON.readTree(line));
    }
    // 9 rows sent; r-00 is a stale re-send of P1's response to S1 (older than r-01), so 8 count.
    assertThat(rows).extracting(r -> r.get("response_id").asText())
        .containsExactlyInAnyOrder("r-01", "r-02", "r-03", "r-04", "r-05", "r-06", "r-07", "r-09");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("rater_id").asText()).matches("[0-9a-f]{64}"));
    assertThat(Files.readString(raw)).doesNotContain("\"P1\"", "\"M1\"", "\"D1\"");
    JsonNode p1 = rows.stream().filter(r -> r.get("response_id").asText().equals("r-01")).findFirst().orElseThrow();
    assertThat(p1.get("answers").get("CHANGE_L1").asInt()).isEqualTo(5);
    assertThat(p1.get("answers").get("FOCUS_L2").isNull()).isTrue();
  }

  @Test
  void shouldLeaveOutOfTheRawExportTheRecordsTheAppRefusesAsMisplaced() throws Exception {
    String s = UniqueTopics.suffix();
    String responses = "responses-" + s;
    produceWorkedExample(responses);
    Map<String, ConsumerRecord<byte[], byte[]>> sent = new HashMap<>();
    int[] partitions = {0};
    new TopicScan(BROKER.bootstrapServers(), Duration.ofSeconds(30)).scan(responses,
        count -> partitions[0] = count, record -> sent.put(
            AvroSerdes.surveyResponse().decode(record.value()).getResponseId(), record));
    assertThat(partitions[0]).isGreaterThan(1);
    // A client with another partitioner (librdkafka's default) sends a correction of r-01, every answer 1 and later,
    // and a withdrawal of r-02, each on a partition other than its key's: the app refuses both, and so must the export.
    ConsumerRecord<byte[], byte[]> r01 = sent.get("r-01");
    SurveyResponse corrected = AvroSerdes.surveyResponse().decode(r01.value());
    corrected.setResponseId("r-01-misplaced");
    corrected.setSubmittedAt(corrected.getSubmittedAt().plusSeconds(3_600));
    corrected.getAnswers().forEach(answer -> answer.setScore(1));
    ConsumerRecord<byte[], byte[]> r02 = sent.get("r-02");
    // And a correction of r-03 on its key's partition, but with a submittedAt two hours after the time it is sent: the
    // app dead-letters it (EventTimes), so the export keeps r-03 as it was.
    ConsumerRecord<byte[], byte[]> r03 = sent.get("r-03");
    SurveyResponse fromTheFuture = AvroSerdes.surveyResponse().decode(r03.value());
    fromTheFuture.setResponseId("r-03-future");
    fromTheFuture.setSubmittedAt(Instant.now().plus(Duration.ofHours(2)));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(responses, (r01.partition() + 1) % partitions[0], r01.key(),
          AvroSerdes.surveyResponse().encode(corrected))).get();
      producer.send(new ProducerRecord<>(responses, (r02.partition() + 1) % partitions[0], r02.key(), null)).get();
      producer.send(new ProducerRecord<>(responses, r03.partition(), r03.key(),
          AvroSerdes.surveyResponse().encode(fromTheFuture))).get();
    }
    Path raw = dir.resolve("misplaced-" + s + ".jsonl");

    Cli.Run export = Cli.run("export", "--bootstrap-servers", BROKER.bootstrapServers(), "--raw", "--topic",
        responses, "--output", raw.toString());

    assertThat(export.exitCode()).as(export.err()).isZero();
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(raw)) {
      ids.add(JSON.readTree(line).get("response_id").asText());
    }
    assertThat(ids).containsExactlyInAnyOrder("r-01", "r-02", "r-03", "r-04", "r-05", "r-06", "r-07", "r-09");
    assertThat(export.err()).contains("Wrote 8 responses").contains("12 records read")
        .contains("3 left out as the streams app refuses them").contains("1 failing its checks")
        .contains("2 on another partition than their key's");
  }

  @Test
  void shouldWarnWhenAReplayPublishesTheSdThatProductionWithholds() throws Exception {
    String s = UniqueTopics.suffix();
    String responses = "responses-" + s;
    String production = "scores-" + s;
    produceWorkedExample(responses);
    // Production's newest record, as an app run with --withhold-sd publishes it: three peers' cell shown, no sd.
    TeamAggregate team = new TeamAggregate(ScoringConfig.defaults());
    for (String rater : List.of("P1", "P2", "P3")) {
      team.add(WorkedExample.peer(rater, "S1", 1, "CHANGE_L1=4 CHANGE_L2=2"));
    }
    TeamScores withheld = new ScoreCalculator(ScoringConfig.defaults().withholdingSd(true))
        .scores(new TeamKey(WorkedExample.CYCLE, WorkedExample.TEAM), team, WorkedExample.T0);
    assertThat(withheld.getAxes().getChange().getLeader().getMean()).isEqualTo(3.0);
    ResponseLog.createTopic(BROKER.bootstrapServers(), production, 1);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(production, AvroSerdes.teamKey().serializer().serialize(production,
          new TeamKey(WorkedExample.CYCLE, WorkedExample.TEAM)), AvroSerdes.teamScores().encode(withheld))).get();
    }

    Cli.Run publishing = Cli.run("replay", "--bootstrap-servers", BROKER.bootstrapServers(), "--responses-topic",
        responses, "--scores-topic", production, "--output", "what-if-sd-" + s);
    Cli.Run withholding = Cli.run("replay", "--bootstrap-servers", BROKER.bootstrapServers(), "--responses-topic",
        responses, "--scores-topic", production, "--output", "what-if-no-sd-" + s, "--withhold-sd");

    assertThat(publishing.exitCode()).as(publishing.err()).isZero();
    assertThat(publishing.out()).contains("Warning: do not hand this replay's output to readers")
        .contains("it publishes sd, which production withholds (--withhold-sd)");
    assertThat(withholding.exitCode()).as(withholding.err()).isZero();
    assertThat(withholding.out()).doesNotContain("Warning")
        .contains("Note: hand this replay's output only to readers who see no other replay's or production's");
    List<TeamScores> replayed = new ScoresReader(BROKER.bootstrapServers(), Duration.ofSeconds(30))
        .read("what-if-no-sd-" + s, null);
    assertThat(replayed).anySatisfy(record -> assertThat(TeamScoresJson.toJsonLine(record))
        .containsPattern("\"mean\":[0-9]")).allSatisfy(record -> assertThat(TeamScoresJson.toJsonLine(record))
            .doesNotContainPattern("\"sd\":[^n]"));
  }

  @Test
  void shouldRefuseToReplayIntoTheProductionScoresTopic() {
    for (String output : List.of("team-scores", "team-scores-json")) {
      Cli.Run replay = Cli.run("replay", "--bootstrap-servers", BROKER.bootstrapServers(), "--output", output);

      assertThat(replay.exitCode()).as("a usage error").isEqualTo(2);
      assertThat(replay.err()).contains("never writes to the production topic").contains("choose another output topic")
          .contains("(--output)");
    }
  }

  private static void assertRowEqualsContract(List<String> header, List<String> cells, JsonNode contract) {
    assertThat(cells).hasSameSizeAs(header);
    int leaves = countLeaves(contract);
    assertThat(header).hasSize(leaves);
    for (int i = 0; i < header.size(); i++) {
      JsonNode expected = contract.at(pointer(header.get(i)));
      String cell = cells.get(i);
      assertThat(expected.isMissingNode()).as(header.get(i)).isFalse();
      if (expected.isNull()) {
        assertThat(cell).as(header.get(i)).isEmpty();
      } else if (expected.isNumber()) {
        assertThat(Double.parseDouble(cell)).as(header.get(i)).isEqualTo(expected.asDouble());
      } else {
        assertThat(cell).as(header.get(i)).isEqualTo(expected.asText());
      }
    }
  }

  /** CSV column -> JSON pointer into the contract, written out independently of the exporter. */
  private static String pointer(String column) {
    String[] parts = column.split("_", 2);
    if (parts.length == 1) {
      return "/" + column;
    }
    if (parts[0].equals("raters") || parts[0].equals("overall")) {
      return "/" + parts[0] + "/" + parts[1];
    }
    return "/axes/" + parts[0] + "/" + parts[1].replace('_', '/');
  }

  private static int countLeaves(JsonNode node) {
    if (!node.isObject()) {
      return 1;
    }
    int count = 0;
    for (JsonNode child : node) {
      count += countLeaves(child);
    }
    return count;
  }

  private static void produceWorkedExample(String responses) throws IOException {
    WorkedExampleCsv.produce(BROKER.bootstrapServers(), responses, dir);
  }

}
