package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.TeamScores;
import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.producer.generate.GeneratorSettings;
import dev.feedback360.producer.generate.ResponseFileWriter;
import dev.feedback360.producer.generate.SyntheticDataGenerator;
import dev.feedback360.producer.instrument.Instrument;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.ResponseRow;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.AdminClients;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Scale-out against a Kafka broker in a container: two instances of the streams app share one application id (and
 * the four partitions), one is stopped while responses are still arriving, and the scores come out exactly as a
 * single instance computes them from the same responses on the in-process broker.
 */
@ExtendWith(ContainerKafka.class)
@Testcontainers
class ScaleOutContainerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String APPLICATION_ID = "scale-out";

  @Container
  static final KafkaContainer KAFKA = ContainerKafka.newContainer();

  @TempDir
  static Path dir;

  private static Path firstHalf;
  private static Path secondHalf;
  private static Path key;

  @BeforeAll
  static void generateResponses() throws IOException {
    Instrument instrument = Instrument.defaultInstrument();
    List<ResponseRow> rows = new SyntheticDataGenerator(instrument, GeneratorSettings.defaults()).generate();
    int half = rows.size() / 2;
    firstHalf = dir.resolve("first-half.csv");
    secondHalf = dir.resolve("second-half.csv");
    ResponseFileWriter.write(rows.subList(0, half), instrument.itemIds(), InputFormat.CSV, firstHalf);
    ResponseFileWriter.write(rows.subList(half, rows.size()), instrument.itemIds(), InputFormat.CSV, secondHalf);
    key = Files.writeString(dir.resolve("rater.key"), "a scale-out test key of 32 bytes");
  }

  @Test
  void shouldScoreExactlyAsOneInstanceWhenTwoShareTheWorkAndOneStopsMidRun() throws Exception {
    List<TeamScores> expected = scoresOfASingleInstanceOnTheInProcessBroker();
    // GeneratorSettings.defaults(): 12 teams in each of 2 cycles.
    assertThat(expected).hasSize(24);

    String bootstrap = KAFKA.getBootstrapServers();
    assertThat(Cli.run("topics", "--bootstrap-servers", bootstrap).exitCode()).isZero();
    TeamScoresApp survivor = TeamScoresApp.start(settings(bootstrap, "survivor"));
    TeamScoresApp stopped = TeamScoresApp.start(settings(bootstrap, "stopped"));
    try {
      await().atMost(TIMEOUT).untilAsserted(() -> {
        assertThat(activeTasks(survivor.streams())).as("tasks of the survivor").isPositive();
        assertThat(activeTasks(stopped.streams())).as("tasks of the instance to stop").isPositive();
      });

      produce(bootstrap, firstHalf);
      ScoresReader reader = new ScoresReader(bootstrap, Duration.ofSeconds(30));
      await().atMost(TIMEOUT).until(() -> !reader.read(Topics.DEFAULT_SCORES, null).isEmpty());

      // Mid-run: leave the group at once so that the survivor takes over its tasks (and their state) now.
      stopped.streams().close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(Duration.ofSeconds(60)));
      stopped.close();
      produce(bootstrap, secondHalf);

      try (Admin admin = AdminClients.create(bootstrap)) {
        CatchUp catchUp = new CatchUp(admin);
        catchUp.await(APPLICATION_ID, survivor.inputTopics(), TIMEOUT);
        // The offsets of the last transaction can be visible a moment before the markers that commit its output.
        catchUp.awaitSettled(List.of(Topics.DEFAULT_SCORES), TIMEOUT);
      }
      assertThat(activeTasks(survivor.streams())).as("the survivor runs every task").isEqualTo(8);
      assertThat(reader.read(Topics.DEFAULT_SCORES, null)).isEqualTo(expected);
    } finally {
      stopped.close();
      survivor.close();
    }
  }

  private static List<TeamScores> scoresOfASingleInstanceOnTheInProcessBroker() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("broker")).build().start()) {
      String bootstrap = broker.bootstrapServers();
      produce(bootstrap, firstHalf);
      produce(bootstrap, secondHalf);
      try (TeamScoresApp single = TeamScoresApp.start(settings(bootstrap, "single"));
          Admin admin = AdminClients.create(bootstrap)) {
        // RUNNING: its repartition topic exists, so its progress can be read.
        assertThat(single.awaitRunning(TIMEOUT)).as("the single instance runs").isTrue();
        CatchUp catchUp = new CatchUp(admin);
        catchUp.await(APPLICATION_ID, single.inputTopics(), TIMEOUT);
        catchUp.awaitSettled(List.of(Topics.DEFAULT_SCORES), TIMEOUT);
        return new ScoresReader(bootstrap, Duration.ofSeconds(30)).read(Topics.DEFAULT_SCORES, null);
      }
    }
  }

  private static void produce(String bootstrap, Path csv) {
    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", bootstrap, "--input", csv.toString(),
        "--rater-key-file", key.toString());
    assertThat(produce.exitCode()).as(produce.out() + produce.err()).isZero();
  }

  /**
   * Every change published (N = 1): the exact scores do not depend on the order in which partitions are processed,
   * where the batches of the default rule do, so two runs compare exactly only this way.
   */
  private static StreamsSettings settings(String bootstrap, String instance) {
    return new StreamsSettings(bootstrap, APPLICATION_ID, dir.resolve("state-" + instance), Topics.defaults(),
        TopicSettings.defaults(), new ScoringConfig(ScoringConfig.DEFAULT_MIN_RATERS, 1), Map.of());
  }

  private static long activeTasks(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream().mapToLong(thread -> thread.activeTasks().size()).sum();
  }
}
