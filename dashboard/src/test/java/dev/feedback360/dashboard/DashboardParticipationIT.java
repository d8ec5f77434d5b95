package dev.feedback360.dashboard;

import static dev.feedback360.dashboard.ParticipationRecords.group;
import static dev.feedback360.dashboard.ParticipationRecords.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.SseRecorder;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The participation endpoints and events of one app instance on a real in-process broker. The values are written
 * straight to the participation topic, as the streams app would write them, some before the app starts (so they must
 * come from reading the topic from its beginning, with the last value per key winning and tombstones removing) and
 * some while it runs (pushed live).
 *
 * <p>Cycle 2026-Q4: T1 (the contract's example: MANAGER at risk), T2 (two groups at risk), "R&D EMEA/Ops" (none at
 * risk), T9 (deleted before the app starts). Cycle 2027-Q1: T1. Cycle 2027-Q2: written by the live-update test only.
 */
class DashboardParticipationIT {

  private static final String CYCLE = "2026-Q4";
  private static final String NEXT = "2027-Q1";
  private static final String LIVE = "2027-Q2";
  private static final String ENCODED_TEAM = "R&D EMEA/Ops";
  private static final String T1 = value(CYCLE, "T1", 6, 4, "0.6666666666666666", 1, "2026-11-03T10:15:00Z",
      group("MANAGER", 2, 1, 1, 3), group("PEER", 4, 3, 3, 3));
  private static final String T2 = value(CYCLE, "T2", 9, 5, "0.5555555555555556", 2, "2026-11-03T11:00:00Z",
      group("MANAGER", 1, 0, 0, 3), group("PEER", 5, 5, 5, 3), group("DIRECT_REPORT", 3, 0, 0, 3),
      group("OTHER", 0, 0, 2, 3));
  private static final String T3 = value(CYCLE, ENCODED_TEAM, 3, 3, "1.0", 0, "2026-11-03T12:00:00Z",
      group("PEER", 3, 3, 3, 3));

  @TempDir
  static Path stateDir;

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  private static Topics topics;
  private static ServedApp dashboard;
  private static KafkaProducer<String, String> producer;
  private static URI base;

  @BeforeAll
  static void writeParticipationThenStartTheApp() throws Exception {
    topics = UniqueTopics.create();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()))) {
      TopicProvisioner.ensure(admin, topics, new TopicSettings(4, (short) 1), topics.all(), Duration.ofSeconds(60));
    }
    producer = ParticipationRecords.producer(BROKER);
    String topic = topics.participationJson();
    // An earlier T1 (before a manager answered), replaced below; T9 written, then deleted.
    ParticipationRecords.send(producer, topic, CYCLE, "T1", value(CYCLE, "T1", 6, 3, "0.5", 1,
        "2026-11-02T09:00:00Z", group("MANAGER", 2, 0, 0, 3), group("PEER", 4, 3, 3, 3)));
    ParticipationRecords.send(producer, topic, CYCLE, "T9", value(CYCLE, "T9", 1, 0, "0.0", 0,
        "2026-11-02T09:00:00Z", group("PEER", 1, 0, 0, 3)));
    ParticipationRecords.send(producer, topic, CYCLE, "T1", T1);
    ParticipationRecords.send(producer, topic, CYCLE, "T2", T2);
    ParticipationRecords.send(producer, topic, CYCLE, ENCODED_TEAM, T3);
    ParticipationRecords.send(producer, topic, CYCLE, "T9", null);
    ParticipationRecords.send(producer, topic, NEXT, "T1", value(NEXT, "T1", 4, 4, "1.0", 0,
        "2027-03-01T08:00:00Z", group("PEER", 4, 4, 4, 3)));

    dashboard = ServedApp.start(Fixtures.settings(BROKER, "participation-it", stateDir, topics), Fixtures.http());
    base = dashboard.url();
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      HttpResponse<String> t1 = Http.get(base, participationPath("T1", CYCLE));
      assertThat(t1.statusCode()).as(t1.body()).isEqualTo(200);
    });
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
  }

  @Test
  void shouldAnswer503WithRetryAfterUntilTheAppRuns() {
    try (Dashboard starting = Dashboard.start(Fixtures.http())) {
      HttpResponse<String> team = Http.get(starting.url(), participationPath("T1", CYCLE));
      HttpResponse<String> cycle = Http.get(starting.url(), "/api/participation?cycle=" + CYCLE);
      HttpResponse<String> scores = Http.get(starting.url(), Http.teamPath("T1", CYCLE));
      HttpResponse<String> scoresList = Http.get(starting.url(), "/api/teams?cycle=" + CYCLE);
      HttpResponse<String> health = Http.get(starting.url(), "/api/health");

      for (HttpResponse<String> response : List.of(team, cycle, scores, scoresList)) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(Http.json(response).get("error").asText()).isEqualTo("unavailable");
      }
      assertThat(Http.json(health).get("participation").asText()).isEqualTo("STARTING");
      assertThat(Http.json(health).get("scores").asText()).isEqualTo("STARTING");
    }
  }

  @Test
  void shouldAnswerATeamWithItsLatestValueExactlyAsInTheTopic() {
    HttpResponse<String> t1 = Http.get(base, participationPath("T1", CYCLE));
    HttpResponse<String> encoded = Http.get(base, participationPath(ENCODED_TEAM, CYCLE));

    assertThat(t1.statusCode()).isEqualTo(200);
    assertThat(t1.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(t1.body()).isEqualTo(T1);
    JsonNode team = Http.json(t1);
    assertThat(team.at("/groups/MANAGER/invited").asInt()).isEqualTo(2);
    assertThat(team.at("/groups/MANAGER/responded").asInt()).isEqualTo(1);
    assertThat(team.at("/groups/MANAGER/rate").asDouble()).isEqualTo(0.5);
    assertThat(team.at("/groups/MANAGER/atRisk").asBoolean()).isTrue();
    assertThat(team.at("/groups/PEER/atRisk").asBoolean()).isFalse();
    assertThat(team.get("unnominated").asInt()).isEqualTo(1);
    assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
    assertThat(encoded.body()).isEqualTo(T3);
    assertThat(Http.get(base, participationPath("T1", NEXT)).body()).contains("\"cycleId\":\"2027-Q1\"");
  }

  @Test
  void shouldAnswer404ForATeamWithoutParticipationAnd400WithoutACycle() {
    HttpResponse<String> unknown = Http.get(base, participationPath("T404", CYCLE));
    HttpResponse<String> deleted = Http.get(base, participationPath("T9", CYCLE));
    HttpResponse<String> otherCycle = Http.get(base, participationPath("T2", NEXT));
    HttpResponse<String> noCycle = Http.get(base, "/api/teams/T1/participation");
    HttpResponse<String> noCycleSummary = Http.get(base, "/api/participation");

    for (HttpResponse<String> notFound : List.of(unknown, deleted, otherCycle)) {
      assertThat(notFound.statusCode()).as(notFound.body()).isEqualTo(404);
      assertThat(Http.json(notFound).get("error").asText()).isEqualTo("not_found");
    }
    assertThat(Http.json(unknown).get("message").asText()).contains("T404", CYCLE);
    for (HttpResponse<String> badRequest : List.of(noCycle, noCycleSummary)) {
      assertThat(badRequest.statusCode()).isEqualTo(400);
      assertThat(Http.json(badRequest).get("error").asText()).isEqualTo("bad_request");
      assertThat(Http.json(badRequest).get("message").asText()).contains("'cycle' is required");
    }
  }

  @Test
  void shouldSummariseACycleWithItsTeamsInOrderAndTotalsWorkedOutByHand() throws Exception {
    HttpResponse<String> response = Http.get(base, "/api/participation?cycle=" + CYCLE);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode summary = Http.json(response);
    assertThat(summary.get("cycleId").asText()).isEqualTo(CYCLE);
    assertThat(summary.get("minRaters").asInt()).isEqualTo(3);
    assertThat(summary.get("teams")).containsExactly(Http.JSON.readTree(T3), Http.JSON.readTree(T1),
        Http.JSON.readTree(T2));
    // invited 6 + 9 + 3 = 18, responded 4 + 5 + 3 = 12, rate 12/18; unnominated 1 + 2 + 0; T1 (MANAGER) and T2
    // (MANAGER, DIRECT_REPORT) at risk: 2 teams, 3 groups. T2's OTHER (nobody invited, 2 counted) is not at risk.
    assertThat(summary.get("totals").toString()).isEqualTo("{\"invited\":18,\"responded\":12,"
        + "\"rate\":0.6666666666666666,\"unnominated\":3,\"teamsAtRisk\":2,\"groupsAtRisk\":3}");
    assertThat(Http.get(base, "/api/participation?cycle=1999-H1").body()).isEqualTo("{\"cycleId\":\"1999-H1\","
        + "\"minRaters\":null,\"teams\":[],\"totals\":{\"invited\":0,\"responded\":0,\"rate\":null,"
        + "\"unnominated\":0,\"teamsAtRisk\":0,\"groupsAtRisk\":0}}");
    assertThat(Http.json(Http.get(base, "/api/participation/cycles")).get("cycles").toString())
        .contains("{\"cycleId\":\"2026-Q4\",\"teams\":3}", "{\"cycleId\":\"2027-Q1\",\"teams\":1}");
  }

  @Test
  void shouldAnswerByTheCallersScopeLikeTheScoresEndpoints() {
    HttpResponse<String> own = Http.get(base, participationPath("T1", CYCLE), Fixtures.T1_TOKEN);
    HttpResponse<String> other = Http.get(base, participationPath("T2", CYCLE), Fixtures.T1_TOKEN);
    HttpResponse<String> unknownOther = Http.get(base, participationPath("T404", CYCLE), Fixtures.T1_TOKEN);
    HttpResponse<String> summary = Http.get(base, "/api/participation?cycle=" + CYCLE, Fixtures.T1_TOKEN);

    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(Http.json(other).get("error").asText()).isEqualTo("forbidden");
    assertThat(Http.json(other).get("message").asText()).contains("teams T1", "'T2'");
    // As on the scores endpoints, 403 is said before looking the team up: it does not tell whether it exists.
    assertThat(unknownOther.statusCode()).isEqualTo(403);
    JsonNode scoped = Http.json(summary);
    assertThat(scoped.get("teams")).extracting(t -> t.get("teamId").asText()).containsExactly("T1");
    // T1 alone: 4 of 6, one unnominated, its MANAGER group at risk.
    assertThat(scoped.get("totals").toString()).isEqualTo("{\"invited\":6,\"responded\":4,"
        + "\"rate\":0.6666666666666666,\"unnominated\":1,\"teamsAtRisk\":1,\"groupsAtRisk\":1}");
    assertThat(Http.json(Http.get(base, "/api/participation/cycles", Fixtures.T1_TOKEN)).get("cycles").toString())
        .contains("{\"cycleId\":\"2026-Q4\",\"teams\":1}");
    for (String path : List.of(participationPath("T1", CYCLE), "/api/participation?cycle=" + CYCLE,
        "/api/participation/cycles")) {
      HttpResponse<String> anonymous = Http.get(base, path, null);
      assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
      assertThat(Http.json(anonymous).get("error").asText()).isEqualTo("unauthorized");
    }
  }

  @Test
  void shouldPushCommittedChangesAndDeletionsToTheClientsWhoseScopeCoversTheTeam() throws Exception {
    String t5 = value(LIVE, "T5", 3, 1, "0.3333333333333333", 0, "2027-06-01T09:00:00Z", group("PEER", 3, 1, 1, 3));
    String t1 = value(LIVE, "T1", 2, 2, "1.0", 1, "2027-06-01T09:01:00Z", group("MANAGER", 2, 2, 2, 3));
    String topic = topics.participationJson();
    try (SseRecorder all = new SseRecorder(Http.client(), base, Fixtures.ALL_TOKEN);
        SseRecorder teamT1 = new SseRecorder(Http.client(), base, Fixtures.T1_TOKEN)) {
      await().atMost(Duration.ofSeconds(60))
          .until(() -> !all.events("ready").isEmpty() && !teamT1.events("ready").isEmpty());

      // One change at a time, each seen by the all-teams client before the next (a client's events keep their
      // order, so a scoped client that got a later event would have got an earlier one).
      ParticipationRecords.send(producer, topic, LIVE, "T5", t5);
      await().atMost(Duration.ofSeconds(60)).until(() -> all.events("participation").size() == 1);
      ParticipationRecords.send(producer, topic, LIVE, "T1", t1);
      await().atMost(Duration.ofSeconds(60)).until(() -> all.events("participation").size() == 2
          && teamT1.events("participation").size() == 1);
      ParticipationRecords.send(producer, topic, LIVE, "T1", null);
      await().atMost(Duration.ofSeconds(60)).until(() -> !all.events("participation-deleted").isEmpty()
          && !teamT1.events("participation-deleted").isEmpty());

      assertThat(all.events()).extracting(SseRecorder.Event::name)
          .containsExactly("ready", "participation", "participation", "participation-deleted");
      assertThat(all.events("participation")).extracting(SseRecorder.Event::data).containsExactly(t5, t1);
      assertThat(teamT1.events()).extracting(SseRecorder.Event::name)
          .containsExactly("ready", "participation", "participation-deleted");
      assertThat(teamT1.events("participation").get(0).data()).isEqualTo(t1);
      assertThat(teamT1.events("participation-deleted").get(0).data()).isEqualTo("{\"key\":\"2027-Q2/T1\"}");
    }
    assertThat(Http.get(base, participationPath("T5", LIVE)).body()).isEqualTo(t5);
    assertThat(Http.get(base, participationPath("T1", LIVE)).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldDescribeTheEndpointsAndReportTheViewInTheHealth() {
    JsonNode openApi = Http.json(Http.get(base, "/api/openapi.json"));
    assertThat(openApi.get("paths").fieldNames()).toIterable().contains("/api/teams/{team}/participation",
        "/api/participation", "/api/participation/cycles");
    assertThat(openApi.at("/components/schemas/ParticipationGroup/required").toString())
        .contains("\"invited\"", "\"responded\"", "\"rate\"", "\"atRisk\"");
    assertThat(openApi.at("/components/schemas/Participation/properties/unnominated/type").asText())
        .isEqualTo("integer");
    assertThat(Http.json(Http.get(base, "/api/health")).get("participation").asText()).isEqualTo("READY");
  }

  private static String participationPath(String team, String cycle) {
    return "/api/teams/" + Http.encode(team) + "/participation?cycle=" + Http.encode(cycle);
  }
}
