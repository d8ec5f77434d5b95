package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.auth.TokenEntry;
import dev.feedback360.dashboard.auth.Tokens;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.SseRecorder;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each token sees on a running app: the all-teams token everything, a token scoped to team T1 only T1 (in
 * lists, cycle counts and live updates), a token scoped to T1 in cycle 2027-H1 only that; 401 and 403 in the JSON
 * error shape on every endpoint.
 *
 * <p>Data: cycle 2026-H2 holds T1 (the worked example), T2 (one peer) and T9 (one peer, withdrawn by the live-update
 * test); cycle 2027-H1 holds T1 and T3 (one peer each).
 */
class DashboardScopeIT {

  private static final String NEXT = "2027-H1";
  private static final String T1_NEXT_TOKEN = "test-token-team-T1-in-2027-H1";

  @TempDir
  static Path stateDir;

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  private static Topics topics;
  private static ServedApp dashboard;
  private static KafkaProducer<byte[], byte[]> producer;
  private static URI base;
  private static SurveyResponse t9;

  @BeforeAll
  static void startAppWithScores() throws Exception {
    topics = UniqueTopics.create();
    Tokens tokens = Tokens.of(List.of(
        TokenEntry.of(Fixtures.ALL_TOKEN, Scope.all(), Fixtures.T0, "all teams"),
        TokenEntry.of(Fixtures.T1_TOKEN, Scope.of(List.of("T1"), List.of()), Fixtures.T0, "team T1"),
        TokenEntry.of(T1_NEXT_TOKEN, Scope.of(List.of("T1"), List.of(NEXT)), Fixtures.T0, "team T1 in 2027-H1")));
    dashboard = ServedApp.start(Fixtures.settings(BROKER, "scope-it", stateDir, topics),
        DashboardSettings.local(0).withTokens(tokens));
    base = dashboard.url();
    producer = Fixtures.producer(BROKER);
    t9 = Fixtures.lonePeer("T9", 9);
    List<SurveyResponse> responses = new ArrayList<>(Fixtures.workedExample());
    responses.add(Fixtures.lonePeer("T2", 8));
    responses.add(t9);
    responses.add(Fixtures.response(NEXT, "T1", "S1", "N1", RaterGroup.PEER, 20, "CHANGE_L1=4"));
    responses.add(Fixtures.response(NEXT, "T3", "S3", "N3", RaterGroup.PEER, 21, "CHANGE_L1=4"));
    Fixtures.send(producer, topics, responses);
    await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> assertThat(
        Http.json(Http.get(base, "/api/cycles")).get("cycles").toString())
        .isEqualTo("[{\"cycleId\":\"2026-H2\",\"teams\":3},{\"cycleId\":\"2027-H1\",\"teams\":2}]"));
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
  void shouldAnswerEveryEndpointByTheCallersScope() {
    String t1 = Http.teamPath("T1", Fixtures.CYCLE);
    String t2 = Http.teamPath("T2", Fixtures.CYCLE);
    String t1Next = Http.teamPath("T1", NEXT);
    String t3Next = Http.teamPath("T3", NEXT);
    // path -> expected status for: no credentials, a wrong token, T1 in 2027-H1, T1, all teams
    Map<String, List<Integer>> matrix = Map.of(
        "/api/cycles", List.of(401, 401, 200, 200, 200),
        "/api/teams", List.of(401, 401, 200, 200, 200),
        "/api/teams?cycle=" + Fixtures.CYCLE, List.of(401, 401, 200, 200, 200),
        t1, List.of(401, 401, 403, 200, 200),
        t2, List.of(401, 401, 403, 403, 200),
        t1Next, List.of(401, 401, 200, 200, 200),
        t3Next, List.of(401, 401, 403, 403, 200),
        "/api/instance/cycles", List.of(401, 401, 200, 200, 200),
        "/api/instance/teams?cycle=" + NEXT, List.of(401, 401, 200, 200, 200));
    String[] tokens = {null, "f360_not-a-token", T1_NEXT_TOKEN, Fixtures.T1_TOKEN, Fixtures.ALL_TOKEN};
    matrix.forEach((path, expected) -> {
      for (int i = 0; i < tokens.length; i++) {
        HttpResponse<String> response = Http.get(base, path, tokens[i]);
        assertThat(response.statusCode()).as("%s with token %d: %s", path, i, response.body())
            .isEqualTo(expected.get(i));
        if (response.statusCode() == 401 || response.statusCode() == 403) {
          JsonNode error = Http.json(response);
          assertThat(error.get("error").asText()).isEqualTo(response.statusCode() == 401 ? "unauthorized"
              : "forbidden");
          assertThat(error.get("message").asText()).isNotBlank();
        }
      }
    });
    // 403 says nothing about whether the team exists: an unknown team outside the scope is 403 too, not 404.
    assertThat(Http.get(base, Http.teamPath("T404", Fixtures.CYCLE), Fixtures.T1_TOKEN).statusCode()).isEqualTo(403);
    assertThat(Http.json(Http.get(base, t2, Fixtures.T1_TOKEN)).get("message").asText())
        .contains("teams T1", "'T2'");
  }

  @Test
  void shouldListAndCountOnlyTheTeamsOfTheScope() {
    // all: 2026-H2 has T1, T2, T9; 2027-H1 has T1, T3. T1 only: one team per cycle. T1 in 2027-H1: that one.
    assertThat(cycles(Fixtures.ALL_TOKEN)).isEqualTo("[{\"cycleId\":\"2026-H2\",\"teams\":3},{\"cycleId\":"
        + "\"2027-H1\",\"teams\":2}]");
    assertThat(cycles(Fixtures.T1_TOKEN)).isEqualTo("[{\"cycleId\":\"2026-H2\",\"teams\":1},{\"cycleId\":"
        + "\"2027-H1\",\"teams\":1}]");
    assertThat(cycles(T1_NEXT_TOKEN)).isEqualTo("[{\"cycleId\":\"2027-H1\",\"teams\":1}]");

    assertThat(teams(Fixtures.ALL_TOKEN, "")).containsExactly("2026-H2/T1", "2026-H2/T2", "2026-H2/T9",
        "2027-H1/T1", "2027-H1/T3");
    assertThat(teams(Fixtures.T1_TOKEN, "")).containsExactly("2026-H2/T1", "2027-H1/T1");
    assertThat(teams(Fixtures.T1_TOKEN, "?cycle=" + NEXT)).containsExactly("2027-H1/T1");
    assertThat(teams(T1_NEXT_TOKEN, "?cycle=" + Fixtures.CYCLE)).isEmpty();
    assertThat(teams(T1_NEXT_TOKEN, "")).containsExactly("2027-H1/T1");
    JsonNode instanceTeams = Http.json(Http.get(base, "/api/instance/teams", Fixtures.T1_TOKEN));
    assertThat(instanceTeams.get("teams")).extracting(t -> t.get("teamId").asText()).containsOnly("T1");
    assertThat(Http.json(Http.get(base, "/api/instance/cycles", T1_NEXT_TOKEN)).get("cycles").toString())
        .isEqualTo("{\"2027-H1\":1}");
  }

  @Test
  void shouldPushOnlyTheChangesOfTheScopesTeams() throws Exception {
    try (SseRecorder all = new SseRecorder(Http.client(), base, Fixtures.ALL_TOKEN);
        SseRecorder teamT1 = new SseRecorder(Http.client(), base, Fixtures.T1_TOKEN);
        SseRecorder teamT1Next = new SseRecorder(Http.client(), base, T1_NEXT_TOKEN)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !all.events("ready").isEmpty()
          && !teamT1.events("ready").isEmpty() && !teamT1Next.events("ready").isEmpty());

      // One change at a time, each seen by the all-teams client before the next: a client's events come in the
      // order they were broadcast, so a scoped client that gets the last one would have got the earlier ones.
      // Waits are on the events' content, not their count: under load the app may still be publishing the last of
      // the preload (T1 in 2026-H2) when the clients connect.
      Fixtures.withdraw(producer, topics, t9);
      await().atMost(Duration.ofSeconds(60)).until(() -> all.events("deleted").stream()
          .anyMatch(event -> event.data().equals("{\"key\":\"2026-H2/T9\"}")));
      Fixtures.send(producer, topics, List.of(Fixtures.response("T2", "S2", "P2b", RaterGroup.PEER, 30,
          "CHANGE_L1=3")));
      await().atMost(Duration.ofSeconds(60)).until(() -> hasTeamEvent(all, Fixtures.CYCLE, "T2"));
      Fixtures.send(producer, topics, List.of(Fixtures.response(NEXT, "T1", "S1", "N2", RaterGroup.PEER, 31,
          "CHANGE_L1=5")));
      await().atMost(Duration.ofSeconds(60)).until(() -> hasTeamEvent(all, NEXT, "T1")
          && hasTeamEvent(teamT1, NEXT, "T1") && hasTeamEvent(teamT1Next, NEXT, "T1"));

      // The scores' events (the app publishes participation too: events of their own, scoped alike).
      assertThat(all.events("deleted")).extracting(SseRecorder.Event::data)
          .containsExactly("{\"key\":\"2026-H2/T9\"}");
      assertThat(teamKeys(all)).containsSubsequence("2026-H2/T2", NEXT + "/T1");
      for (SseRecorder scoped : List.of(teamT1, teamT1Next)) {
        assertThat(scoped.events().get(0).name()).isEqualTo("ready");
        assertThat(scoped.events("deleted")).as("T9 is outside the scope").isEmpty();
        assertThat(teamKeys(scoped)).as("only T1's changes").isNotEmpty()
            .allSatisfy(key -> assertThat(key).endsWith("/T1"));
        assertThat(scoped.events("participation")).extracting(SseRecorder.Event::data)
            .allSatisfy(data -> assertThat(Http.JSON.readTree(data).get("teamId").asText()).isEqualTo("T1"));
      }
      assertThat(teamKeys(teamT1Next)).as("only T1's changes in 2027-H1").containsOnly(NEXT + "/T1");
    }
  }

  private static boolean hasTeamEvent(SseRecorder recorder, String cycle, String team) {
    return teamKeys(recorder).contains(cycle + "/" + team);
  }

  /** The cycle/team of every scores event a client received, in order. */
  private static List<String> teamKeys(SseRecorder recorder) {
    return recorder.events("team").stream().map(event -> {
      try {
        JsonNode team = Http.JSON.readTree(event.data());
        return team.get("cycleId").asText() + "/" + team.get("teamId").asText();
      } catch (IOException e) {
        throw new UncheckedIOException("SSE 'team' event is not JSON: " + event.data(), e);
      }
    }).toList();
  }

  @Test
  void shouldServeEventsToAPlainCurlWithoutAnAcceptHeader() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/stream"))
        .header("Authorization", "Bearer " + Fixtures.T1_TOKEN)
        .GET()
        .build();
    HttpResponse<InputStream> response = Http.client().send(request, BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/event-stream"));
      assertThat(lines.readLine()).isEqualTo("event: ready");
      assertThat(lines.readLine()).isEqualTo("data: {\"live\":true}");
    }
  }

  private static String cycles(String token) {
    HttpResponse<String> response = Http.get(base, "/api/cycles", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Http.json(response).get("cycles").toString();
  }

  private static List<String> teams(String token, String query) {
    HttpResponse<String> response = Http.get(base, "/api/teams" + query, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> keys = new ArrayList<>();
    Http.json(response).get("teams").forEach(t -> keys.add(t.get("cycleId").asText() + "/" + t.get("teamId").asText()));
    return keys;
  }
}
