package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.producer.pseudonym.RaterPseudonymiser;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nominate}, {@code nominate --remove} and {@code nudge} against a real in-process broker, next to the worked
 * example's responses sent by {@code produce}.
 *
 * <p>The worked example counts, in cycle 2026-H2: T1 PEER P1 (about S1; r-00 is an older re-send), P2 (S1), P3 (S2);
 * T1 MANAGER M1 (S1); T1 DIRECT_REPORT D1 (S1), D2 (S2); T1 SELF S1; T2 PEER P1 (S3). P4's row (S2) is rejected by
 * produce (score 7), so P4 never answers. Every counted response has a score. The nominations file below, with
 * k = 3:
 *
 * <pre>
 * line  nomination                        answered?                       group        invited counted at risk
 *  2    T1 S1 P1 PEER                     yes                             T1 SELF            1       1  yes
 *  3    T1 S1 P2 PEER                     yes                             T1 MANAGER         3       1  yes
 *  4    T1 S2 P3 PEER                     yes                             T1 PEER            4       3  no
 *  5    T1 S2 P4 PEER                     no (rejected by produce)        T1 DIRECT_REPORT   1       2  yes
 *  6    T1 S1 M1 MANAGER                  yes                             T2 PEER            2       1  yes
 *  7    T1 S2 M2 MANAGER                  no                              T2 MANAGER         1       0  yes
 *  8    T1 S1 D1 DIRECT_REPORT            yes
 *  9    T1 S1 S1 SELF                     yes (the self pseudonym)
 * 10    T1 S2 D2 MANAGER                  no (D2 answered as DIRECT_REPORT)
 * 11    T2 S3 P1 PEER                     yes
 * 12    T2 S3 P5 PEER                     no
 * 13    T2 S3 M3 MANAGER                  no
 * 14    2027-H1 T1 S1 P9 PEER             another cycle
 * </pre>
 * Not answered: lines 5, 7, 10, 12, 13; of team T1: 5, 7, 10; at risk: 7, 10, 12, 13; T1 and at risk: 7, 10.
 */
class NominateNudgeIT {

  private static final String KEY = "a nominate test key, 32 bytes.";
  private static final int PARTITIONS = 4;
  private static final RaterPseudonymiser PSEUDONYMS =
      RaterPseudonymiser.withKey(KEY.getBytes(StandardCharsets.UTF_8), "test");

  private static final String HEADER = "cycle_id,team_id,subject_id,rater_id,rater_group,email";
  private static final List<String> ROWS = List.of(
      "2026-H2,T1,S1,P1,PEER,p1@example.org",
      "2026-H2,T1,S1,P2,PEER,p2@example.org",
      "2026-H2,T1,S2,P3,PEER,p3@example.org",
      "2026-H2,T1,S2,P4,PEER,p4@example.org",
      "2026-H2,T1,S1,M1,MANAGER,m1@example.org",
      "2026-H2,T1,S2,M2,MANAGER,m2@example.org",
      "2026-H2,T1,S1,D1,DIRECT_REPORT,d1@example.org",
      "2026-H2,T1,S1,S1,SELF,s1@example.org",
      "2026-H2,T1,S2,D2,MANAGER,d2@example.org",
      "2026-H2,T2,S3,P1,PEER,p1@example.org",
      "2026-H2,T2,S3,P5,PEER,p5@example.org",
      "2026-H2,T2,S3,M3,MANAGER,m3@example.org",
      "2027-H1,T1,S1,P9,PEER,p9@example.org");

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  Path dir;

  @Test
  void shouldNominateRemoveAndListWhoHasNotAnsweredNextToTheResponsesOfProduce() throws Exception {
    String suffix = UniqueTopics.suffix();
    String responses = "responses-" + suffix;
    String nominations = "nominations-" + suffix;
    Path key = Files.writeString(dir.resolve("rater.key"), KEY + "\n");
    Path file = Files.writeString(dir.resolve("nominations.csv"), HEADER + "\n" + String.join("\n", ROWS) + "\n");
    List<String> topics = List.of("--bootstrap-servers", BROKER.bootstrapServers(), "--responses-topic", responses,
        "--nominations-topic", nominations, "--rater-key-file", key.toString());

    Cli.Run produce = run(topics, "produce", "--input", WorkedExampleCsv.writeTo(dir.resolve("export.csv")).toString());
    assertThat(produce.exitCode()).as(produce.out() + produce.err()).isEqualTo(2);

    Cli.Run nominate = run(topics, "nominate", "--input", file.toString());

    assertThat(nominate.exitCode()).as(nominate.out() + nominate.err()).isZero();
    assertThat(nominate.out()).contains("13 rows read: 13 nominations sent, 0 rejected, 0 failed")
        .contains("Nominations sent: 13; removed: 0; rejected: 0");
    assertThat(nominate.out() + nominate.err()).doesNotContain("P4").doesNotContain("example.org");

    List<ConsumerRecord<byte[], byte[]>> sent = readAll(nominations, 13);
    // every nomination on the partition Kafka's default partitioner gives its key, for the responses' count
    assertThat(partitionCount(nominations)).isEqualTo(PARTITIONS);
    assertThat(sent).allSatisfy(record -> assertThat(record.partition())
        .isEqualTo(Utils.toPositive(Utils.murmur2(record.key())) % PARTITIONS));
    Map<ResponseKey, Integer> nominationPartitions = partitionsByKey(sent);
    assertThat(nominationPartitions).containsEntry(key("S1", "P1"), partitionOf(key("S1", "P1")));
    ConsumerRecord<byte[], byte[]> first = sent.stream()
        .filter(r -> AvroSerdes.responseKey().decode(r.key()).equals(key("S1", "P1"))).findFirst().orElseThrow();
    assertThat(AvroSerdes.nomination().decode(first.value())).isEqualTo(
        new Nomination("2026-H2", "T1", "S1", PSEUDONYMS.pseudonymise("P1"), RaterGroup.PEER, null));
    // the keys shared with produce's responses: same bytes, same partition (self nomination included)
    Map<ResponseKey, Integer> responsePartitions = partitionsByKey(readAll(responses, 9));
    Map<ResponseKey, Integer> shared = new HashMap<>(nominationPartitions);
    shared.keySet().retainAll(responsePartitions.keySet());
    assertThat(shared.keySet()).containsExactlyInAnyOrder(key("S1", "P1"), key("S1", "P2"), key("S2", "P3"),
        key("S1", "M1"), key("S1", "D1"), key("S2", "D2"), key("S3", "P1"),
        new ResponseKey("2026-H2", "S1", PSEUDONYMS.pseudonymise("S1", "S1")));
    shared.forEach((k, partition) -> assertThat(responsePartitions).containsEntry(k, partition));

    Cli.Run all = run(topics, "nudge", "--nominations", file.toString(), "--cycle", "2026-H2", "--format", "csv");
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out()).isEqualTo(csv(ROWS.get(3), ROWS.get(5), ROWS.get(8), ROWS.get(10), ROWS.get(11)));
    assertThat(all.err()).contains("T1           MANAGER       invited 3, responded 1, counted raters 1 of k=3"
        + "  AT RISK").contains("T1           PEER          invited 4, responded 3, counted raters 3 of k=3\n");

    Cli.Run team = run(topics, "nudge", "--nominations", file.toString(), "--cycle", "2026-H2", "--team", "T1",
        "--format", "csv");
    assertThat(team.out()).isEqualTo(csv(ROWS.get(3), ROWS.get(5), ROWS.get(8)));

    Cli.Run atRisk = run(topics, "nudge", "--nominations", file.toString(), "--cycle", "2026-H2", "--at-risk-only",
        "--format", "csv");
    assertThat(atRisk.out()).isEqualTo(csv(ROWS.get(5), ROWS.get(8), ROWS.get(10), ROWS.get(11)));

    Cli.Run table = run(topics, "nudge", "--nominations", file.toString(), "--cycle", "2026-H2", "--team", "T1",
        "--at-risk-only");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).isEqualTo(String.join(System.lineSeparator(),
        "cycle_id  team_id  subject_id  rater_id  rater_group  email",
        "2026-H2   T1       S2          M2        MANAGER      m2@example.org",
        "2026-H2   T1       S2          D2        MANAGER      d2@example.org", ""));

    Cli.Run nobody = run(topics, "nudge", "--nominations", file.toString(), "--cycle", "2026-H2", "--team", "T9");
    assertThat(nobody.exitCode()).isZero();
    assertThat(nobody.out()).isEmpty();

    Path removals = Files.writeString(dir.resolve("removals.csv"), "cycle_id,subject_id,rater_id\n2026-H2,S2,M2\n");
    Cli.Run remove = run(topics, "nominate", "--remove", "--input", removals.toString());

    assertThat(remove.exitCode()).as(remove.out() + remove.err()).isZero();
    assertThat(remove.out()).contains("1 rows read: 1 removals sent, 0 rejected")
        .contains("Nominations sent: 0; removed: 1; rejected: 0");
    ConsumerRecord<byte[], byte[]> tombstone = readAll(nominations, 14).stream()
        .filter(r -> r.value() == null).findFirst().orElseThrow();
    assertThat(AvroSerdes.responseKey().decode(tombstone.key())).isEqualTo(key("S2", "M2"));
    assertThat(tombstone.partition()).isEqualTo(nominationPartitions.get(key("S2", "M2")));
  }

  @Test
  void shouldRefuseANominationsTopicWithAnotherPartitionCountThanTheResponsesTopic() throws Exception {
    String suffix = UniqueTopics.suffix();
    String responses = "responses-" + suffix;
    String nominations = "nominations-" + suffix;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(responses, PARTITIONS, (short) 1), new NewTopic(nominations, 2,
          (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    Path key = Files.writeString(dir.resolve("rater.key"), KEY + "\n");
    Path file = Files.writeString(dir.resolve("nominations.csv"), HEADER + "\n" + ROWS.get(0) + "\n");

    Cli.Run run = run(List.of("--bootstrap-servers", BROKER.bootstrapServers(), "--responses-topic", responses,
        "--nominations-topic", nominations, "--rater-key-file", key.toString()), "nominate", "--input",
        file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Error: The nominations topic " + nominations + " has 2 partitions but the "
        + "responses topic " + responses + " has 4");
    assertThat(endOffsets(nominations)).isZero();
  }

  private static Cli.Run run(List<String> options, String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(args));
    all.addAll(options);
    return Cli.run(all.toArray(String[]::new));
  }

  private static String csv(String... rows) {
    return HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n";
  }

  private static ResponseKey key(String subject, String rater) {
    return new ResponseKey("2026-H2", subject, PSEUDONYMS.pseudonymise(rater));
  }

  private static int partitionOf(ResponseKey key) {
    return Utils.toPositive(Utils.murmur2(AvroSerdes.responseKey().encode(key))) % PARTITIONS;
  }

  private static Map<ResponseKey, Integer> partitionsByKey(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<ResponseKey, Integer> partitions = new HashMap<>();
    records.forEach(r -> partitions.put(AvroSerdes.responseKey().decode(r.key()), r.partition()));
    return partitions;
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private static int partitionCount(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return partitions(consumer, topic).size();
    }
  }

  private static long endOffsets(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      return consumer.endOffsets(partitions(consumer, topic), Duration.ofSeconds(30)).values().stream()
          .mapToLong(Long::longValue).sum();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        assertThat(records).hasSize(expected);
      });
    }
    return records;
  }
}
