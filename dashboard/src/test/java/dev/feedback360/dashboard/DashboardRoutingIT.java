package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.topology.StoreNames;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.Topics;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the app in one JVM (same application id, own state directories and HTTP ports) share the four
 * partitions; each answers for every team and every list on its own, from the committed {@code team-scores-json} it
 * reads whole, and still tells an instance of an earlier version its share ({@code /api/instance/...}).
 */
class DashboardRoutingIT {

  private static final int PARTITIONS = 4;

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  Path dir;

  @Test
  void shouldAnswerEveryTeamFromEitherInstanceOnItsOwn() throws Exception {
    Topics topics = UniqueTopics.create();
    try (ServedApp a = ServedApp.start(Fixtures.settings(BROKER, "routing-it", dir.resolve("a"), topics),
        Fixtures.http());
        ServedApp b = ServedApp.start(Fixtures.settings(BROKER, "routing-it", dir.resolve("b"), topics),
            Fixtures.http());
        KafkaProducer<byte[], byte[]> producer = Fixtures.producer(BROKER)) {
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
        assertThat(ownsActiveTasks(a)).as("instance a owns partitions").isTrue();
        assertThat(ownsActiveTasks(b)).as("instance b owns partitions").isTrue();
        assertThat(Http.json(Http.get(a.url(), "/api/health")).get("instances")).hasSize(2);
        assertThat(Http.json(Http.get(b.url(), "/api/health")).get("instances")).hasSize(2);
      });
      Map<Integer, String> teamByPartition = teamsCoveringEveryPartition();
      List<SurveyResponse> responses = new ArrayList<>();
      teamByPartition.values().forEach(team -> responses.addAll(Fixtures.team(team, 4, 2, 1)));
      Fixtures.send(producer, topics, responses);

      // Wait until every team has all three peers counted: comparing the two instances' answers while a team is
      // still being updated would compare two moments, not two instances.
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
        for (String team : teamByPartition.values()) {
          for (URI url : List.of(a.url(), b.url())) {
            HttpResponse<String> answer = Http.get(url, Http.teamPath(team, Fixtures.CYCLE));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Http.json(answer).get("raters").get("PEER").asInt()).isEqualTo(3);
          }
        }
      });

      for (String team : teamByPartition.values()) {
        HttpResponse<String> viaA = Http.get(a.url(), Http.teamPath(team, Fixtures.CYCLE));
        HttpResponse<String> viaB = Http.get(b.url(), Http.teamPath(team, Fixtures.CYCLE));
        // Every partition has a team and each instance owns some: each answered teams it does not own, itself.
        assertThat(viaA.headers().firstValue("X-Feedback360-Instance")).hasValue(name(a));
        assertThat(viaB.headers().firstValue("X-Feedback360-Instance")).hasValue(name(b));
        assertThat(viaA.body()).isEqualTo(viaB.body());
        assertThat(Http.json(viaA).get("teamId").asText()).isEqualTo(team);
      }

      JsonNode listA = Http.json(Http.get(a.url(), "/api/teams?cycle=" + Fixtures.CYCLE));
      JsonNode listB = Http.json(Http.get(b.url(), "/api/teams?cycle=" + Fixtures.CYCLE));
      assertThat(listA).isEqualTo(listB);
      assertThat(listA.get("teams")).extracting(t -> t.get("teamId").asText())
          .containsExactlyElementsOf(teamByPartition.values().stream().sorted().toList());
      assertThat(Http.json(Http.get(b.url(), "/api/cycles")).get("cycles").toString())
          .isEqualTo("[{\"cycleId\":\"2026-H2\",\"teams\":4}]");

      // What an instance of an earlier version gathers lists from: each instance's share, the teams its tasks hold.
      List<String> shareA = teamIds(Http.json(Http.get(a.url(), "/api/instance/teams?cycle=" + Fixtures.CYCLE)));
      List<String> shareB = teamIds(Http.json(Http.get(b.url(), "/api/instance/teams?cycle=" + Fixtures.CYCLE)));
      assertThat(shareA).isNotEmpty().doesNotContainAnyElementsOf(shareB);
      assertThat(shareB).isNotEmpty();
      assertThat(Stream.concat(shareA.stream(), shareB.stream()).sorted().toList())
          .containsExactlyElementsOf(teamByPartition.values().stream().sorted().toList());
      for (String team : shareA) {
        assertThat(a.app().streams().queryMetadataForKey(StoreNames.TEAM_AGGREGATES, new TeamKey(Fixtures.CYCLE,
            team), AvroSerdes.teamKey().serializer()).activeHost().port()).isEqualTo(a.port());
      }
      assertThat(Http.json(Http.get(a.url(), "/api/instance/cycles")).get("cycles").toString())
          .isEqualTo("{\"2026-H2\":" + shareA.size() + "}");
    }
  }

  private static List<String> teamIds(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("teams").forEach(team -> ids.add(team.get("teamId").asText()));
    return ids;
  }

  private static boolean ownsActiveTasks(ServedApp dashboard) {
    return dashboard.app().streams().metadataForLocalThreads().stream()
        .map(ThreadMetadata::activeTasks)
        .anyMatch(tasks -> !tasks.isEmpty());
  }

  /** One team id per partition of the team-keyed topics, found with the partitioner Kafka uses for them. */
  private static Map<Integer, String> teamsCoveringEveryPartition() {
    Map<Integer, String> teams = new TreeMap<>();
    for (int i = 0; teams.size() < PARTITIONS; i++) {
      String team = "team-" + i;
      byte[] key = AvroSerdes.teamKey().serializer().serialize("any", new TeamKey(Fixtures.CYCLE, team));
      teams.putIfAbsent(Utils.toPositive(Utils.murmur2(key)) % PARTITIONS, team);
    }
    return teams;
  }

  private static String name(ServedApp dashboard) {
    return "127.0.0.1:" + dashboard.port();
  }
}
