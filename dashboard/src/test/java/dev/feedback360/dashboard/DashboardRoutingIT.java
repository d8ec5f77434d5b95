package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.Topics;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two instances of the app in one JVM (same application id, own state directories and HTTP ports) share the four
 * partitions; each answers for every team, forwarding to the owner, and gathers lists from both.
 */
class DashboardRoutingIT {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutingIT.class);
  private static final int PARTITIONS = 4;

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  Path dir;

  @Test
  void shouldAnswerEveryTeamFromEitherInstanceByForwardingToItsOwner() throws Exception {
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
      // still being updated would compare two moments, not two routes.
      await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
        for (String team : teamByPartition.values()) {
          for (URI url : List.of(a.url(), b.url())) {
            HttpResponse<String> answer = Http.get(url, Http.teamPath(team, Fixtures.CYCLE));
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(Http.json(answer).get("raters").get("PEER").asInt()).isEqualTo(3);
          }
        }
      });

      Set<String> owners = new HashSet<>();
      for (String team : teamByPartition.values()) {
        HttpResponse<String> viaA = Http.get(a.url(), Http.teamPath(team, Fixtures.CYCLE));
        HttpResponse<String> viaB = Http.get(b.url(), Http.teamPath(team, Fixtures.CYCLE));
        String owner = viaA.headers().firstValue("X-Feedback360-Instance").orElseThrow();
        assertThat(viaB.headers().firstValue("X-Feedback360-Instance")).hasValue(owner);
        assertThat(Http.json(viaA)).isEqualTo(Http.json(viaB));
        assertThat(Http.json(viaA).get("teamId").asText()).isEqualTo(team);
        owners.add(owner);
      }
      // Every partition has a team, and each instance owns some partitions: so each instance answered for at
      // least one team it does not own, by forwarding to the other.
      assertThat(owners).containsExactlyInAnyOrder(name(a), name(b));

      JsonNode listA = Http.json(Http.get(a.url(), "/api/teams?cycle=" + Fixtures.CYCLE));
      JsonNode listB = Http.json(Http.get(b.url(), "/api/teams?cycle=" + Fixtures.CYCLE));
      assertThat(listA).isEqualTo(listB);
      assertThat(listA.get("teams")).extracting(t -> t.get("teamId").asText())
          .containsExactlyElementsOf(teamByPartition.values().stream().sorted().toList());
      assertThat(Http.json(Http.get(b.url(), "/api/cycles")).get("cycles").toString())
          .isEqualTo("[{\"cycleId\":\"2026-H2\",\"teams\":4}]");

      logForwardedLatency(a, teamByPartition.values(), name(b));
    }
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

  private static void logForwardedLatency(ServedApp via, Iterable<String> teams, String owner) {
    String path = null;
    for (String team : teams) {
      String candidate = Http.teamPath(team, Fixtures.CYCLE);
      if (Http.get(via.url(), candidate).headers().firstValue("X-Feedback360-Instance").orElseThrow().equals(owner)) {
        path = candidate;
      }
    }
    URI base = via.url();
    for (int i = 0; i < 200; i++) {
      Http.get(base, path);
    }
    int requests = 1_000;
    long[] micros = new long[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      assertThat(Http.get(base, path).statusCode()).isEqualTo(200);
      micros[i] = (System.nanoTime() - start) / 1_000;
    }
    Arrays.sort(micros);
    LOG.info("GET {} forwarded to its owner, {} sequential requests: p50 {} us, p99 {} us, max {} us", path,
        requests, micros[requests / 2], micros[requests * 99 / 100], micros[requests - 1]);
  }
}
