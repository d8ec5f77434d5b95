package dev.feedback360.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.testing.Fixtures;
import dev.feedback360.topics.CompactionSettings;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  private static EmbeddedKafkaBroker broker;

  @TempDir
  Path dir;

  private int trafficSent;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.builder()
        // The cleaner looks for work every 15 s and deletes replaced segment files after 60 s by default; both are
        // seconds-scale constants added to the hours-scale bound in production, shortened here to keep the test fast.
        .brokerProperty("log.cleaner.backoff.ms", "200")
        .brokerProperty("log.segment.delete.delay.ms", "200")
        .build().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldEraseAWithdrawnResponseAndThenItsTombstoneFromTheLogFiles() throws Exception {
    String suffix = UUID.randomUUID().toString();
    Topics topics = new Topics("responses-" + suffix, "scores-" + suffix, "scores-json-" + suffix, "dlq-" + suffix);
    // One partition, so that later traffic lands where the withdrawal did; no compression, so that a record's
    // strings are plain bytes in the segment files.
    ProducerSettings settings = new ProducerSettings(broker.bootstrapServers(), topics,
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
      assertThat(topicConfig(topics.responses()))
          .as("the responses topic as the provisioner created it")
          .containsEntry("cleanup.policy", "compact")
          .containsEntry("max.compaction.lag.ms", "2000")
          .containsEntry("segment.ms", "2000")
          .containsEntry("delete.retention.ms", "3000")
          .containsEntry("min.cleanable.dirty.ratio", "0.1");
      Path partitionDir = broker.dataDir().resolve(EmbeddedKafkaBroker.LOG_DIR_NAME).resolve(topics.responses() + "-0");
      assertThat(filesHolding(partitionDir, withdrawnResponseId)).as("the response on disk before its withdrawal")
          .isNotEmpty();

      Withdrawal withdrawal = producer.withdraw(CYCLE, "emp-00001", "emp-00900");
      String withdrawnRater = withdrawal.key().getRaterId();
      Instant withdrawnAt = Instant.now();

      // Kafka rolls a segment, and so lets the cleaner reach it, only when it appends to it: later responses, as
      // any live survey has, are sent while waiting.
      await("the withdrawn response's bytes gone from " + partitionDir).atMost(AT_MOST)
          .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            sendTraffic(producer);
            assertThat(filesHolding(partitionDir, withdrawnResponseId)).isEmpty();
          });
      Duration recordGoneAfter = Duration.between(withdrawnAt, Instant.now());
      await("the withdrawal's tombstone gone from " + partitionDir).atMost(AT_MOST)
          .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            sendTraffic(producer);
            assertThat(filesHolding(partitionDir, withdrawnRater)).isEmpty();
          });
      Duration tombstoneGoneAfter = Duration.between(withdrawnAt, Instant.now());
      LOG.info("Withdrawn response's bytes gone {} ms after the withdrawal, its tombstone {} ms after it"
          + " (max.compaction.lag.ms and segment.ms 2000, delete.retention.ms 3000, {} later responses sent)",
          recordGoneAfter.toMillis(), tombstoneGoneAfter.toMillis(), trafficSent);

      assertThat(keptResponseIds).as("responses not withdrawn are still on disk")
          .allSatisfy(id -> assertThat(filesHolding(partitionDir, id)).isNotEmpty());
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
        progress -> { });
    assertThat(summary).as("import of %s", input).extracting(ImportSummary::rejected, ImportSummary::failed)
        .containsExactly(0L, 0L);
  }

  private static String row(String responseId, String subject, String rater) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return responseId + "," + CYCLE + ",team-01," + subject + "," + rater + ",PEER," + now + "," + SCORES + "\n";
  }

  /** The files of the partition directory (segments, indexes, files being replaced or deleted) that hold it. */
  private static List<Path> filesHolding(Path partitionDir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    List<Path> holding = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> listing = Files.walk(partitionDir)) {
      listing.filter(Files::isRegularFile).forEach(paths::add);
    }
    for (Path path : paths) {
      byte[] content;
      try {
        content = Files.readAllBytes(path);
      } catch (NoSuchFileException deletedSinceListed) {
        continue; // the broker deleted it between the listing and the read: its bytes are gone, which is the point
      }
      if (indexOf(content, needle) >= 0) {
        holding.add(path);
      }
    }
    return holding;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static Map<String, String> topicConfig(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      Config config = admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      Map<String, String> values = new HashMap<>();
      config.entries().forEach(entry -> values.put(entry.name(), entry.value()));
      return values;
    }
  }
}
