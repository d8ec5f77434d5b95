package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.SseRecorder;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.Topics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API and the live updates of one app instance on a real in-process broker, scoring the worked example of
 * docs/scoring.md (team T1), a suppressed team (T2) and a team whose id needs percent-encoding.
 */
class DashboardApiIT {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardApiIT.class);
  private static final String ENCODED_TEAM = "R&D EMEA/Ops";

  @TempDir
  static Path stateDir;

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  private static Topics topics;
  private static ServedApp dashboard;
  private static KafkaProducer<byte[], byte[]> producer;
  private static URI base;

  @BeforeAll
  static void startAppWithScores() throws Exception {
    topics = UniqueTopics.create();
    dashboard = ServedApp.start(Fixtures.settings(BROKER, "api-it", stateDir, topics), Fixtures.http());
    base = dashboard.url();
    producer = Fixtures.producer(BROKER);
    List<SurveyResponse> responses = new ArrayList<>(Fixtures.workedExample());
    responses.add(Fixtures.lonePeer("T2", 8));
    responses.addAll(Fixtures.team(ENCODED_TEAM, 4, 2, 9));
    Fixtures.send(producer, topics, responses);
    await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
      HttpResponse<String> t1 = Http.get(base, Http.teamPath("T1", Fixtures.CYCLE));
      assertThat(t1.statusCode()).as(t1.body()).isEqualTo(200);
      assertThat(Http.json(t1).get("updatedAt").asText()).isEqualTo("2026-10-01T09:00:03Z");
      // updatedAt is the greatest event time the published parts reflect (P3's, 09:00:03), reached before
      // responses from other partitions may be: wait for every rater of the worked example too.
      assertThat(Http.json(t1).get("raters").toString())
          .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
      assertThat(Http.get(base, Http.teamPath("T2", Fixtures.CYCLE)).statusCode()).isEqualTo(200);
      HttpResponse<String> encoded = Http.get(base, Http.teamPath(ENCODED_TEAM, Fixtures.CYCLE));
      assertThat(encoded.statusCode()).isEqualTo(200);
      // Its three peers' responses may be scored in separate transactions: wait for the last one too.
      assertThat(Http.json(encoded).get("raters").get("PEER").asInt()).as(encoded.body()).isEqualTo(3);
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
  void shouldAnswerOneTeamWithTheRecordOfTheJsonMirrorTopic() throws Exception {
    HttpResponse<String> response = Http.get(base, Http.teamPath("T1", Fixtures.CYCLE));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(response.headers().firstValue("X-Feedback360-Instance"))
        .hasValue("127.0.0.1:" + dashboard.port());
    assertThat(response.body()).isEqualTo(latestMirrorRecord(Fixtures.CYCLE + "/T1"));
    JsonNode team = Http.json(response);
    // docs/scoring.md: peer CHANGE leader answers 5,4,4,4,3,5 -> 25/6; manager 2,3,3,2,1,2 -> 13/6; one self-rater
    // (fewer than k): no selfBalance, no gap. FOCUS leader: P1 and P2 only, two pending changes.
    JsonNode change = team.get("axes").get("CHANGE");
    assertThat(change.get("leader").get("mean").asDouble()).isCloseTo(25.0 / 6, within(1e-12));
    assertThat(change.get("manager").get("mean").asDouble()).isCloseTo(13.0 / 6, within(1e-12));
    assertThat(change.get("balance").asDouble()).isCloseTo(2.0, within(1e-12));
    assertThat(change.get("selfBalance").isNull()).isTrue();
    assertThat(change.get("gap").isNull()).isTrue();
    assertThat(team.get("pendingRaters").asInt()).isEqualTo(2);
    assertThat(team.get("minChange").asInt()).isEqualTo(3);
    assertThat(team.get("overall").get("style").asText()).isEqualTo("LEADING");
    assertThat(team.get("raters").toString())
        .isEqualTo("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
  }

  @Test
  void shouldAnswerOnlyWhatACommittedTransactionPublished() throws Exception {
    String t1Path = Http.teamPath("T1", Fixtures.CYCLE);
    String t1 = Http.get(base, t1Path).body();
    String ghost = t1.replace("\"cycleId\":\"" + Fixtures.CYCLE + "\",\"teamId\":\"T1\"",
        "\"cycleId\":\"2099-H1\",\"teamId\":\"GHOST\"");
    String marker = ghost.replace("GHOST", "MARKER");
    assertThat(marker).contains("\"teamId\":\"MARKER\"");
    assertThat(t1).contains("\"pendingRaters\":2");
    // What the stores of an instance hold while its transaction is open, and what it looks like if the transaction
    // then aborts (the instance was killed or fenced): changes on the JSON topic that no committed record carries.
    try (KafkaProducer<String, String> writer = transactionalWriter()) {
      writer.initTransactions();
      writer.beginTransaction();
      writer.send(new ProducerRecord<>(topics.scoresJson(), Fixtures.CYCLE + "/T1", t1.replace("\"pendingRaters\":2",
          "\"pendingRaters\":0"))).get();
      writer.send(new ProducerRecord<>(topics.scoresJson(), "2099-H1/GHOST", ghost)).get();
      writer.abortTransaction();
      writer.beginTransaction();
      writer.send(new ProducerRecord<>(topics.scoresJson(), "2099-H1/MARKER", marker));
      writer.commitTransaction();

      // The committed record after the aborted ones is answered, byte for byte: the view has read past them.
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> answer = Http.get(base, Http.teamPath("MARKER", "2099-H1"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(marker);
      });
      assertThat(Http.get(base, t1Path).body()).isEqualTo(t1);
      assertThat(Http.get(base, Http.teamPath("GHOST", "2099-H1")).statusCode()).isEqualTo(404);
      assertThat(Http.get(base, "/api/teams?cycle=2099-H1").body()).doesNotContain("GHOST").contains("MARKER");

      writer.beginTransaction();
      writer.send(new ProducerRecord<>(topics.scoresJson(), "2099-H1/MARKER", null));
      writer.commitTransaction();
    }
    await().atMost(Duration.ofSeconds(60)).until(
        () -> Http.get(base, Http.teamPath("MARKER", "2099-H1")).statusCode() == 404);
  }

  @Test
  void shouldAnswerEveryTeamCommittedBeforeTheRequestAndNeverA404ForIt() throws Exception {
    String t1 = Http.get(base, Http.teamPath("T1", Fixtures.CYCLE)).body();
    List<String> keys = new ArrayList<>();
    try (KafkaProducer<String, String> writer = transactionalWriter(); Admin admin = BROKER.admin()) {
      CatchUp topic = new CatchUp(admin);
      writer.initTransactions();
      for (int i = 0; i < 20; i++) {
        String team = "FRESH-" + i;
        String value = t1.replace("\"cycleId\":\"" + Fixtures.CYCLE + "\",\"teamId\":\"T1\"",
            "\"cycleId\":\"2099-H2\",\"teamId\":\"" + team + "\"");
        writer.beginTransaction();
        writer.send(new ProducerRecord<>(topics.scoresJson(), "2099-H2/" + team, value));
        writer.commitTransaction();
        keys.add("2099-H2/" + team);
        // Committed and readable (its marker written: what a read_committed reader such as a dashboard's sees).
        topic.awaitSettled(List.of(topics.scoresJson()), Duration.ofSeconds(30));

        // Readable before the request: the answer holds it, however far this instance's reader had got.
        HttpResponse<String> one = Http.get(base, Http.teamPath(team, "2099-H2"));
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(one.body()).isEqualTo(value);
        assertThat(Http.json(Http.get(base, "/api/teams?cycle=2099-H2")).get("teams")).hasSize(i + 1);
      }
      writer.beginTransaction();
      keys.forEach(key -> writer.send(new ProducerRecord<>(topics.scoresJson(), key, null)));
      writer.commitTransaction();
      // commitTransaction returns before the markers are written: the tombstones count once they are readable.
      topic.awaitSettled(List.of(topics.scoresJson()), Duration.ofSeconds(30));
    }
    assertThat(Http.get(base, "/api/teams?cycle=2099-H2").body()).isEqualTo("{\"cycleId\":\"2099-H2\",\"teams\":[]}");
  }

  private static KafkaProducer<String, String> transactionalWriter() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dashboard-api-it-writer");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  @Test
  void shouldServeTeamIdsThatNeedPercentEncoding() {
    HttpResponse<String> response = Http.get(base, Http.teamPath(ENCODED_TEAM, Fixtures.CYCLE));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode team = Http.json(response);
    assertThat(team.get("teamId").asText()).isEqualTo(ENCODED_TEAM);
    // Three peers, leader items 4 and manager items 2 everywhere: balance 2 on every axis.
    assertThat(team.get("axes").get("HORIZON").get("balance").asDouble()).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void shouldListCyclesAndTeamSummariesInTheShapeOfTheContract() {
    JsonNode cycles = Http.json(Http.get(base, "/api/cycles"));
    assertThat(cycles.get("cycles").toString()).contains("{\"cycleId\":\"2026-H2\",\"teams\":3}");

    HttpResponse<String> response = Http.get(base, "/api/teams?cycle=2026-H2");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode teams = Http.json(response).get("teams");
    assertThat(teams).extracting(t -> t.get("teamId").asText()).containsExactly(ENCODED_TEAM, "T1", "T2");
    JsonNode t1 = teams.get(1);
    assertThat(t1.get("status").asText()).isEqualTo("PUBLISHED");
    assertThat(t1.get("overall").get("style").asText()).isEqualTo("LEADING");
    assertThat(t1.get("axes").get("CHANGE").toString())
        .isEqualTo("{\"leader\":{\"raters\":3},\"manager\":{\"raters\":3},\"balance\":2.0000000000000004}");
    assertThat(t1.get("axes").get("HORIZON").get("balance").isNull()).isTrue();
    assertThat(t1.get("raters").get("PEER").asInt()).isEqualTo(3);
    JsonNode t2 = teams.get(2);
    assertThat(t2.get("status").asText()).isEqualTo("SUPPRESSED");
    assertThat(t2.get("overall").get("style").isNull()).isTrue();
    assertThat(t2.get("minRaters").asInt()).isEqualTo(3);
  }

  @Test
  void shouldAnswer404WithAJsonErrorForAnUnknownTeam() {
    HttpResponse<String> unknownTeam = Http.get(base, Http.teamPath("T404", Fixtures.CYCLE));
    HttpResponse<String> unknownCycle = Http.get(base, Http.teamPath("T1", "1999-H1"));

    assertThat(unknownTeam.statusCode()).isEqualTo(404);
    assertThat(Http.json(unknownTeam).get("error").asText()).isEqualTo("not_found");
    assertThat(Http.json(unknownTeam).get("message").asText()).contains("T404").contains("2026-H2");
    assertThat(unknownCycle.statusCode()).isEqualTo(404);
    assertThat(Http.json(unknownCycle).get("message").asText()).contains("No scores in cycle '1999-H1'")
        .contains("GET /api/cycles lists the cycles that have some");
    assertThat(Http.get(base, "/api/teams?cycle=1999-H1").body()).isEqualTo("{\"cycleId\":\"1999-H1\",\"teams\":[]}");
  }

  @Test
  void shouldAnswerUnknownRoutesWith404AndWrongMethodsWith405InTheJsonErrorShape() throws Exception {
    HttpResponse<String> unknownRoute = Http.get(base, "/api/no-such-endpoint");
    HttpResponse<String> unknownPage = Http.get(base, "/no-such-page.html");
    HttpResponse<String> wrongMethod = Http.client().send(HttpRequest.newBuilder(base.resolve("/api/teams?cycle=C"))
        .header("Authorization", "Bearer " + Http.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    for (HttpResponse<String> notFound : List.of(unknownRoute, unknownPage)) {
      assertThat(notFound.statusCode()).isEqualTo(404);
      assertThat(notFound.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("application/json"));
      assertThat(Http.json(notFound).get("error").asText()).isEqualTo("not_found");
      assertThat(Http.json(notFound).get("message").asText()).contains(notFound.uri().getPath());
    }
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(Http.json(wrongMethod).get("error").asText()).isEqualTo("method_not_allowed");
    assertThat(Http.json(wrongMethod).get("message").asText()).contains("POST", "/api/teams");
  }

  @Test
  void shouldAnswer400WhenTheCycleIsMissing() {
    HttpResponse<String> response = Http.get(base, "/api/teams/T1");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.json(response).get("message").asText()).contains("'cycle' is required");
  }

  @Test
  void shouldReportHealthAndServeTheOpenApiDescriptionAndTheDashboard() {
    HttpResponse<String> health = Http.get(base, "/api/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(Http.json(health).get("status").asText()).isEqualTo("UP");
    assertThat(Http.json(health).get("scores").asText()).isEqualTo("READY");
    assertThat(Http.json(health).get("instances").toString()).isEqualTo("[\"127.0.0.1:" + dashboard.port() + "\"]");

    JsonNode openApi = Http.json(Http.get(base, "/api/openapi.json"));
    assertThat(openApi.get("openapi").asText()).startsWith("3.");
    assertThat(openApi.get("paths").fieldNames()).toIterable().contains("/api/cycles", "/api/teams",
        "/api/teams/{team}", "/api/stream", "/api/health", "/api/openapi.json", "/metrics");
    assertThat(openApi.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
    assertThat(openApi.at("/components/securitySchemes/session/in").asText()).isEqualTo("cookie");
    assertThat(openApi.at("/components/schemas/Error/properties/error/enum").toString())
        .contains("\"unauthorized\"", "\"forbidden\"", "\"misdirected\"");

    HttpResponse<String> page = Http.get(base, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>feedback360");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
        csp -> assertThat(csp).contains("default-src 'self'"));
    assertThat(Http.get(base, "/app.js").statusCode()).isEqualTo(200);
    assertThat(Http.get(base, "/style.css").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldPushEveryCommittedChangeAndDeletionAsServerSentEvents() throws Exception {
    SurveyResponse newcomer = Fixtures.response("2027-H1", "T7", "S7", "P7", dev.feedback360.avro.RaterGroup.PEER,
        100, "CHANGE_L1=5 CHANGE_M1=1");
    try (SseRecorder sse = new SseRecorder(Http.client(), base, Http.TOKEN)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !sse.events("ready").isEmpty());

      Fixtures.send(producer, topics, List.of(newcomer));
      await().atMost(Duration.ofSeconds(60)).until(() -> !sse.events("team").isEmpty());
      Fixtures.withdraw(producer, topics, newcomer);
      await().atMost(Duration.ofSeconds(60)).until(() -> !sse.events("deleted").isEmpty());

      JsonNode pushed = Http.JSON.readTree(sse.events("team").get(0).data());
      assertThat(pushed.get("cycleId").asText()).isEqualTo("2027-H1");
      assertThat(pushed.get("teamId").asText()).isEqualTo("T7");
      assertThat(pushed.get("status").asText()).isEqualTo("SUPPRESSED");
      assertThat(pushed.get("raters").get("PEER").asInt()).isEqualTo(1);
      assertThat(sse.events("deleted").get(0).data()).isEqualTo("{\"key\":\"2027-H1/T7\"}");
      // The scores' events in order; the app also publishes the newcomer's participation (an unnominated response,
      // then its tombstone) as events of their own (DashboardParticipationIT).
      assertThat(sse.events()).extracting(SseRecorder.Event::name)
          .filteredOn(name -> !name.startsWith("participation"))
          .containsExactly("ready", "team", "deleted");
      await().atMost(Duration.ofSeconds(60)).until(() -> !sse.events("participation-deleted").isEmpty());
      assertThat(sse.events()).extracting(SseRecorder.Event::name)
          .filteredOn(name -> name.startsWith("participation"))
          .containsExactly("participation", "participation-deleted");
      // The team's emptied state stays in the store, but it has no scores to answer: 404, as for a team never seen.
      HttpResponse<String> emptied = Http.get(base, Http.teamPath("T7", "2027-H1"));
      assertThat(emptied.statusCode()).as(emptied.body()).isEqualTo(404);
      assertThat(Http.json(emptied).get("error").asText()).isEqualTo("not_found");
      assertThat(Http.get(base, "/api/teams?cycle=2027-H1").body())
          .isEqualTo("{\"cycleId\":\"2027-H1\",\"teams\":[]}");
    }
  }

  @Test
  void shouldLogTheLatencyOfSingleTeamQueriesOnAWarmApp() {
    String path = Http.teamPath("T1", Fixtures.CYCLE);
    for (int i = 0; i < 300; i++) {
      assertThat(Http.get(base, path).statusCode()).isEqualTo(200);
    }
    int requests = 2_000;
    long[] micros = new long[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = Http.get(base, path);
      micros[i] = (System.nanoTime() - start) / 1_000;
      assertThat(response.statusCode()).isEqualTo(200);
    }
    Arrays.sort(micros);
    LOG.info("GET {} on a warm local app, {} sequential requests: p50 {} us, p99 {} us, max {} us", path, requests,
        micros[requests / 2], micros[requests * 99 / 100], micros[requests - 1]);
  }

  private static String latestMirrorRecord(String key) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, String> latest = new HashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.scoresJson()).stream()
          .map(p -> new TopicPartition(topics.scoresJson(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
      });
    }
    return latest.get(key);
  }
}
