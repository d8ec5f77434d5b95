package dev.feedback360.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.testing.Fixtures;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The producer against a real in-process Kafka broker; every test writes to topics of its own. */
class ResponseProducerIT {

  /** echo -n emp-00042 | openssl dgst -sha256 -hmac 0123456789abcdef-test-key */
  private static final String PSEUDONYM_OF_EMP_00042 =
      "c48a4eb95f80aaf9196e1f29230b1439df2638d92f2cb06bb1fbba8b0d9546ae";
  private static final String SCORES = "4,3,2,5,4,4,3,NA,,2,5,1";
  private static final Duration AT_MOST = Duration.ofSeconds(30);

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  Path dir;

  private Topics topics;
  private ProducerSettings settings;

  @BeforeEach
  void useFreshTopics() {
    topics = UniqueTopics.create();
    settings = new ProducerSettings(BROKER.bootstrapServers(), topics, new TopicSettings(3, (short) 1),
        Duration.ofSeconds(30), Map.of());
  }

  @Test
  void shouldSendValidRowsUnderPseudonymisedKeysStampedWhenSentAndRejectTheBadRow() throws Exception {
    Path input = Files.writeString(dir.resolve("export.csv"), Fixtures.CSV_HEADER + "\n"
        + "r1,2026-H2,team-01,emp-00001,emp-00042,PEER,2026-09-30T10:00:00Z," + SCORES + "\n"
        + "r2,2026-H2,team-01,emp-00001,emp-00043,Direct_Report,2026-09-30T11:30:00+02:00," + SCORES + "\n"
        + "r3,2026-H2,team-01,emp-00002,emp-00042,PEER,2026-09-30T10:00:00Z,7,3,2,5,4,4,3,NA,,2,5,1\n"
        + "r4,2026-H2,team-02,emp-00002,emp-00044,manager,2026-09-29T08:00:00Z," + SCORES + "\n",
        StandardCharsets.UTF_8);
    Path rejects = dir.resolve("export.csv.rejects.csv");
    List<ImportProgress> progress = new ArrayList<>();

    ImportSummary summary;
    try (ResponseProducer producer = new ResponseProducer(settings, Fixtures.validator(), Fixtures.CLOCK)) {
      summary = producer.importFile(input, InputFormat.CSV, rejects, progress::add);
    }

    assertThat(summary.exitCode()).isEqualTo(2);
    assertThat(summary).extracting(ImportSummary::read, ImportSummary::sent, ImportSummary::rejected,
        ImportSummary::failed).containsExactly(4L, 3L, 1L, 0L);
    assertThat(summary.firstRejections()).containsExactly(new Rejection(4,
        "score of CHANGE_L1 must be a whole number from 1 to 5 (or blank/NA for not observed), got '7'"));
    assertThat(Files.readString(rejects)).isEqualTo("line,reason,original\n"
        + "4,\"score of CHANGE_L1 must be a whole number from 1 to 5 (or blank/NA for not observed), got '7'\","
        + "\"r3,2026-H2,team-01,emp-00002,emp-00042,PEER,2026-09-30T10:00:00Z,7,3,2,5,4,4,3,NA,,2,5,1\"\n");

    List<ConsumerRecord<byte[], byte[]>> records = consume(3);
    assertThat(records).allSatisfy(record -> {
      assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
      for (String raw : List.of("emp-00042", "emp-00043", "emp-00044")) {
        assertThat(contains(record.key(), raw)).as("raw rater id %s in a key", raw).isFalse();
        assertThat(contains(record.value(), raw)).as("raw rater id %s in a value", raw).isFalse();
      }
    });
    Map<String, ConsumerRecord<byte[], byte[]>> byResponse = new HashMap<>();
    records.forEach(record -> byResponse.put(value(record).getResponseId(), record));
    assertThat(byResponse.keySet()).containsExactlyInAnyOrder("r1", "r2", "r4");

    ConsumerRecord<byte[], byte[]> r1 = byResponse.get("r1");
    assertThat(key(r1)).isEqualTo(new ResponseKey("2026-H2", "emp-00001", PSEUDONYM_OF_EMP_00042));
    assertThat(value(r1).getRaterId()).isEqualTo(PSEUDONYM_OF_EMP_00042);
    assertThat(value(r1).getSubmittedAt()).isEqualTo(Instant.parse("2026-09-30T10:00:00Z"));
    // 11:30 at +02:00 is 09:30 UTC
    assertThat(value(byResponse.get("r2")).getSubmittedAt()).isEqualTo(Instant.parse("2026-09-30T09:30:00Z"));
    assertThat(value(byResponse.get("r4")).getSubmittedAt()).isEqualTo(Instant.parse("2026-09-29T08:00:00Z"));
    assertThat(key(byResponse.get("r2")).getRaterId()).matches("[0-9a-f]{64}").isNotEqualTo(PSEUDONYM_OF_EMP_00042);
    // Stamped with the time of sending, not submittedAt: segments roll and compact by record timestamps, and an
    // export stamped days back would lose its corrected responses' earlier versions within minutes.
    assertThat(records).allSatisfy(record -> assertThat(record.timestamp())
        .isEqualTo(Fixtures.CLOCK.instant().toEpochMilli()));
    assertThat(describeResponsesTopic().partitions()).hasSize(3);
  }

  /**
   * Regression: a submitted_at before 1970 (a negative record timestamp, "Invalid timestamp: -1000" from the Kafka
   * producer) used to abort the whole import with exit code 1: the rows after it were never sent and no rejects file
   * was written. It is now a rejected row like any other, in both formats.
   */
  @Test
  void shouldRejectASubmissionBefore1970AsARowAndStillSendTheRowsAfterIt() throws Exception {
    Path csv = Files.writeString(dir.resolve("old.csv"), Fixtures.CSV_HEADER + "\n"
        + "r1,2026-H2,team-01,emp-00001,emp-00042,PEER,2026-09-30T10:00:00Z," + SCORES + "\n"
        + "r2,2026-H2,team-01,emp-00001,emp-00043,PEER,1969-12-31T23:59:59Z," + SCORES + "\n"
        + "r3,2026-H2,team-01,emp-00001,emp-00044,PEER,2026-09-30T10:00:00Z," + SCORES + "\n",
        StandardCharsets.UTF_8);
    String json = "{\"response_id\":\"%s\",\"cycle_id\":\"2026-H2\",\"team_id\":\"team-01\","
        + "\"subject_id\":\"emp-00002\",\"rater_id\":\"%s\",\"rater_group\":\"PEER\",\"submitted_at\":\"%s\","
        + "\"answers\":{\"CHANGE_L1\":4}}\n";
    Path jsonl = Files.writeString(dir.resolve("old.jsonl"),
        String.format(Locale.ROOT, json, "j1", "emp-00042", "2026-09-30T10:00:00Z")
            + String.format(Locale.ROOT, json, "j2", "emp-00043", "1900-01-01T00:00:00+01:00")
            + String.format(Locale.ROOT, json, "j3", "emp-00044", "2026-09-30T10:00:00Z"),
        StandardCharsets.UTF_8);

    ImportSummary fromCsv;
    ImportSummary fromJsonLines;
    try (ResponseProducer producer = new ResponseProducer(settings, Fixtures.validator(), Fixtures.CLOCK)) {
      fromCsv = producer.importFile(csv, InputFormat.CSV, dir.resolve("old.csv.rejects.csv"), p -> {});
      fromJsonLines = producer.importFile(jsonl, InputFormat.JSON_LINES, dir.resolve("old.jsonl.rejects.csv"),
          p -> {});
    }

    String reason = "submitted_at is before 1970-01-01T00:00:00Z, the earliest time a Kafka record can carry; "
        + "check the date in the export";
    assertThat(fromCsv.exitCode()).isEqualTo(ImportSummary.EXIT_ROWS_REJECTED);
    assertThat(fromCsv).extracting(ImportSummary::read, ImportSummary::sent, ImportSummary::rejected,
        ImportSummary::failed).containsExactly(3L, 2L, 1L, 0L);
    assertThat(fromCsv.firstRejections()).containsExactly(new Rejection(3, reason));
    assertThat(fromJsonLines.exitCode()).isEqualTo(ImportSummary.EXIT_ROWS_REJECTED);
    assertThat(fromJsonLines).extracting(ImportSummary::read, ImportSummary::sent, ImportSummary::rejected,
        ImportSummary::failed).containsExactly(3L, 2L, 1L, 0L);
    assertThat(fromJsonLines.firstRejections()).containsExactly(new Rejection(2, reason));
    assertThat(Files.readString(dir.resolve("old.csv.rejects.csv"))).startsWith("line,reason,original\n3,");
    assertThat(Files.readString(dir.resolve("old.jsonl.rejects.csv"))).startsWith("line,reason,original\n2,");
    assertThat(consume(4)).map(record -> value(record).getResponseId())
        .containsExactlyInAnyOrder("r1", "r3", "j1", "j3");
  }

  /**
   * Regression: a topic the import creates itself must take the first batch of every partition. Before the
   * provisioner waited for the partitions' leaders, about one import in ten on a busy 2-core machine had its first
   * batch for some partition refused (NOT_LEADER_OR_FOLLOWER) while its next batches were appended; the retried first
   * batch was then out of sequence for good and failed when its delivery timeout ran out.
   */
  @Test
  void shouldDeliverEveryRowOfImportsIntoTopicsTheyCreateThemselves() throws Exception {
    StringBuilder csv = new StringBuilder(Fixtures.CSV_HEADER).append('\n');
    for (int row = 1; row <= 1_000; row++) {
      csv.append(String.format(Locale.ROOT, "r%d,2026-H2,team-%02d,emp-%05d,emp-%05d,PEER,2026-09-30T10:00:00Z,%s%n",
          row, row % 12, row % 97, 1_000 + row, SCORES));
    }
    Path input = Files.writeString(dir.resolve("export.csv"), csv, StandardCharsets.UTF_8);
    // Fail a stuck batch in half a minute rather than after the default two (a batch normally takes milliseconds;
    // 30 s leaves a loaded CI machine room for a slow request, not a stuck one).
    Map<String, String> quickDelivery = Map.of("request.timeout.ms", "10000", "delivery.timeout.ms", "30000");

    for (int run = 0; run < 15; run++) {
      useFreshTopics();
      ProducerSettings fresh = new ProducerSettings(BROKER.bootstrapServers(), topics, new TopicSettings(4, (short) 1),
          Duration.ofSeconds(30), quickDelivery);
      ImportSummary summary;
      try (ResponseProducer producer = new ResponseProducer(fresh, Fixtures.validator(), Fixtures.CLOCK)) {
        summary = producer.importFile(input, InputFormat.CSV, dir.resolve("rejects-" + run + ".csv"), p -> {});
      }
      assertThat(summary).as("import %d into the new topic %s", run, topics.responses())
          .extracting(ImportSummary::sent, ImportSummary::failed).containsExactly(1_000L, 0L);
    }
  }

  @Test
  void shouldWithdrawWithATombstoneStampedWithTheWithdrawalTime() {
    Withdrawal withdrawal;
    try (ResponseProducer producer = new ResponseProducer(settings, Fixtures.validator(), Fixtures.CLOCK)) {
      withdrawal = producer.withdraw("2026-H2", "emp-00001", "emp-00042");
    }

    ResponseKey expectedKey = new ResponseKey("2026-H2", "emp-00001", PSEUDONYM_OF_EMP_00042);
    assertThat(withdrawal.key()).isEqualTo(expectedKey);
    assertThat(withdrawal.withdrawnAt()).isEqualTo(Fixtures.NOW);
    ConsumerRecord<byte[], byte[]> tombstone = consume(1).get(0);
    assertThat(key(tombstone)).isEqualTo(expectedKey);
    assertThat(tombstone.value()).isNull();
    assertThat(tombstone.timestamp()).isEqualTo(Fixtures.NOW.toEpochMilli());
    assertThat(tombstone.partition()).isEqualTo(withdrawal.partition());
    assertThat(tombstone.offset()).isEqualTo(withdrawal.offset());
  }

  @Test
  void shouldWithdrawEveryValidRowOfAFileKeyedLikeSingleWithdrawalsAndReportTheBadRowsByLine() throws Exception {
    Path input = Files.writeString(dir.resolve("withdrawals.csv"), "cycle_id,subject_id,rater_id\n"
        + "2026-H2,emp-00001,emp-00042\n"
        + "2026-H2,emp-00042,emp-00042\n"
        + "2026-H2,emp-00001,\n"
        + "2026-H2,emp-00001\n"
        + "2026-H2,=emp-00002,emp-00043\n"
        + "2026-H1,emp-00003,emp-00044\n", StandardCharsets.UTF_8);
    Path rejects = dir.resolve("withdrawals.csv.rejects.csv");

    ImportSummary summary;
    try (ResponseProducer producer = new ResponseProducer(settings, Fixtures.validator(), Fixtures.CLOCK)) {
      summary = producer.withdrawAll(input, rejects, p -> {});
    }

    assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_ROWS_REJECTED);
    assertThat(summary).extracting(ImportSummary::read, ImportSummary::sent, ImportSummary::rejected,
        ImportSummary::failed).containsExactly(6L, 3L, 3L, 0L);
    assertThat(summary.firstRejections()).containsExactly(
        new Rejection(4, "rater_id is missing"),
        new Rejection(5, "has 2 fields but the header has 3: is the line cut short, or does an unquoted field hold "
            + "a line break? complete the line, or put the field in double quotes"),
        new Rejection(6, "subject_id starts with '=', which spreadsheets run as a formula"));
    assertThat(Files.readString(rejects)).isEqualTo("line,reason,original\n"
        + "4,\"rater_id is missing\",\n"
        + "5,\"has 2 fields but the header has 3: is the line cut short, or does an unquoted field hold a line "
        + "break? complete the line, or put the field in double quotes\",\n"
        + "6,\"subject_id starts with '=', which spreadsheets run as a formula\",\n");

    List<ConsumerRecord<byte[], byte[]>> tombstones = consume(3);
    assertThat(tombstones).allSatisfy(record -> {
      assertThat(record.value()).isNull();
      assertThat(record.timestamp()).isEqualTo(Fixtures.NOW.toEpochMilli());
    });
    // HMAC-SHA256 of "self\0emp-00042" under the fixture key, as in ResponseValidatorTest: a self-rating's key
    ResponseKey self = new ResponseKey("2026-H2", "emp-00042",
        "a8d1bcd544ccd2a7732f4037e0645d3caa9be9dcbd6c8da9504fd79ed0da776c");
    assertThat(tombstones).map(ResponseProducerIT::key).containsExactlyInAnyOrder(
        new ResponseKey("2026-H2", "emp-00001", PSEUDONYM_OF_EMP_00042),
        self,
        Fixtures.validator().keyOf("2026-H1", "emp-00003", "emp-00044"));
  }

  @Test
  void shouldRefuseAWithdrawalsFileWithoutItsHeaderAndSendNothing() throws Exception {
    Path input = Files.writeString(dir.resolve("no-header.csv"), "2026-H2,emp-00001,emp-00042\n",
        StandardCharsets.UTF_8);

    ImportSummary summary;
    try (ResponseProducer producer = new ResponseProducer(settings, Fixtures.validator(), Fixtures.CLOCK)) {
      summary = producer.withdrawAll(input, dir.resolve("no-header.rejects.csv"), p -> {});
    }

    assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_FILE_REFUSED);
    assertThat(summary.refusalReason()).hasValueSatisfying(reason -> assertThat(reason)
        .contains("unusable CSV header on line 1").doesNotContain("emp-0"));
    assertThat(dir.resolve("no-header.rejects.csv")).doesNotExist();
  }

  private List<ConsumerRecord<byte[], byte[]>> consume(int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topics.responses()));
      await().atMost(AT_MOST).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        assertThat(records).hasSize(expected);
      });
    }
    return records;
  }

  private TopicDescription describeResponsesTopic() throws Exception {
    try (Admin admin = BROKER.admin()) {
      return admin.describeTopics(Set.of(topics.responses())).allTopicNames()
          .get(AT_MOST.toSeconds(), TimeUnit.SECONDS).get(topics.responses());
    }
  }

  private static ResponseKey key(ConsumerRecord<byte[], byte[]> record) {
    return AvroSerdes.responseKey().decode(record.key());
  }

  private static SurveyResponse value(ConsumerRecord<byte[], byte[]> record) {
    return AvroSerdes.surveyResponse().decode(record.value());
  }

  private static boolean contains(byte[] haystack, String needle) {
    return haystack != null && new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }
}
