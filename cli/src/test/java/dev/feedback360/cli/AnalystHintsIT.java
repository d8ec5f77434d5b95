package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hints an analyst gets on a real in-process broker when a command's answer is empty or refused for a reason
 * the command can name: a mistyped cycle, a topic the app has not created or written yet, the responses topic
 * exported as scores, a replay's output that already holds records or a replay that timed out.
 */
class AnalystHintsIT {

  private static final String KEY = "an analyst hints test key of 32 bytes";

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  static Path dir;

  @Test
  void shouldSayWhoCreatesAMissingScoresTopicAndWhyAnEmptyOneHasNoTeams() throws Exception {
    String s = UniqueTopics.suffix();
    String scores = "scores-" + s;

    Cli.Run missing = Cli.run("scores", "--bootstrap-servers", BROKER.bootstrapServers(), "--scores-topic", scores);
    createTopics(scores, "scores-json-" + s + "-participation");
    Cli.Run empty = Cli.run("scores", "--bootstrap-servers", BROKER.bootstrapServers(), "--scores-topic", scores);
    Cli.Run participation = Cli.run("participation", "--bootstrap-servers", BROKER.bootstrapServers(),
        "--scores-json-topic", "scores-json-" + s, "--cycle", "2026-H2");

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("Topic " + scores + " does not exist at ")
        .contains("created by the streams app when it first starts (./feedback360 streams), or by ./feedback360 "
            + "topics");
    assertThat(empty.exitCode()).as(empty.err()).isZero();
    assertThat(empty.out()).isEmpty();
    assertThat(empty.err()).startsWith("no team has scores yet: " + scores + " holds none. The streams app writes");
    assertThat(participation.exitCode()).as(participation.err()).isZero();
    assertThat(participation.err()).startsWith("no teams in cycle 2026-H2; no team has participation yet: "
        + "scores-json-" + s + "-participation holds none.");
  }

  @Test
  void shouldWarnAfterAWithdrawalOfACycleTheAppDoesNotKnow() throws Exception {
    String s = UniqueTopics.suffix();
    Map<String, String> topics = knownCycle2026H1(s);
    Path key = Files.writeString(dir.resolve("rater-" + s + ".key"), KEY + "\n");
    Path input = Files.writeString(dir.resolve("withdrawals-" + s + ".csv"), "cycle_id,subject_id,rater_id\n"
        + "2026-h1,emp-00001,emp-00042\n"
        + "2026-h1,emp-00002,emp-00042\n"
        + "2026-H1,emp-00003,emp-00042\n");

    Cli.Run wrong = withdraw(topics, key, "--cycle", "2026-h1", "--subject", "emp-00001", "--rater", "emp-00042");
    Cli.Run right = withdraw(topics, key, "--cycle", "2026-H1", "--subject", "emp-00001", "--rater", "emp-00042");
    Cli.Run file = withdraw(topics, key, "--input", input.toString());

    assertThat(wrong.exitCode()).as(wrong.err()).isZero();
    assertThat(wrong.out()).startsWith("Withdrawal sent at ");
    assertThat(wrong.err()).contains("Warning: cycle 2026-h1 has no team on " + topics.get("scores") + " or "
        + topics.get("participation") + "; cycles there: 2026-H1. If 2026-h1 is not the cycle id, this withdrawal "
        + "erased nothing");
    assertThat(right.exitCode()).as(right.err()).isZero();
    assertThat(right.err()).isEmpty();
    assertThat(file.exitCode()).as(file.err()).isZero();
    assertThat(file.err()).contains("Warning: 2 rows name cycles with no team on " + topics.get("scores") + " or "
        + topics.get("participation") + " (2026-h1); cycles there: 2026-H1. If a cycle id is wrong, its rows "
        + "erased nothing").doesNotContain("emp-00042");
  }

  @Test
  void shouldNotWarnAboutTheCycleWhereTheScoresTopicsCannotBeSeen() throws Exception {
    // Not created yet, or (on a secured cluster) not visible to the ingest principal: the cycles cannot be told.
    String s = UniqueTopics.suffix();
    Map<String, String> unseen = Map.of("responses", "responses-unseen-" + s, "scores", "scores-unseen-" + s,
        "participation", "participation-unseen-" + s);
    Path key = Files.writeString(dir.resolve("rater-unseen-" + s + ".key"), KEY + "\n");

    Cli.Run withdrawal = withdraw(unseen, key, "--cycle", "2026-h1", "--subject", "emp-00001", "--rater",
        "emp-00042");

    assertThat(withdrawal.exitCode()).as(withdrawal.err()).isZero();
    assertThat(withdrawal.out()).startsWith("Withdrawal sent at ");
    assertThat(withdrawal.err()).doesNotContain("Warning");
  }

  @Test
  void shouldNameTheCyclesThereAreWhenAnExportOfACycleFindsNone() throws Exception {
    String s = UniqueTopics.suffix();
    Map<String, String> topics = knownCycle2026H1(s);
    String responses = "responses-" + s;
    produceWorkedExample(responses);

    Cli.Run scores = export(topics, "--cycle", "2026-h1", "--output", dir.resolve("s-" + s + ".csv").toString());
    Cli.Run participation = export(topics, "--participation", "--cycle", "2026-h1", "--output",
        dir.resolve("p-" + s + ".csv").toString());
    Cli.Run raw = export(topics, "--raw", "--responses-topic", responses, "--cycle", "2026-h1", "--output",
        dir.resolve("r-" + s + ".csv").toString());

    assertThat(scores.exitCode()).as(scores.err()).isZero();
    assertThat(scores.err()).contains("Wrote 0 teams").contains("no teams in cycle 2026-h1; no team has scores yet");
    assertThat(participation.exitCode()).as(participation.err()).isZero();
    assertThat(participation.err()).contains("no teams in cycle 2026-h1; cycles with participation: 2026-H1");
    assertThat(raw.exitCode()).as(raw.err()).isZero();
    assertThat(raw.err()).contains("Wrote 0 responses").contains("cycle 2026-h1 has no team on "
        + topics.get("scores") + " or " + topics.get("participation") + "; cycles there: 2026-H1. If 2026-h1 is "
        + "mistyped, the export holds none of its responses.");
  }

  @Test
  void shouldSuggestRawWhenTheResponsesTopicIsExportedAsScores() throws Exception {
    String responses = "responses-" + UniqueTopics.suffix();
    produceWorkedExample(responses);

    Cli.Run export = Cli.run("export", "--bootstrap-servers", BROKER.bootstrapServers(), "--topic", responses,
        "--output", dir.resolve("wrong-" + responses + ".csv").toString());

    assertThat(export.exitCode()).isEqualTo(1);
    assertThat(export.err()).contains("Cannot decode TeamKey: the record is a ResponseKey v1")
        .contains("not a TeamKey; wrong topic?")
        .contains(responses + " holds survey responses, not scores: to export the responses add --raw")
        .doesNotContain("upgrade the reader").doesNotContain("Is it a scores topic?");
  }

  @Test
  void shouldSayThatAJsonTopicIsNotAScoresTopicWhenItIsExported() throws Exception {
    String json = "scores-json-" + UniqueTopics.suffix();
    createTopics(json);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(json, bytes("2026-H1/T1"),
          bytes("{\"cycleId\":\"2026-H1\",\"teamId\":\"T1\"}"))).get(30, TimeUnit.SECONDS);
    }

    Cli.Run export = Cli.run("export", "--bootstrap-servers", BROKER.bootstrapServers(), "--topic", json,
        "--output", dir.resolve("wrong-" + json + ".csv").toString());

    assertThat(export.exitCode()).isEqualTo(1);
    assertThat(export.err()).contains("Cannot read the key at " + json + "-0 offset 0")
        .contains("Is it a scores topic? team-scores and replay outputs are; team-scores-json and "
            + "team-participation-json hold JSON");
  }

  @Test
  void shouldNameOnlyTheTopicsAFastReplayReadsAndWrites() throws Exception {
    String s = UniqueTopics.suffix();
    String responses = "responses-" + s;
    String output = "fast-" + s;
    produceWorkedExample(responses);

    Cli.Run first = replay(responses, "--output", output, "--mode", "fast");
    Cli.Run again = replay(responses, "--output", output, "--mode", "fast");
    Map<String, String> known = knownCycle2026H1(s);
    Cli.Run wrongCycle = replay(responses, "--output", "fast-cycle-" + s, "--mode", "fast", "--cycle", "2026-h2",
        "--scores-topic", known.get("scores"), "--participation-json-topic", known.get("participation"));

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("Replaying " + responses + " (").doesNotContain("nominations");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("The output topic " + output + " already holds records")
        .contains("Replay into a new --output, or delete " + output + ", " + output + "-json, " + output + "-dlq "
            + "first: kafka-topics.sh --bootstrap-server " + BROKER.bootstrapServers() + " --delete --topic '"
            + output + "|" + output + "-json|" + output + "-dlq'")
        .doesNotContain("participation");
    assertThat(wrongCycle.exitCode()).as(wrongCycle.err()).isZero();
    assertThat(wrongCycle.err()).contains("cycle 2026-h2 has no team on " + known.get("scores"))
        .contains("cycles there: 2026-H1")
        .contains("If 2026-h2 is mistyped, this replay counted none of its responses.");
  }

  @Test
  void shouldSayWhatMakesTheRetryOfATimedOutReplayWork() throws Exception {
    String s = UniqueTopics.suffix();
    String responses = "responses-" + s;
    String output = "timed-out-" + s;
    produceWorkedExample(responses);

    Cli.Run replay = replay(responses, "--output", output, "--timeout", "1ms");

    assertThat(replay.exitCode()).isEqualTo(1);
    assertThat(replay.err()).contains("has not caught up after").doesNotContain("Retry with a longer timeout")
        .contains("A retry into the same --output is refused: this replay created " + output + ", " + output
            + "-json, " + output + "-dlq, " + output
            + "-participation and may have written to them. Retry with a longer "
            + "--timeout and a new --output, or delete those topics first: kafka-topics.sh --bootstrap-server ");
  }

  private static Cli.Run replay(String responses, String... args) {
    List<String> all = new ArrayList<>(List.of("replay", "--bootstrap-servers", BROKER.bootstrapServers(),
        "--responses-topic", responses));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private static Cli.Run withdraw(Map<String, String> topics, Path key, String... args) {
    List<String> all = new ArrayList<>(List.of("withdraw", "--bootstrap-servers",
        BROKER.bootstrapServers(), "--responses-topic", topics.get("responses"), "--scores-topic",
        topics.get("scores"), "--participation-json-topic", topics.get("participation"), "--rater-key-file",
        key.toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private static Cli.Run export(Map<String, String> topics, String... args) {
    List<String> all = new ArrayList<>(List.of("export", "--bootstrap-servers", BROKER.bootstrapServers(),
        "--scores-topic", topics.get("scores"), "--participation-json-topic", topics.get("participation")));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  /**
   * Topics of a pipeline whose app knows cycle 2026-H1 only: an empty scores topic and one team's participation.
   */
  private static Map<String, String> knownCycle2026H1(String suffix) throws Exception {
    Map<String, String> topics = Map.of("responses", "responses-known-" + suffix, "scores", "scores-" + suffix,
        "participation", "participation-" + suffix);
    createTopics(topics.get("scores"), topics.get("participation"));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topics.get("participation"), bytes("2026-H1/T1"),
          bytes("{\"cycleId\":\"2026-H1\",\"teamId\":\"T1\",\"groups\":{}}"))).get(30, TimeUnit.SECONDS);
    }
    return topics;
  }

  private static void createTopics(String... names) throws Exception {
    try (Admin admin = BROKER.admin()) {
      admin.createTopics(Arrays.stream(names).map(n -> new NewTopic(n, 1, (short) 1)).toList())
          .all().get(30, TimeUnit.SECONDS);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void produceWorkedExample(String responses) throws IOException {
    WorkedExampleCsv.produce(BROKER.bootstrapServers(), responses, dir);
  }

}
