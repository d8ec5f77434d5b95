package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.internal.CountedSummary;
import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.ResponseStates;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.LogFiles;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.ResponseLog.Entry;
import dev.feedback360.testkit.Responses;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.CompactionSettings;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams app's internal topics hold copies of responses; they forget a withdrawn one within the same kind of
 * bound as {@code survey-responses}, through the compaction settings the app passes to Kafka Streams, and the
 * repartition topic keeps the delete policy Kafka Streams gives it.
 *
 * <p>Kafka's log time is real time here (segments roll by record timestamps, the cleaner compares them with the wall
 * clock), so responses are submitted "now".
 */
class InternalTopicErasureIT {

  private static final Logger LOG = LoggerFactory.getLogger(InternalTopicErasureIT.class);
  /** Test-sized versions of the production settings (12 h, 12 h, 24 h, 0.1). */
  private static final CompactionSettings FAST = new CompactionSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
      Duration.ofSeconds(3), CompactionSettings.DEFAULT_MIN_CLEANABLE_DIRTY_RATIO);
  private static final Duration AT_MOST = Duration.ofSeconds(90);
  private static final String CYCLE = "2026-H2";
  private static final String TEAM = "T1";

  // Seconds-scale broker constants (cleaner backoff 15 s, file delete delay 60 s, retention check every 5 min
  // from 30 s after start) added to the hours-scale bound in production, shortened here to keep the test fast.
  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker()
      .withBrokerProperty("log.cleaner.backoff.ms", "200")
      .withBrokerProperty("log.initial.task.delay.ms", "0")
      .withBrokerProperty("log.segment.delete.delay.ms", "200")
      .withBrokerProperty("log.retention.check.interval.ms", "500");

  @TempDir
  Path stateDir;

  private int trafficSent;

  @Test
  void shouldEraseAWithdrawnResponseFromTheChangelogsAndTheRepartitionTopic() throws Exception {
    String suffix = UniqueTopics.suffix();
    String appId = "app-" + suffix;
    Topics topics = UniqueTopics.withSuffix(suffix);
    // One partition, so that later traffic reaches the partitions the withdrawal did; no compression, so that a
    // record's strings are plain bytes in the segment files; the repartition topic purged often.
    StreamsSettings settings = new StreamsSettings(BROKER.bootstrapServers(), appId, stateDir, topics,
        new TopicSettings(1, (short) 1, FAST), ScoringConfig.defaults(), Map.of(
            StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none",
            StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, "500"));
    String withdrawnResponseId = "erase-me-" + suffix;
    // Neither contains the other: the rater's pseudonym stays in the latest-responses changelog (see below).
    String withdrawnRater = "withdrawing-rater-" + suffix;
    String latestResponses = appId + "-latest-responses-changelog";
    String teamAggregates = appId + "-team-aggregates-changelog";
    String repartition = appId + "-team-changes-repartition";
    Path logDir = BROKER.dataDir().resolve(EmbeddedKafkaBroker.LOG_DIR_NAME);
    List<Path> latestPartition = List.of(logDir.resolve(latestResponses + "-0"));

    try (TeamScoresApp app = TeamScoresApp.start(settings);
        KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers())) {
      assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
      SurveyResponse withdrawn = response(withdrawnResponseId, withdrawnRater);
      ResponseLog.send(producer, topics.responses(), Entry.submit(withdrawn));
      List<SurveyResponse> kept = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        kept.add(response("keep-" + i + "-" + suffix, "rater-keep-" + i + "-" + suffix));
        ResponseLog.send(producer, topics.responses(), Entry.submit(kept.get(i - 1)));
      }
      await("every response in the latest-responses changelog").atMost(AT_MOST).untilAsserted(() -> {
        assertThat(LogFiles.holdingAny(latestPartition, summaryBytes(withdrawn))).isNotEmpty();
        assertThat(kept).allSatisfy(
            response -> assertThat(LogFiles.holdingAny(latestPartition, summaryBytes(response))).isNotEmpty());
        assertThat(LogFiles.holdingAny(List.of(logDir.resolve(teamAggregates + "-0")), withdrawnRater)).isNotEmpty();
      });
      assertThat(BROKER.topicConfig(latestResponses)).containsEntry("cleanup.policy", "compact")
          .containsEntry("max.compaction.lag.ms", "2000").containsEntry("segment.ms", "2000")
          .containsEntry("delete.retention.ms", "3000").containsEntry("min.cleanable.dirty.ratio", "0.1");
      assertThat(BROKER.topicConfig(teamAggregates)).containsEntry("cleanup.policy", "compact")
          .containsEntry("max.compaction.lag.ms", "2000").containsEntry("delete.retention.ms", "3000");
      assertThat(BROKER.topicConfig(repartition)).as("the repartition topic, purged by Kafka Streams")
          .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", "-1")
          .containsEntry("segment.ms", "2000");

      Instant withdrawnAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      ResponseLog.send(producer, topics.responses(), Entry.withdraw(withdrawn, withdrawnAt));

      // Kafka rolls a segment, and so lets the cleaner or the purge reach it, only when it appends to it: later
      // responses, as any live survey has, are sent while waiting.
      await("the withdrawn response's summary gone from the latest-responses changelog").atMost(AT_MOST)
          .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            sendTraffic(producer, topics.responses(), suffix);
            assertThat(LogFiles.holdingAny(latestPartition, summaryBytes(withdrawn))).isEmpty();
          });
      Duration contentGoneAfter = Duration.between(withdrawnAt, Instant.now());
      // The latest-responses store keeps the withdrawn key with an erasedThrough marker (no response in it), so the
      // rater's pseudonym stays in that changelog by design of the topology; its tally in the team store is deleted
      // (a tombstone), and its repartitioned changes are purged.
      await("the withdrawn rater's tally tombstone gone from the team-aggregates changelog").atMost(AT_MOST)
          .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            sendTraffic(producer, topics.responses(), suffix);
            assertThat(LogFiles.holdingAny(List.of(logDir.resolve(teamAggregates + "-0")), withdrawnRater)).isEmpty();
          });
      Duration tallyGoneAfter = Duration.between(withdrawnAt, Instant.now());
      await("the withdrawn rater's changes gone from the repartition topic").atMost(AT_MOST)
          .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            sendTraffic(producer, topics.responses(), suffix);
            assertThat(LogFiles.holdingAny(List.of(logDir.resolve(repartition + "-0")), withdrawnRater)).isEmpty();
          });
      Duration changesGoneAfter = Duration.between(withdrawnAt, Instant.now());
      LOG.info("After the withdrawal: its response's summary gone from the latest-responses changelog after {} ms,"
          + " the rater's tally tombstone after {} ms, its repartitioned changes after {} ms (max.compaction.lag.ms and"
          + " segment.ms 2000, delete.retention.ms 3000, repartition purge every 500 ms, {} later responses sent)",
          contentGoneAfter.toMillis(), tallyGoneAfter.toMillis(), changesGoneAfter.toMillis(), trafficSent);

      assertThat(kept).as("responses not withdrawn are still in the latest-responses changelog").allSatisfy(
          response -> assertThat(LogFiles.holdingAny(latestPartition, summaryBytes(response))).isNotEmpty());
    }
  }

  /**
   * A counted response as the latest-responses store keeps it: its summary (team, group, submission time, digest,
   * scores per cell), whose Avro encoding is a run of bytes in the store's records.
   */
  private static byte[] summaryBytes(SurveyResponse response) throws IOException {
    CountedSummary summary = ResponseStates.summary(response);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<>(CountedSummary.class).write(summary, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private SurveyResponse response(String responseId, String rater) {
    SurveyResponse response = Responses.response(CYCLE, TEAM, "S1", rater, RaterGroup.PEER,
        Instant.now().truncatedTo(ChronoUnit.MILLIS), "CHANGE_L1=4 CHANGE_M1=2");
    response.setResponseId(responseId);
    return response;
  }

  /** One more response from a new rater, submitted now, as a live survey keeps receiving. */
  private void sendTraffic(KafkaProducer<byte[], byte[]> producer, String topic, String suffix) throws Exception {
    trafficSent++;
    ResponseLog.send(producer, topic,
        Entry.submit(response("traffic-" + trafficSent + "-" + suffix, "rater-traffic-" + trafficSent)));
  }
}
