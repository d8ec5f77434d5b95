package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.testkit.EmbeddedBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A survey cycle as HR runs it, through the command line on a real in-process broker: {@code nominate} a file,
 * {@code produce} the responses, the packaged {@code streams --roster strict} app in its own JVM, then
 * {@code participation}, the REST endpoint, {@code scores} and {@code nudge}. Then an attacker's unnominated response
 * (a fake peer) changes no score, and counts once HR nominates that rater.
 *
 * <p>The files (cli test resources {@code e2e/participation-*.csv}), cycle 2026-H2, k = N = 3:
 *
 * <pre>
 * team  group          nominated          answered        invited responded rate   counted at risk
 * T1    SELF           S1                 S1                    1         1 1.0          1 yes
 * T1    MANAGER        M1                 M1                    1         1 1.0          1 yes
 * T1    PEER           P1 P2 P3 P4        P1 P2 P3              4         3 0.75         3 no
 * T1    DIRECT_REPORT  D1 D2 D3           D1 D2                 3         2 2/3          2 yes
 * T2    SELF           S2                 -                     1         0 0.0          0 yes
 * T2    MANAGER        M2                 -                     1         0 0.0          0 yes
 * T2    PEER           P5 P6              P5                    2         1 0.5          1 yes
 * </pre>
 * T1: 9 invited, 7 responded (7/9); T2: 4 invited, 1 responded (0.25). Only T1's peers reach k: CHANGE leader =
 * P1 5 5, P2 4 4, P3 3 3 = 24 / 6 = 4.0. Not answered: P4, D3 (T1); S2, M2, P6 (T2); at risk among them: D3, S2,
 * M2, P6.
 */
class ParticipationEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CYCLE = "2026-H2";
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Path JAR = Path.of("target", "feedback360.jar");
  private static final Pattern URL = Pattern.compile("Dashboard and API: (http://\\S+)");

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  static Path dir;

  private static Process app;
  private static Path appLog;
  private static String key;

  @BeforeAll
  static void startTheStrictApp() throws IOException {
    assertThat(JAR).as("the packaged launcher; ./mvnw -pl cli -am verify builds it first").isRegularFile();
    key = Files.writeString(dir.resolve("rater.key"), "a participation test key, 32 bytes").toString();
    appLog = dir.resolve("streams.log");
    app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "-jar", JAR.toAbsolutePath().toString(), "streams", "--bootstrap-servers", BROKER.bootstrapServers(),
        "--roster", "strict", "--application-id", "participation-e2e", "--state-dir",
        dir.resolve("state").toString(), "--http-port", "0", "--http-auth", "none")
        .redirectErrorStream(true)
        .redirectOutput(appLog.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
  }

  @AfterAll
  static void stopTheApp() throws InterruptedException {
    if (app != null) {
      app.destroy();
      if (!app.waitFor(60, TimeUnit.SECONDS)) {
        app.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void shouldShowParticipationNudgeTheMissingAndLetNoUnnominatedRaterMoveAScore() throws Exception {
    String bootstrap = BROKER.bootstrapServers();
    Cli.Run nominate = Cli.run("nominate", "--bootstrap-servers", bootstrap, "--input",
        resource("participation-nominations.csv").toString(), "--rater-key-file", key);
    assertThat(nominate.exitCode()).as(nominate.err()).isZero();
    assertThat(nominate.out()).contains("Nominations sent: 13; removed: 0; rejected: 0");
    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", bootstrap, "--input",
        resource("participation-responses.csv").toString(), "--rater-key-file", key);
    assertThat(produce.exitCode()).as(produce.err()).isZero();

    Map<String, JsonNode> participation = awaitParticipation(bootstrap,
        teams -> teams.size() == 2 && teams.get("T1").path("responded").asInt() == 7
            && teams.get("T2").path("responded").asInt() == 1);
    JsonNode t1 = participation.get("T1");
    assertGroup(t1, "SELF", 1, 1, 1.0, 1, true);
    assertGroup(t1, "MANAGER", 1, 1, 1.0, 1, true);
    assertGroup(t1, "PEER", 4, 3, 0.75, 3, false);
    assertGroup(t1, "DIRECT_REPORT", 3, 2, 2.0 / 3, 2, true);
    assertThat(t1.get("groups").has("OTHER")).isFalse();
    assertThat(t1.get("invited").asInt()).isEqualTo(9);
    assertThat(t1.get("rate").asDouble()).isEqualTo(7.0 / 9);
    assertThat(t1.get("unnominated").asInt()).isZero();
    assertThat(t1.get("roster").asText()).isEqualTo("strict");
    JsonNode t2 = participation.get("T2");
    assertGroup(t2, "SELF", 1, 0, 0.0, 0, true);
    assertGroup(t2, "MANAGER", 1, 0, 0.0, 0, true);
    assertGroup(t2, "PEER", 2, 1, 0.5, 1, true);
    assertThat(t2.get("rate").asDouble()).isEqualTo(0.25);

    JsonNode rest = JSON.readTree(get(dashboard() + "/api/teams/T1/participation?cycle=" + CYCLE));
    assertThat(rest).as("the REST body is the topic's value").isEqualTo(t1);

    JsonNode scoresBefore = awaitScoresOfT1(bootstrap, "{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,"
        + "\"OTHER\":0}");
    assertThat(scoresBefore.get("axes").get("CHANGE").get("leader").get("mean").asDouble()).isEqualTo(4.0);

    Cli.Run nudge = Cli.run("nudge", "--bootstrap-servers", bootstrap, "--nominations",
        resource("participation-nominations.csv").toString(), "--cycle", CYCLE, "--format", "csv",
        "--rater-key-file", key);
    assertThat(nudge.exitCode()).as(nudge.err()).isZero();
    assertThat(nudge.out().lines().filter(line -> line.startsWith(CYCLE)).toList()).containsExactlyInAnyOrder(
        "2026-H2,T1,S1,P4,PEER,2026-09-20T08:00:00Z,p4@example.org",
        "2026-H2,T1,S1,D3,DIRECT_REPORT,2026-09-20T08:00:00Z,d3@example.org",
        "2026-H2,T2,S2,S2,SELF,2026-09-20T08:00:00Z,s2@example.org",
        "2026-H2,T2,S2,M2,MANAGER,2026-09-20T08:00:00Z,m2@example.org",
        "2026-H2,T2,S2,P6,PEER,2026-09-20T08:00:00Z,p6@example.org");
    Cli.Run atRisk = Cli.run("nudge", "--bootstrap-servers", bootstrap, "--nominations",
        resource("participation-nominations.csv").toString(), "--cycle", CYCLE, "--format", "csv",
        "--at-risk-only", "--rater-key-file", key);
    assertThat(atRisk.out()).contains("d3@example.org", "s2@example.org", "m2@example.org", "p6@example.org")
        .doesNotContain("p4@example.org");

    // A fake peer nobody nominated: held, counted nowhere; participation shows it as unnominated.
    Cli.Run inject = Cli.run("produce", "--bootstrap-servers", bootstrap, "--input",
        resource("participation-injected.csv").toString(), "--rater-key-file", key);
    assertThat(inject.exitCode()).as(inject.err()).isZero();
    awaitParticipation(bootstrap, teams -> teams.get("T1").path("unnominated").asInt() == 1);
    CaughtUp.waitFor(bootstrap, "participation-e2e", PATIENCE);
    assertThat(scoresOfT1(bootstrap)).as("an unnominated response moves no number").isEqualTo(scoresBefore);

    // Once nominated, the held response counts with no re-send.
    Cli.Run late = Cli.run("nominate", "--bootstrap-servers", bootstrap, "--input",
        resource("participation-late-nomination.csv").toString(), "--rater-key-file", key);
    assertThat(late.exitCode()).as(late.err()).isZero();
    JsonNode t1Late = awaitParticipation(bootstrap, teams -> teams.get("T1").path("unnominated").asInt() == 0)
        .get("T1");
    assertGroup(t1Late, "PEER", 5, 4, 0.8, 4, false);
    JsonNode scoresAfter = awaitScoresOfT1(bootstrap, "{\"SELF\":1,\"MANAGER\":1,\"PEER\":4,\"DIRECT_REPORT\":2,"
        + "\"OTHER\":0}");
    // One new peer is fewer than N = 3 changes: counted (raters, pending) but not yet in the mean.
    assertThat(scoresAfter.get("pendingRaters").asInt()).isEqualTo(1);
    assertThat(scoresAfter.get("axes").get("CHANGE").get("leader").get("mean").asDouble()).isEqualTo(4.0);
  }

  private static void assertGroup(JsonNode team, String group, int invited, int responded, double rate, int counted,
      boolean atRisk) {
    JsonNode node = team.get("groups").get(group);
    assertThat(node).as("%s %s", team.get("teamId"), group).isNotNull();
    assertThat(node.get("invited").asInt()).as("%s invited", group).isEqualTo(invited);
    assertThat(node.get("responded").asInt()).as("%s responded", group).isEqualTo(responded);
    assertThat(node.get("rate").asDouble()).as("%s rate", group).isEqualTo(rate);
    assertThat(node.get("counted").asInt()).as("%s counted", group).isEqualTo(counted);
    assertThat(node.get("atRisk").asBoolean()).as("%s atRisk", group).isEqualTo(atRisk);
  }

  private static Map<String, JsonNode> awaitParticipation(String bootstrap,
      java.util.function.Predicate<Map<String, JsonNode>> done) {
    AtomicReference<Map<String, JsonNode>> last = new AtomicReference<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
      Cli.Run run = Cli.run("participation", "--bootstrap-servers", bootstrap, "--cycle", CYCLE, "--format",
          "jsonl");
      if (run.exitCode() != 0) {
        assertThat(run.err()).as("the only failure while the app starts").contains("does not exist");
        return false;
      }
      Map<String, JsonNode> teams = new LinkedHashMap<>();
      for (String line : run.out().lines().toList()) {
        JsonNode team = JSON.readTree(line);
        teams.put(team.get("teamId").asText(), team);
      }
      last.set(teams);
      return teams.containsKey("T1") && done.test(teams);
    });
    return last.get();
  }

  private static JsonNode awaitScoresOfT1(String bootstrap, String raters) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
      last.set(scoresOfT1(bootstrap));
      return last.get() != null && last.get().get("raters").toString().equals(raters);
    });
    return last.get();
  }

  private static JsonNode scoresOfT1(String bootstrap) throws IOException {
    Cli.Run scores = Cli.run("scores", "--bootstrap-servers", bootstrap, "--cycle", CYCLE);
    if (scores.exitCode() != 0) {
      assertThat(scores.err()).as("the only failure while the app starts").contains("does not exist");
      return null;
    }
    for (String line : scores.out().lines().toList()) {
      JsonNode team = JSON.readTree(line);
      if (team.get("teamId").asText().equals("T1")) {
        return team;
      }
    }
    return null;
  }

  private static String dashboard() {
    AtomicReference<String> url = new AtomicReference<>();
    await().atMost(PATIENCE).until(() -> {
      assertThat(app.isAlive()).as("the streams app is running; its log:%n%s", Files.readString(appLog)).isTrue();
      Matcher matcher = URL.matcher(Files.readString(appLog));
      if (matcher.find()) {
        url.set(matcher.group(1).replaceAll("/+$", ""));
      }
      return url.get() != null;
    });
    return url.get();
  }

  private static String get(String uri) {
    HttpClient client = HttpClient.newHttpClient();
    AtomicReference<String> body = new AtomicReference<>();
    await().atMost(PATIENCE).until(() -> {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(uri)).build(),
          HttpResponse.BodyHandlers.ofString());
      body.set(response.body());
      return response.statusCode() == 200;
    });
    return body.get();
  }

  private static Path resource(String name) throws IOException {
    Path target = dir.resolve(name);
    return Files.exists(target) ? target : WorkedExampleCsv.copy("e2e/" + name, target);
  }
}
