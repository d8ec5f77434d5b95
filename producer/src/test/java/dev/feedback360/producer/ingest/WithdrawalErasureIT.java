package dev.feedback360.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.testing.Fixtures;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.LogFiles;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.CompactionSettings;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A withdrawn response physically leaves {@code survey-responses}: its bytes, then its tombstone's, disappear from
 * every file of the topic's partition on a real broker, with the project's own topic settings at test scale.
 *
 * <p>Kafka's log time is real time here: segments roll by record timestamps and the cleaner compares them with the
 * wall clock, so responses are submitted "now" and the validator and withdrawal use the system clock.
 */
class WithdrawalErasureIT {

  private static final Logger LOG = LoggerFactory.getLogger(WithdrawalErasureIT.class);
  /** Test-sized versions of the production settings (12 h, 12 h, 24 h, 0.1). */
  private static final CompactionSettings FAST = new CompactionSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
      Duration.ofSeconds(3), CompactionSettings.DEFAULT_MIN_CLEANABLE_DIRTY_RATIO);
  private static final Duration AT_MOST = Duration.ofSeconds(90);
  private static final String SCORES = "4,3,2,5,4,4,3,NA,,2,5,1";
  private static final String CYCLE = "2026-H2";

  // The cleaner looks for work every 15 s and deletes replaced segment files after 60 s by default; both are
  // seconds-scale constants added to the hours-scale bound in production, shortened here to keep the test fast.
  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker()
      .withBrokerProperty("log.cleaner.backoff.ms", "200")
      .withBrokerProperty("log.segment.delete.delay.ms", "200");

  @TempDir
  Path dir;

  private int trafficSent;

  @Test
  void shouldEraseAWithdrawnResponseAndThenItsTombstoneFromTheLogFiles() throws Exception {
    String suffix = UniqueTopics.suffix();
    Topics topics = UniqueTopics.withSuffix(suffix);
    // One partition, so that later traffic lands where the withdrawal did; no compression, so that a record's
    // strings are plain bytes in the segment files.
    ProducerSettings settings = new ProducerSettings(BROKER.bootstrapServers(), topics,
        new TopicSettings(1, (short) 1, FAST), Duration.ofSeconds(30), Map.of("compression.type", "none"));
    String withdrawnResponseId = "erase-me-" + suffix;
    List<String> keptResponseIds = List.of("keep-1-" + suffix, "keep-2-" + suffix, "keep-3-" + suffix);

    try (ResponseProducer producer =
        new ResponseProducer(settings, Fixtures.validator(Clock.systemUTC()), Clock.systemUTC())) {
      StringBuilder csv = new StringBuilder(row(withdrawnResponseId, "emp-00001", "emp-00900"));
      for (int i = 0; i < keptResponseIds.size(); i++) {
        csv.append(row(keptResponseIds.get(i), "emp-00001", "emp-0091" + i));
      }
      importRows(producer, csv.toString());
      assertThat(BROKER.topicConfig(topics.responses()))
          .as("the responses topic as the provisioner created it")
          .containsEntry("cleanup.policy", "compact")
          .containsEntry("max.compaction.lag.ms", "2000")
          .containsEntry("segment.ms", "2000")
          .containsEntry("delete.retention.ms", "3000")
          .containsEntry("min.cleanable.dirty.ratio", "0.1");
      Path partitionDir = BROKER.partitionDir(topics.responses(), 0);
      assertThat(LogFiles.holding(partitionDir, withdrawnResponseId)).as("the response on disk before its withdrawal")
          .isNotEmpty();

      Withdrawal withdrawal = producer.withdraw(CYCLE, "emp-00001", "emp-00900");
      String withdrawnRater = withdrawal.key().getRaterId();
      Instant withdrawnAt = Instant.now();

      // Kafka rolls a segment, and so lets the cleaner reach it, only when it appends to it: later responses, as
      // any live survey has, are sent while waiting.
      await("the withdrawn response's bytes gone from " + partitionDir).atMost(AT_MOST)
          .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            sendTraffic(producer);
            assertThat(LogFiles.holding(partitionDir, withdrawnResponseId)).isEmpty();
          });
      Duration recordGoneAfter = Duration.between(withdrawnAt, Instant.now());
      await("the withdrawal's tombstone gone from " + partitionDir).atMost(AT_MOST)
          .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            sendTraffic(producer);
            assertThat(LogFiles.holding(partitionDir, withdrawnRater)).isEmpty();
          });
      Duration tombstoneGoneAfter = Duration.between(withdrawnAt, Instant.now());
      LOG.info("Withdrawn response's bytes gone {} ms after the withdrawal, its tombstone {} ms after it"
          + " (max.compaction.lag.ms and segment.ms 2000, delete.retention.ms 3000, {} later responses sent)",
          recordGoneAfter.toMillis(), tombstoneGoneAfter.toMillis(), trafficSent);

      assertThat(keptResponseIds).as("responses not withdrawn are still on disk")
          .allSatisfy(id -> assertThat(LogFiles.holding(partitionDir, id)).isNotEmpty());
    }
  }

  /** One more response from a new rater, submitted now, as a live survey keeps receiving. */
  private void sendTraffic(ResponseProducer producer) throws IOException {
    trafficSent++;
    importRows(producer, row("traffic-" + trafficSent, "emp-00002", String.format(Locale.ROOT, "emp-%05d",
        10_000 + trafficSent)));
  }

  private void importRows(ResponseProducer producer, String rows) throws IOException {
    Path input = Files.writeString(Files.createTempFile(dir, "export-", ".csv"), Fixtures.CSV_HEADER + "\n" + rows,
        StandardCharsets.UTF_8);
    ImportSummary summary = producer.importFile(input, InputFormat.CSV, dir.resolve(input.getFileName() + ".rejects"),
        progress -> {});
    assertThat(summary).as("import of %s", input).extracting(ImportSummary::rejected, ImportSummary::failed)
        .containsExactly(0L, 0L);
  }

  private static String row(String responseId, String subject, String rater) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return responseId + "," + CYCLE + ",team-01," + subject + "," + rater + ",PEER," + now + "," + SCORES + "\n";
  }
}
