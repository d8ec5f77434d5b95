package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.ThresholdExample;
import dev.feedback360.streams.errors.DeadLetterProcessingExceptionHandler;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.ResponseLog.Entry;
import dev.feedback360.testkit.Responses;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Reprocessing the production app from scratch: stop, reset, restart with another threshold. */
class ApplicationResetIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  Path stateDir;

  @Test
  @SuppressWarnings("try") // the resource is opened for the body's duration, which needs it running, not named
  void shouldRescoreEveryResponseWithTheNewThresholdAfterAReset() throws Exception {
    String s = UniqueTopics.suffix();
    Topics topics = UniqueTopics.withSuffix(s);
    String appId = "reset-app-" + s;
    ResponseLog.write(BROKER.bootstrapServers(), topics.responses(), 2,
        ThresholdExample.responses().stream().map(Entry::submit).toList());
    writeAPoisonAndAMisplacedRecord(topics.responses());
    ApplicationReset reset = new ApplicationReset(BROKER.bootstrapServers());

    try (TeamScoresApp app = TeamScoresApp.start(settings(topics, appId, 3))) {
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(read(topics)).extracting(TeamScores::getStatus)
          .containsExactly(PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED));
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deadLetterReasons(topics)).hasSize(2));
      assertThatThrownBy(() -> reset.reset(appId, List.of(topics.responses()), stateDir, Duration.ZERO, false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still has 1 active member")
          .hasMessageContaining("stop every instance");
    }
    assertThat(stateDir.resolve(appId)).isDirectory();

    // The app is stopped; its membership lingers until the session times out, hence --force.
    reset.reset(appId, List.of(topics.responses()), stateDir, Duration.ZERO, true);

    assertThat(stateDir.resolve(appId)).doesNotExist();
    assertThat(topics()).noneMatch(topic -> topic.startsWith(appId));
    try (TeamScoresApp app = TeamScoresApp.start(settings(topics, appId, 5))) {
      // ThresholdExample: with k = 5, T4 (4 peers) is suppressed, T5 (5 peers) still published.
      await().atMost(TIMEOUT).untilAsserted(() -> {
        List<TeamScores> teams = read(topics);
        assertThat(teams).extracting(TeamScores::getMinRaters).containsExactly(5, 5);
        assertThat(teams).extracting(TeamScores::getStatus)
            .containsExactly(PublicationStatus.SUPPRESSED, PublicationStatus.PUBLISHED);
      });
      TeamScores t4 = read(topics).get(0);
      assertThat(t4.getAxes().getChange().getLeader().getMean()).isNull();
      assertThat(t4.getRaters().getPeer()).as("the misplaced fifth peer is not counted").isEqualTo(4);
      try (Admin admin = BROKER.admin()) {
        CatchUp catchUp = new CatchUp(admin);
        catchUp.await(appId, app.inputTopics(), TIMEOUT);
        catchUp.awaitSettled(List.of(topics.deadLetters()), TIMEOUT);
      }
      assertThat(deadLetterReasons(topics)).as("reprocessing after the reset repeats no dead letter")
          .hasSize(2)
          .anySatisfy(reason -> assertThat(reason).contains("Misplaced record", "partitioner=murmur2_random"));
    }
  }

  @Test
  void shouldDeleteOnlyItsOwnInternalTopicsAndRewindEveryInputTopic() throws Exception {
    String s = UniqueTopics.suffix();
    Topics topics = UniqueTopics.withSuffix(s);
    String appId = "reset-prefix-" + s;
    String upgraded = appId + "-v2";
    List<String> inputs = List.of(topics.responses(), topics.nominations());
    createTopics(inputs);
    createTopics(TeamScoresTopology.internalTopics(appId));
    createTopics(TeamScoresTopology.internalTopics(upgraded));
    writeOneRecordToEach(inputs);
    commitOffsetsAtTheEnd(appId, inputs);

    new ApplicationReset(BROKER.bootstrapServers()).reset(appId, inputs, stateDir, Duration.ZERO, false);

    assertThat(topics()).doesNotContainAnyElementsOf(TeamScoresTopology.internalTopics(appId))
        .as("the upgrade's app, whose id starts with the reset one's, keeps its state")
        .containsAll(TeamScoresTopology.internalTopics(upgraded));
    assertThat(committedOffsets(appId)).containsOnlyKeys(partitionsOf(inputs)).allSatisfy(
        (partition, offset) -> assertThat(offset).as(partition.toString()).isZero());

    // Reset again, before the app ran again: no internal topic of its own, still nothing of the other app's taken.
    commitOffsetsAtTheEnd(appId, inputs);
    new ApplicationReset(BROKER.bootstrapServers()).reset(appId, inputs, stateDir, Duration.ZERO, false);

    assertThat(topics()).containsAll(TeamScoresTopology.internalTopics(upgraded));
    assertThat(committedOffsets(appId)).allSatisfy(
        (partition, offset) -> assertThat(offset).as(partition.toString()).isZero());
  }

  private static void createTopics(List<String> names) throws Exception {
    try (Admin admin = BROKER.admin()) {
      admin.createTopics(names.stream().map(name -> new NewTopic(name, 2, (short) 1)).toList()).all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static void writeOneRecordToEach(List<String> names) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers())) {
      for (String name : names) {
        for (int partition = 0; partition < 2; partition++) {
          producer.send(new ProducerRecord<>(name, partition, "k".getBytes(StandardCharsets.UTF_8),
              "v".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static List<TopicPartition> partitionsOf(List<String> names) {
    return names.stream().flatMap(name -> Stream.of(new TopicPartition(name, 0), new TopicPartition(name, 1)))
        .toList();
  }

  /** The group's offsets at the end of every partition of the inputs, as an app that read them all leaves them. */
  private static void commitOffsetsAtTheEnd(String group, List<String> names) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    partitionsOf(names).forEach(partition -> offsets.put(partition, new OffsetAndMetadata(1)));
    try (Admin admin = BROKER.admin()) {
      admin.alterConsumerGroupOffsets(group, offsets).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
    try (Admin admin = BROKER.admin()) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
          .forEach((partition, offset) -> offsets.put(partition, offset.offset()));
      return offsets;
    }
  }

  /**
   * An undecodable record, and a fifth peer of T4 written to the partition its key does not belong to (as a
   * producer with another partitioner would): neither may count, each is one dead letter.
   */
  private static void writeAPoisonAndAMisplacedRecord(String topic) throws Exception {
    SurveyResponse fifthPeer = Responses.response(ThresholdExample.CYCLE, "T4", "S4", "Q9", RaterGroup.PEER,
        ThresholdExample.T0.plusSeconds(60), "CHANGE_L1=5 CHANGE_M1=1");
    byte[] key = AvroSerdes.responseKey().encode(Responses.keyOf(fifthPeer));
    int wrongPartition = (BuiltInPartitioner.partitionForKey(key, 2) + 1) % 2;
    try (KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers())) {
      producer.send(new ProducerRecord<>(topic, 0, "poison".getBytes(StandardCharsets.UTF_8),
          "not avro".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
      producer.send(new ProducerRecord<>(topic, wrongPartition, fifthPeer.getSubmittedAt().toEpochMilli(), key,
          AvroSerdes.surveyResponse().encode(fifthPeer))).get(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> deadLetterReasons(Topics topics) {
    List<String> reasons = new ArrayList<>();
    new TopicScan(BROKER.bootstrapServers(), Duration.ofSeconds(30)).scan(topics.deadLetters(), record -> reasons.add(
        new String(record.headers().lastHeader(DeadLetterProcessingExceptionHandler.HEADER_MESSAGE).value(),
            StandardCharsets.UTF_8)));
    return reasons;
  }

  private StreamsSettings settings(Topics topics, String appId, int k) {
    return new StreamsSettings(BROKER.bootstrapServers(), appId, stateDir, topics, new TopicSettings(2, (short) 1),
        new ScoringConfig(k), Map.of());
  }

  private static List<TeamScores> read(Topics topics) {
    return new ScoresReader(BROKER.bootstrapServers(), Duration.ofSeconds(30)).read(topics.scores(), null);
  }

  private static Set<String> topics() throws Exception {
    try (Admin admin = BROKER.admin()) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }
}
