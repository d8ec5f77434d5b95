package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a SASL_SSL-only broker with the least-privilege ACLs ({@code broker --secure}): every principal
 * does its own job with its own client properties file, and is refused outside its grant.
 */
class SecurePipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir
  static Path dir;

  private static EmbeddedKafkaBroker broker;
  private static SecuredPipeline pipeline;
  private static Path key;

  @BeforeAll
  static void startSecuredBroker() throws InterruptedException, IOException {
    broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("broker")).secure().build().start();
    pipeline = SecuredPipeline.prepare(broker, Topics.defaults(), new TopicSettings(2, (short) 1));
    key = Files.writeString(dir.resolve("rater.key"), "a secure pipeline test key of 32 bytes");
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @SuppressWarnings("try") // the app runs while the try block checks its output
  void shouldRunThePipelineWithEachPrincipalDoingItsOwnJob() throws Exception {
    Path csv = WorkedExampleCsv.writeTo(dir.resolve("worked-example.csv"));

    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", broker.bootstrapServers(), "--command-config",
        config("ingest"), "--input", csv.toString(), "--rater-key-file", key.toString());
    assertThat(produce.exitCode()).as(produce.err()).isEqualTo(2); // the worked example's one rejected row
    assertThat(produce.out()).contains("10 rows read: 9 sent, 1 rejected");
    sendAPoisonPillAs("ingest");

    StreamsSettings settings = new StreamsSettings(pipeline.connection("streams"),
        StreamsSettings.DEFAULT_APPLICATION_ID, dir.resolve("state"), Topics.defaults(),
        new TopicSettings(2, (short) 1),
        ScoringConfig.defaults(), Map.of());
    try (TeamScoresApp app = TeamScoresApp.start(settings)) {
      await().atMost(PATIENCE).untilAsserted(() -> {
        Cli.Run scores = Cli.run("scores", "--bootstrap-servers", broker.bootstrapServers(), "--command-config",
            config("analyst"), "--cycle", "2026-H2");
        assertThat(scores.exitCode()).as(scores.err()).isZero();
        List<JsonNode> teams = new ArrayList<>();
        for (String line : scores.out().lines().toList()) {
          teams.add(JSON.readTree(line));
        }
        assertThat(teams).extracting(team -> team.get("teamId").asText()).containsExactly("T1", "T2");
        assertThat(teams.get(0).get("raters").toString())
            .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
      });
      await().atMost(PATIENCE).untilAsserted(() -> assertThat(readAs("streams", Topics.DEFAULT_DEAD_LETTERS))
          .as("the poison pill, dead-lettered").hasSize(1));
      await().atMost(PATIENCE).untilAsserted(() -> assertThat(readAs("dashboard", Topics.DEFAULT_SCORES_JSON))
          .as("the dashboard follows the JSON scores").isNotEmpty());

      Cli.Run replay = Cli.run("replay", "--bootstrap-servers", broker.bootstrapServers(), "--command-config",
          config("analyst"), "--output", "analysis-what-if-k5", "--min-raters", "5");
      assertThat(replay.exitCode()).as(replay.err()).isZero();
      Cli.Run export = Cli.run("export", "--bootstrap-servers", broker.bootstrapServers(), "--command-config",
          config("analyst"), "--topic", "analysis-what-if-k5", "--output", dir.resolve("k5.jsonl").toString());
      assertThat(export.exitCode()).as(export.err()).isZero();
      assertThat(Files.readAllLines(dir.resolve("k5.jsonl"))).hasSize(2);
    }

    // The administrator resets the stopped app (docs/security.md) over the same SASL_SSL listener: Kafka's reset
    // tool reads its admin client's settings from a file, not from the properties it is handed.
    Cli.Run reset = Cli.run("reset", "--bootstrap-servers", broker.bootstrapServers(), "--command-config",
        config(EmbeddedKafkaBroker.SUPER_USER), "--application-id", StreamsSettings.DEFAULT_APPLICATION_ID,
        "--state-dir",
        dir.resolve("state").toString(), "--wait", "30s");
    assertThat(reset.exitCode()).as(reset.err()).isZero();
    // The app is started again as its own principal, never with the administrator's file the reset ran with.
    assertThat(reset.out()).contains("--command-config STREAMS_CLIENT_PROPERTIES")
        .doesNotContain("streams --bootstrap-servers " + broker.bootstrapServers() + " --command-config "
            + config(EmbeddedKafkaBroker.SUPER_USER));
    assertThat(dir.resolve("state").resolve(StreamsSettings.DEFAULT_APPLICATION_ID)).doesNotExist();
    try (Admin admin = pipeline.connection(EmbeddedKafkaBroker.SUPER_USER).admin()) {
      assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
          .noneMatch(topic -> topic.startsWith(StreamsSettings.DEFAULT_APPLICATION_ID + "-"));
    }
  }

  @Test
  void shouldRefuseEachPrincipalOutsideItsGrantWithALineNamingTheAuthorisation() throws IOException {
    Path csv = dir.resolve("one-row.csv");

    Cli.Run dashboardProducing = Cli.run("produce", "--bootstrap-servers", broker.bootstrapServers(),
        "--command-config", config("dashboard"), "--input", WorkedExampleCsv.writeTo(csv).toString(),
        "--rater-key-file", key.toString());
    // A refused ACL is a configuration error (exit 1), not a send that running the file again could complete.
    assertThat(dashboardProducing.exitCode()).as(dashboardProducing.err()).isEqualTo(ExitCodes.FAILURE);
    assertThat(dashboardProducing.out()).contains("Not authorised to create topics [survey-responses]",
        "lacks DESCRIBE on them", "docs/security.md");
    assertThat(dashboardProducing.err()).contains(config("dashboard") + " (User:dashboard) has no ACL for that");

    Cli.Run ingestReading = Cli.run("scores", "--bootstrap-servers", broker.bootstrapServers(), "--command-config",
        config("ingest"), "--timeout", "20");
    assertThat(ingestReading.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(ingestReading.err()).contains("Not authorized to access topics: [" + Topics.DEFAULT_SCORES + "]",
        "has no ACL for that");

    Cli.Run analystOutsidePrefix = Cli.run("replay", "--bootstrap-servers", broker.bootstrapServers(),
        "--command-config", config("analyst"), "--output", "not-an-analysis-topic");
    assertThat(analystOutsidePrefix.exitCode()).isNotZero();
    assertThat(analystOutsidePrefix.err()).containsIgnoringCase("authoriz");

    assertThatThrownBy(() -> readAs("dashboard", Topics.DEFAULT_RESPONSES))
        .isInstanceOf(TopicAuthorizationException.class);
  }

  @Test
  void shouldNotLetAPlaintextClientIn() {
    Cli.Run plaintext = Cli.run("scores", "--bootstrap-servers", broker.bootstrapServers(), "--timeout", "5");

    assertThat(plaintext.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(plaintext.err()).contains(broker.bootstrapServers());
  }

  private static String config(String principal) {
    return pipeline.clientPropertiesFile(principal).toString();
  }

  private static void sendAPoisonPillAs(String principal) throws Exception {
    Properties props = pipeline.connection(principal).properties();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.DEFAULT_RESPONSES, "poison".getBytes(StandardCharsets.UTF_8),
          "not avro".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    }
  }

  /** Every record of a topic, read as {@code principal} in a consumer group of the dashboard's prefix. */
  private static List<byte[]> readAs(String principal, String topic) {
    KafkaConnection kafka = pipeline.connection(principal);
    Properties props = kafka.properties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "feedback360-dashboard-it-" + principal);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<byte[]> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition())).toList());
      consumer.seekToBeginning(consumer.assignment());
      for (int polls = 0; polls < 10; polls++) {
        consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
      }
    }
    return values;
  }
}
