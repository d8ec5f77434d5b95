package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.producer.pseudonym.RaterPseudonymiser;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.testkit.EmbeddedBroker;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code withdraw} without raw ids on the command line, against a real in-process broker. */
class WithdrawIT {

  private static final String KEY = "a withdraw test key of 32 bytes";

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  private static final RaterPseudonymiser PSEUDONYMS =
      RaterPseudonymiser.withKey(KEY.getBytes(StandardCharsets.UTF_8), "test");

  @TempDir
  Path dir;

  @Test
  void shouldTakeTheRaterIdFromStandardInputAndWithdrawUnderItsPseudonym() throws Exception {
    String topic = "responses-" + UUID.randomUUID();
    Path key = Files.writeString(dir.resolve("rater.key"), KEY + "\n");
    InputStream stdin = System.in;
    Cli.Run run;
    try {
      System.setIn(new ByteArrayInputStream("emp-00042\n".getBytes(StandardCharsets.UTF_8)));
      run = Cli.run("withdraw", "--bootstrap-servers", BROKER.bootstrapServers(), "--responses-topic", topic,
          "--cycle", "2026-H2", "--subject", "emp-00001", "--rater", "-", "--rater-key-file", key.toString());
    } finally {
      System.setIn(stdin);
    }

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Withdrawal sent at ");
    assertThat(tombstoneKeys(topic, 1))
        .containsExactly(new ResponseKey("2026-H2", "emp-00001", PSEUDONYMS.pseudonymise("emp-00042")));
  }

  @Test
  void shouldWithdrawAFileInBulkReportBadRowsByLineAndExitWithTwo() throws Exception {
    String topic = "responses-" + UUID.randomUUID();
    Path key = Files.writeString(dir.resolve("rater.key"), KEY + "\n");
    Path input = Files.writeString(dir.resolve("withdrawals.csv"), "cycle_id,subject_id,rater_id\n"
        + "2026-H2,emp-00001,emp-00042\n"
        + "2026-H2,emp-00001,\n"
        + "2026-H2,emp-00007,emp-00007\n");

    Cli.Run run = Cli.run("withdraw", "--bootstrap-servers", BROKER.bootstrapServers(), "--responses-topic", topic,
        "--input", input.toString(), "--rater-key-file", key.toString());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).contains("3 rows read: 2 sent, 1 rejected, 0 failed")
        .contains("  " + input + ", line 3: rater_id is missing")
        .contains("Rejected rows are listed in " + input + ".rejects.csv")
        .doesNotContain("emp-00042");
    assertThat(run.err()).doesNotContain("emp-00042").doesNotContain("emp-00007");
    assertThat(tombstoneKeys(topic, 2)).containsExactlyInAnyOrder(
        new ResponseKey("2026-H2", "emp-00001", PSEUDONYMS.pseudonymise("emp-00042")),
        // a rater who is the subject: the self-rating's pseudonym, as produce gave it
        new ResponseKey("2026-H2", "emp-00007", PSEUDONYMS.pseudonymise("emp-00007", "emp-00007")));
  }

  private static List<ResponseKey> tombstoneKeys(String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "withdraw-it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(Set.of(topic));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        assertThat(records).hasSize(expected);
      });
    }
    assertThat(records).allSatisfy(record -> assertThat(record.value()).isNull());
    return records.stream().map(record -> AvroSerdes.responseKey().decode(record.key())).toList();
  }
}
