package dev.feedback360.streams.app;

import static dev.feedback360.testkit.Responses.keyOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.ResponseLog.Entry;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.testkit.WorkedExample;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The streams app on a real in-process broker: exactly-once processing, read_committed output, dead letters. */
class TeamScoresAppIT {

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  Path stateDir;

  @Test
  void shouldPublishScoresAndDeadLetterPoisonPillsOnARealBroker() throws Exception {
    String suffix = UniqueTopics.suffix();
    Topics topics = UniqueTopics.withSuffix(suffix);
    StreamsSettings settings = new StreamsSettings(BROKER.bootstrapServers(), "app-" + suffix, stateDir, topics,
        new TopicSettings(2, (short) 1), ScoringConfig.defaults(), Map.of());
    byte[] garbage = "garbage, not Avro".getBytes(StandardCharsets.UTF_8);
    SurveyResponse p8 = WorkedExample.peer("P8", "S1", 8, "CHANGE_L1=4");
    byte[] p8Key = AvroSerdes.responseKey().encode(keyOf(p8));
    byte[] valid = AvroSerdes.surveyResponse().encode(p8);
    byte[] unknownFingerprint = valid.clone();
    unknownFingerprint[4] ^= 0x5A;
    byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
    SurveyResponse outOfRange = WorkedExample.peer("P9", "S1", 9, "CHANGE_L1=9");
    SurveyResponse oversized = WorkedExample.peer("P7", "S1", 9, "CHANGE_L1=3");
    oversized.setTeamId("T".repeat(100_000));
    byte[] junkKey = "k".getBytes(StandardCharsets.UTF_8);
    // Sent before the worked example: a submittedAt two hours after the record's timestamp (the time of sending)
    // would have the broker refuse what the app writes for it (more than 1 h ahead), and stop the app at every
    // restart; one before 1970 Kafka Streams would drop unseen (EventTimes).
    SurveyResponse future = WorkedExample.peer("P6", "S1", 6, "CHANGE_L1=4");
    future.setSubmittedAt(Instant.now().plus(Duration.ofHours(2)));
    SurveyResponse before1970 = WorkedExample.peer("P5", "S1", 5, "CHANGE_L1=4");
    before1970.setSubmittedAt(Instant.parse("1969-12-31T00:00:00Z"));
    List<KeyValue<byte[], byte[]>> early = List.of(
        KeyValue.pair(AvroSerdes.responseKey().encode(keyOf(future)), AvroSerdes.surveyResponse().encode(future)),
        KeyValue.pair(AvroSerdes.responseKey().encode(keyOf(before1970)),
            AvroSerdes.surveyResponse().encode(before1970)));
    List<KeyValue<byte[], byte[]>> poison = List.of(
        KeyValue.pair(junkKey, garbage),
        KeyValue.pair(p8Key, unknownFingerprint),
        KeyValue.pair(p8Key, truncated),
        KeyValue.pair(AvroSerdes.responseKey().encode(keyOf(outOfRange)),
            AvroSerdes.surveyResponse().encode(outOfRange)),
        KeyValue.pair(AvroSerdes.responseKey().encode(keyOf(oversized)),
            AvroSerdes.surveyResponse().encode(oversized)));

    try (TeamScoresApp app = TeamScoresApp.start(settings);
        KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers())) {
      for (KeyValue<byte[], byte[]> pill : early) {
        producer.send(new ProducerRecord<>(topics.responses(), pill.key, pill.value)).get();
      }
      for (SurveyResponse response : WorkedExample.responses()) {
        ResponseLog.send(producer, topics.responses(), Entry.submit(response));
      }
      for (KeyValue<byte[], byte[]> pill : poison) {
        producer.send(new ProducerRecord<>(topics.responses(), pill.key, pill.value)).get();
      }

      ScoresReader reader = new ScoresReader(BROKER.bootstrapServers(), Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        List<TeamScores> scores = reader.read(topics.scores(), null);
        assertThat(scores).hasSize(1);
        assertThat(scores.get(0).getRaters().getDirectReport()).isEqualTo(2);
        assertThat(scores.get(0).getRaters().getSelf()).isEqualTo(1);
      });
      TeamScores team = reader.read(topics.scores(), WorkedExample.CYCLE).get(0);
      assertThat(team.getStatus()).isEqualTo(PublicationStatus.PUBLISHED);
      assertThat(team.getAxes().getChange().getLeader().getMean()).isCloseTo(25.0 / 6, within(1e-12));
      assertThat(reader.read(topics.scores(), "another-cycle")).isEmpty();

      List<KeyValue<byte[], byte[]>> refused = new ArrayList<>(early);
      refused.addAll(poison);
      List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(topics.deadLetters(), refused.size());
      assertThat(deadLetters).extracting(ConsumerRecord::value)
          .containsExactlyInAnyOrderElementsOf(refused.stream().map(pill -> pill.value).toList());
      assertThat(deadLetters).extracting(record -> header(record, "__streams.errors.message"))
          .anySatisfy(reason -> assertThat(reason).contains("Score 9 of item CHANGE_L1 is out of range"))
          .anySatisfy(reason -> assertThat(reason).contains("Oversized teamId"))
          .anySatisfy(reason -> assertThat(reason).contains("not a released version"))
          .anySatisfy(reason -> assertThat(reason).contains("Cannot decode SurveyResponse"))
          .anySatisfy(reason -> assertThat(reason).contains("Cannot decode ResponseKey"))
          .anySatisfy(reason -> assertThat(reason).contains("more than 60 minutes after the record's timestamp"))
          .anySatisfy(reason -> assertThat(reason).contains("is before 1970-01-01T00:00:00Z"))
          .allSatisfy(reason -> assertThat(reason).doesNotContain("P9", "P7"));
      assertThat(app.state().isRunningOrRebalancing()).isTrue();
    }
  }

  @Test
  void shouldWarnWhenItStartsUnderAnotherRuleThanItsScoresWerePublishedWith() throws Exception {
    String suffix = UniqueTopics.suffix();
    Topics topics = UniqueTopics.withSuffix(suffix);
    StreamsSettings before = new StreamsSettings(BROKER.bootstrapServers(), "app-" + suffix, stateDir, topics,
        new TopicSettings(2, (short) 1), ScoringConfig.defaults(), Map.of());
    try (TeamScoresApp app = TeamScoresApp.start(before);
        KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers())) {
      for (SurveyResponse response : WorkedExample.responses()) {
        ResponseLog.send(producer, topics.responses(), Entry.submit(response));
      }
      ScoresReader reader = new ScoresReader(BROKER.bootstrapServers(), Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(reader.read(topics.scores(), null))
          .singleElement().satisfies(team -> assertThat(team.getStatus()).isEqualTo(PublicationStatus.PUBLISHED)));
      assertThat(app.state().isRunningOrRebalancing()).isTrue();
    }
    StreamsSettings after = new StreamsSettings(BROKER.bootstrapServers(), "app-" + suffix, stateDir, topics,
        new TopicSettings(2, (short) 1), new ScoringConfig(4, 4, true), Map.of());
    Logger logger = (Logger) LoggerFactory.getLogger(TeamScoresApp.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try (TeamScoresApp app = TeamScoresApp.start(after)) {
      assertThat(app.state().isRunningOrRebalancing()).isTrue();
      assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anySatisfy(warning -> assertThat(warning).contains("The newest records of " + topics.scoresJson()
              + " were published with k = 3, N = 3; this app runs k = 4, N = 4: each team changes to the new values "
              + "at its next change (a figure standing on fewer raters than the new values is withheld"))
          .anySatisfy(warning -> assertThat(warning).contains("Records of " + topics.scoresJson()
              + " publish sd (cycles " + WorkedExample.CYCLE + ") and this app runs with --withhold-sd"));
    } finally {
      logger.detachAppender(logged);
    }
  }

  @Test
  void shouldStopRatherThanDropAPoisonPillWhenTheDeadLetterTopicIsGone() throws Exception {
    String suffix = UniqueTopics.suffix();
    Topics topics = UniqueTopics.withSuffix(suffix);
    // Fail fast instead of retrying the missing topic for the default 5 minutes.
    Map<String, String> failFast = Map.of("producer.max.block.ms", "3000", "task.timeout.ms", "5000");
    StreamsSettings settings = new StreamsSettings(BROKER.bootstrapServers(), "app-" + suffix, stateDir, topics,
        new TopicSettings(1, (short) 1), ScoringConfig.defaults(), failFast);

    try (TeamScoresApp app = TeamScoresApp.start(settings);
        KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers());
        Admin admin = BROKER.admin()) {
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      admin.deleteTopics(List.of(topics.deadLetters())).all().get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30))
          .until(() -> !admin.listTopics().names().get().contains(topics.deadLetters()));

      producer.send(new ProducerRecord<>(topics.responses(), "k".getBytes(StandardCharsets.UTF_8),
          "poison".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);

      await().atMost(Duration.ofSeconds(120)).until(() -> app.state() == KafkaStreams.State.ERROR);
      assertThat(app.failure()).as("the app says why it stopped").isNotNull();
      assertThat(admin.listConsumerGroupOffsets("app-" + suffix).partitionsToOffsetAndMetadata().get().values())
          .as("the poison pill's offset was never committed: a restart sees it again")
          .allSatisfy(offset -> assertThat(offset == null || offset.offset() == 0).isTrue());
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return records.size() >= expected;
      });
    }
    return records;
  }
}
