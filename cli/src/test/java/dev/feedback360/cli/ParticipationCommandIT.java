package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code participation} and {@code export --participation} on a real in-process broker. The participation topic is
 * written here as the streams app writes it (the JSON contract, key {@code cycleId/teamId}): an earlier value of T2
 * that a later one replaces, a team deleted by a tombstone, a team of another cycle, and a value in an aborted
 * transaction, which a read_committed reader never sees.
 */
class ParticipationCommandIT {

  private static final String CYCLE = "2026-Q4";
  private static final String OPS = "{\"cycleId\":\"2026-Q4\",\"teamId\":\"Ops\",\"roster\":\"strict\",\"minRaters\":3,"
      + "\"groups\":{},\"invited\":0,\"responded\":0,\"rate\":null,\"unnominated\":2,"
      + "\"updatedAt\":\"2026-11-03T09:00:00Z\"}";
  private static final String T1 = "{\"cycleId\":\"2026-Q4\",\"teamId\":\"T1\",\"roster\":\"open\",\"minRaters\":3,"
      + "\"groups\":{\"MANAGER\":{\"invited\":2,\"responded\":1,\"rate\":0.5,\"counted\":1,\"atRisk\":true},"
      + "\"PEER\":{\"invited\":4,\"responded\":3,\"rate\":0.75,\"counted\":3,\"atRisk\":false}},"
      + "\"invited\":6,\"responded\":4,\"rate\":0.6666666666666666,\"unnominated\":1,"
      + "\"updatedAt\":\"2026-11-03T10:15:00Z\"}";
  private static final String T2_EARLIER = "{\"cycleId\":\"2026-Q4\",\"teamId\":\"T2\",\"roster\":\"open\","
      + "\"minRaters\":3,\"groups\":{\"PEER\":{\"invited\":3,\"responded\":0,\"rate\":0.0,\"counted\":0,"
      + "\"atRisk\":true}},\"invited\":3,\"responded\":0,\"rate\":0.0,\"unnominated\":0,"
      + "\"updatedAt\":\"2026-11-02T08:00:00Z\"}";
  private static final String T2 = "{\"cycleId\":\"2026-Q4\",\"teamId\":\"T2\",\"roster\":\"open\",\"minRaters\":3,"
      + "\"groups\":{\"SELF\":{\"invited\":1,\"responded\":1,\"rate\":1.0,\"counted\":1,\"atRisk\":true},"
      + "\"PEER\":{\"invited\":3,\"responded\":3,\"rate\":1.0,\"counted\":3,\"atRisk\":false},"
      + "\"OTHER\":{\"invited\":0,\"responded\":0,\"rate\":null,\"counted\":1,\"atRisk\":false}},"
      + "\"invited\":4,\"responded\":4,\"rate\":1.0,\"unnominated\":1,\"updatedAt\":\"2026-11-03T11:00:00Z\"}";
  private static final String T9 = "{\"cycleId\":\"2026-Q4\",\"teamId\":\"T9\",\"roster\":\"open\",\"minRaters\":3,"
      + "\"groups\":{},\"invited\":0,\"responded\":0,\"rate\":null,\"unnominated\":1,"
      + "\"updatedAt\":\"2026-11-02T08:00:00Z\"}";
  private static final String NEXT_T1 = "{\"cycleId\":\"2027-Q1\",\"teamId\":\"T1\",\"roster\":\"open\","
      + "\"minRaters\":3,\"groups\":{},\"invited\":0,\"responded\":0,\"rate\":null,\"unnominated\":1,"
      + "\"updatedAt\":\"2027-03-01T08:00:00Z\"}";

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  static Path dir;

  private static String topic;

  @BeforeAll
  static void writeTheParticipationTopic() throws Exception {
    Topics topics = UniqueTopics.create();
    topic = topics.participationJson();
    TopicProvisioner.ensure(BROKER.admin(), topics, new TopicSettings(4, (short) 1), Set.of(topic),
        Duration.ofSeconds(60));
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "participation-it-" + UniqueTopics.suffix());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      send(producer, "2026-Q4/T2", T2_EARLIER);
      send(producer, "2026-Q4/T9", T9);
      send(producer, "2026-Q4/T1", T1);
      send(producer, "2026-Q4/Ops", OPS);
      send(producer, "2027-Q1/T1", NEXT_T1);
      producer.commitTransaction();
      // Aborted: T1 with everyone answered, which never happened.
      producer.beginTransaction();
      send(producer, "2026-Q4/T1", T1.replace("\"responded\":1", "\"responded\":2"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      send(producer, "2026-Q4/T2", T2);
      send(producer, "2026-Q4/T9", null);
      producer.commitTransaction();
    }
  }

  private static void send(KafkaProducer<String, String> producer, String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
  }

  private static Cli.Run participation(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("participation", "--bootstrap-servers",
        BROKER.bootstrapServers(), "--topic", topic));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void shouldPrintTheLatestCommittedValuesOfTheCycleAsJsonLinesSortedByTeam() {
    Cli.Run run = participation("--cycle", CYCLE, "--format", "jsonl");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).containsExactly(OPS, T1, T2);
    Cli.Run one = participation("--cycle", CYCLE, "--team", "T1", "--format", "jsonl");
    assertThat(one.out().lines()).containsExactly(T1);
  }

  @Test
  void shouldPrintATableWithARowPerGroupAndTheTeamsTotals() {
    Cli.Run run = participation("--cycle", CYCLE);

    assertThat(run.exitCode()).as(run.err()).isZero();
    // Rates in whole percent (4 of 6 = 66.7 -> 67%), counted raters against k = 3, groups in the contract's order.
    assertThat(run.out().lines().map(line -> line.replaceAll("\\s+", " "))).containsExactly(
        "TEAM GROUP INVITED RESPONDED RATE COUNTED/K RISK UNNOMINATED",
        "Ops all 0 0 - 2",
        "T1 MANAGER 2 1 50% 1/3 AT RISK",
        "T1 PEER 4 3 75% 3/3",
        "T1 all 6 4 67% 1",
        "T2 SELF 1 1 100% 1/3 AT RISK",
        "T2 PEER 3 3 100% 3/3",
        "T2 OTHER 0 0 - 1/3",
        "T2 all 4 4 100% 1");
    Cli.Run unknownCycle = participation("--cycle", "1999-H1");
    assertThat(unknownCycle.exitCode()).isZero();
    assertThat(unknownCycle.out()).contains("(no teams)");
    assertThat(unknownCycle.err()).contains("no teams in cycle 1999-H1; cycles with participation: 2026-Q4, 2027-Q1");
    assertThat(participation("--cycle", CYCLE).err()).doesNotContain("no teams in cycle");
  }

  @Test
  void shouldExportARowPerTeamAndGroupToCsvAndTheValuesToJsonLines() throws Exception {
    Path csv = dir.resolve("participation.csv");
    Path jsonl = dir.resolve("participation.jsonl");

    Cli.Run toCsv = Cli.run("export", "--participation", "--bootstrap-servers", BROKER.bootstrapServers(),
        "--topic", topic, "--cycle", CYCLE, "--output", csv.toString());
    Cli.Run toJsonl = Cli.run("export", "--participation", "--bootstrap-servers", BROKER.bootstrapServers(),
        "--topic", topic, "--cycle", CYCLE, "--output", jsonl.toString());

    assertThat(toCsv.exitCode()).as(toCsv.err()).isZero();
    assertThat(toCsv.err()).contains("Wrote the participation of 3 teams of cycle 2026-Q4");
    assertThat(Files.readAllLines(csv)).containsExactly(
        "cycleId,teamId,roster,minRaters,group,invited,responded,rate,counted,atRisk,teamInvited,teamResponded,"
            + "teamRate,unnominated,updatedAt",
        "2026-Q4,Ops,strict,3,,,,,,,0,0,,2,2026-11-03T09:00:00Z",
        "2026-Q4,T1,open,3,MANAGER,2,1,0.5,1,true,6,4,0.6666666666666666,1,2026-11-03T10:15:00Z",
        "2026-Q4,T1,open,3,PEER,4,3,0.75,3,false,6,4,0.6666666666666666,1,2026-11-03T10:15:00Z",
        "2026-Q4,T2,open,3,SELF,1,1,1.0,1,true,4,4,1.0,1,2026-11-03T11:00:00Z",
        "2026-Q4,T2,open,3,PEER,3,3,1.0,3,false,4,4,1.0,1,2026-11-03T11:00:00Z",
        "2026-Q4,T2,open,3,OTHER,0,0,,1,false,4,4,1.0,1,2026-11-03T11:00:00Z");
    assertThat(toJsonl.exitCode()).as(toJsonl.err()).isZero();
    assertThat(Files.readAllLines(jsonl)).containsExactly(OPS, T1, T2);
  }

  @Test
  void shouldRefuseAParticipationExportWithoutACycle() {
    Cli.Run run = Cli.run("export", "--participation", "--bootstrap-servers", BROKER.bootstrapServers(),
        "--topic", topic, "--output", dir.resolve("never.csv").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--participation needs --cycle");
    assertThat(dir.resolve("never.csv")).doesNotExist();
  }
}
