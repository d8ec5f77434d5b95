package dev.feedback360.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.testing.Fixtures;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.CompactionSettings;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the log cleaner leaves of an imported export, on a real broker with the project's own topic settings (12 h,
 * docs/replay.md): Kafka rolls and compacts segments by record timestamps, so an export stamped with its responses'
 * {@code submittedAt} (days apart) is rolled while it is imported and compacted at once, while the same export as
 * {@code produce} sends it, stamped with the time of sending, stays whole in the active segment.
 */
class ImportHistoryIT {

  private static final String SCORES = "4,3,2,5,4,4,3,NA,,2,5,1";
  private static final String CORRECTED = "1,3,2,5,4,4,3,NA,,2,5,1";

  // The cleaner looks for work every 15 s by default; every 200 ms here, so that the back-dated copy is compacted in
  // seconds.
  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker().withBrokerProperty("log.cleaner.backoff.ms", "200");

  @TempDir
  Path dir;

  @Test
  void shouldKeepAnImportedExportsEarlierVersionsThatStampsOfSubmittedAtWouldLoseWithinSeconds() throws Exception {
    Topics topics = UniqueTopics.withSuffix(UniqueTopics.suffix());
    TopicSettings projectSettings = new TopicSettings(1, (short) 1, CompactionSettings.defaults());
    // One record per batch, as a real export's thousands of rows are spread over many batches: Kafka rolls a segment
    // between batches, never inside one.
    ProducerSettings settings = new ProducerSettings(BROKER.bootstrapServers(), topics, projectSettings,
        Duration.ofSeconds(30), Map.of("batch.size", "1"));
    // An export of a survey spanning two days: emp-00042's answer, its correction a day later, another a day after.
    String export = Fixtures.CSV_HEADER + "\n"
        + "r1,2026-H2,team-01,emp-00001,emp-00042,PEER,2026-09-28T10:00:00Z," + SCORES + "\n"
        + "r2,2026-H2,team-01,emp-00002,emp-00043,PEER,2026-09-28T11:00:00Z," + SCORES + "\n"
        + "r1b,2026-H2,team-01,emp-00001,emp-00042,PEER,2026-09-29T10:00:00Z," + CORRECTED + "\n"
        + "r3,2026-H2,team-01,emp-00003,emp-00044,PEER,2026-09-30T10:00:00Z," + SCORES + "\n";
    Path input = Files.writeString(dir.resolve("export.csv"), export, StandardCharsets.UTF_8);
    try (ResponseProducer producer = new ResponseProducer(settings, Fixtures.validator(), Clock.systemUTC())) {
      ImportSummary summary = producer.importFile(input, InputFormat.CSV, dir.resolve("rejects.csv"), p -> {});
      assertThat(summary.sent()).isEqualTo(4);
    }
    List<ConsumerRecord<byte[], byte[]>> imported = readAll(topics.responses());
    assertThat(imported).hasSize(4);

    // The same records stamped with their submittedAt, as a client that sets the record timestamp to it writes them.
    String backDated = "back-dated-" + topics.responses();
    try (var admin = BROKER.admin()) {
      TopicProvisioner.ensure(admin, new Topics(backDated, topics.scores(), topics.scoresJson(), topics.deadLetters()),
          projectSettings, Set.of(backDated), Duration.ofSeconds(30));
    }
    try (KafkaProducer<byte[], byte[]> raw = rawProducer()) {
      for (ConsumerRecord<byte[], byte[]> record : imported) {
        SurveyResponse response = AvroSerdes.surveyResponse().decode(record.value());
        raw.send(new ProducerRecord<>(backDated, 0, response.getSubmittedAt().toEpochMilli(), record.key(),
            record.value())).get(30, TimeUnit.SECONDS);
      }
    }
    await("the log cleaner compacting the back-dated copy of the export").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500)).until(() -> readAll(backDated).size() < imported.size());

    // The cleaner ran over the back-dated copy; the export as produce sent it is whole, in one segment it cannot
    // compact yet: the first version of emp-00042's answer is still there for an as-of replay.
    assertThat(readAll(topics.responses())).hasSize(4);
    assertThat(segments(BROKER.partitionDir(topics.responses(), 0))).hasSize(1);
    assertThat(segments(BROKER.partitionDir(backDated, 0))).hasSizeGreaterThan(1);
  }

  private static List<Path> segments(Path partitionDir) throws IOException {
    try (Stream<Path> files = Files.list(partitionDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".log")).toList();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "history-" + UUID.randomUUID());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static KafkaProducer<byte[], byte[]> rawProducer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
