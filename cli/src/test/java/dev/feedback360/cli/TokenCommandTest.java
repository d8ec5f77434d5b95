package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.dashboard.Dashboard;
import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.dashboard.auth.Authentication;
import dev.feedback360.dashboard.auth.Tokens;
import dev.feedback360.streams.metrics.AppMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token command, and the HTTP options refused before anything starts (no broker runs here). */
class TokenCommandTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void shouldPrintTheTokenOnceAndKeepOnlyItsHashInAnOwnerOnlyFile() throws Exception {
    Path file = dir.resolve("conf/tokens");

    Cli.Run run = Cli.run("token", "--tokens", file.toString(), "--scope", "T1,R&D EMEA", "--cycle", "2026-H1",
        "--label", "alice");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String token = run.out().strip();
    assertThat(token).matches("f360_[A-Za-z0-9_-]{43}");
    assertThat(run.err()).doesNotContain(token).contains("teams R&D EMEA, T1 in cycle 2026-H1");
    String content = Files.readString(file);
    String hash = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    assertThat(content).doesNotContain(token).doesNotContain(token.substring(5))
        .contains(hash + "  teams=R%26D%20EMEA,T1  cycles=2026-H1  created=").contains("label=alice");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

    Cli.Run second = Cli.run("token", "--tokens", file.toString(), "--scope", "all");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out().strip()).isNotEqualTo(token);
    assertThat(Files.readString(file)).startsWith(content).contains("teams=*  cycles=*");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void shouldPrintATokenThatOpensTheApiWithinItsScopeEvenWhenMadeWhileTheServerRuns() throws Exception {
    Path file = dir.resolve("tokens");
    String all = Cli.run("token", "--tokens", file.toString(), "--scope", "all").out().strip();
    try (Dashboard dashboard = Dashboard.start(DashboardSettings.local(0).withTokens(Tokens.file(file)))) {
      URI base = dashboard.url();
      String scoped = Cli.run("token", "--tokens", file.toString(), "--scope", "T1").out().strip();

      // No app is attached: an authorised request gets as far as the query and is told to retry (503).
      assertThat(get(base, "/api/teams/T1?cycle=C", all).statusCode()).isEqualTo(503);
      assertThat(get(base, "/api/teams/T1?cycle=C", scoped).statusCode()).isEqualTo(503);
      assertThat(get(base, "/api/teams/T2?cycle=C", scoped).statusCode()).isEqualTo(403);
      assertThat(get(base, "/api/teams/T1?cycle=C", null).statusCode()).isEqualTo(401);
      assertThat(get(base, "/api/teams/T1?cycle=C", scoped + "x").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void shouldMakeAMetricsTokenThatReadsTheMetricsAndNothingElse() throws Exception {
    Path file = dir.resolve("tokens");
    Cli.Run made = Cli.run("token", "--tokens", file.toString(), "--scope", "metrics", "--label", "prometheus");
    assertThat(made.exitCode()).as(made.err()).isZero();
    assertThat(made.err()).contains("for metrics only");
    String metrics = made.out().strip();
    String all = Cli.run("token", "--tokens", file.toString(), "--scope", "all").out().strip();
    String scoped = Cli.run("token", "--tokens", file.toString(), "--scope", "T1").out().strip();
    assertThat(Files.readString(file)).containsPattern("[0-9a-f]{64}  scope=metrics  created=\\S+  label=prometheus");

    try (AppMetrics registry = AppMetrics.create();
        Dashboard dashboard = Dashboard.start(DashboardSettings.local(0).withTokens(Tokens.file(file)), registry)) {
      URI base = dashboard.url();

      HttpResponse<String> scrape = get(base, "/metrics", metrics);
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type")).hasValue(AppMetrics.CONTENT_TYPE);
      assertThat(scrape.body()).contains("jvm_memory_used_bytes");
      assertThat(get(base, "/metrics", all).statusCode()).as("a token that reads everything").isEqualTo(200);
      HttpResponse<String> teamToken = get(base, "/metrics", scoped);
      assertThat(teamToken.statusCode()).isEqualTo(403);
      assertThat(teamToken.body()).contains("\"error\":\"forbidden\"", "--scope metrics");
      HttpResponse<String> anonymous = get(base, "/metrics", null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).contains("\"error\":\"unauthorized\"");
      HttpResponse<String> teams = get(base, "/api/teams/T1?cycle=C", metrics);
      assertThat(teams.statusCode()).as("a metrics token reads no team").isEqualTo(403);
      assertThat(teams.body()).contains("/metrics only");
      assertThat(get(base, "/api/cycles", metrics).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void shouldServeTheMetricsToAnybodyWithAuthenticationOff() throws Exception {
    try (AppMetrics registry = AppMetrics.create();
        Dashboard dashboard =
            Dashboard.start(DashboardSettings.local(0).withAuthentication(Authentication.none()), registry)) {
      assertThat(dashboard.authenticationEnabled()).isFalse();

      assertThat(get(dashboard.url(), "/metrics", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldRefuseAMetricsTokenForSomeCyclesOrCombinedWithTeams() {
    Path file = dir.resolve("tokens");

    Cli.Run perCycle = Cli.run("token", "--tokens", file.toString(), "--scope", "metrics", "--cycle", "2026-H1");
    Cli.Run withTeams = Cli.run("token", "--tokens", file.toString(), "--scope", "metrics,T1");

    assertThat(perCycle.exitCode()).as("a usage error").isEqualTo(2);
    assertThat(perCycle.err()).contains("drop --cycle");
    assertThat(withTeams.exitCode()).as("a usage error").isEqualTo(2);
    assertThat(withTeams.err()).contains("--scope metrics alone");
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void shouldRefuseATokensFileThatOthersMayRead() throws Exception {
    Path file = dir.resolve("tokens");
    assertThat(Cli.run("token", "--tokens", file.toString(), "--scope", "all").exitCode()).isZero();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    Cli.Run run = Cli.run("token", "--tokens", file.toString(), "--scope", "all");
    Cli.Run streams = Cli.run("streams", "--http-tokens", file.toString(), "--bootstrap-servers", "127.0.0.1:1");

    for (Cli.Run refused : new Cli.Run[] {run, streams}) {
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err().strip()).contains("rw-r--r--").contains("chmod 600 " + file).doesNotContain("\n");
    }
  }

  @Test
  void shouldRefuseHttpAuthNoneOnANonLoopbackHostAsAUsageError() {
    for (String[] args : new String[][] {
        {"streams", "--http-auth", "none", "--http-host", "0.0.0.0", "--bootstrap-servers", "127.0.0.1:1"},
        {"streams", "--http-auth", "none", "--http-host", "0.0.0.0", "--advertised-host", "scores-1.internal",
            "--bootstrap-servers", "127.0.0.1:1"},
        {"demo", "--http-auth", "none", "--http-host", "0.0.0.0", "--data-dir", dir.resolve("demo").toString()}}) {
      Cli.Run run = Cli.run(args);

      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err().lines().findFirst()).as(String.join(" ", args)).hasValueSatisfying(line -> assertThat(line)
          .startsWith("--http-auth none is refused with --http-host 0.0.0.0")
          .contains("./feedback360 token"));
      assertThat(run.err()).contains("Usage: feedback360 " + args[0]);
    }
    assertThat(Files.exists(dir.resolve("demo"))).as("the demo refused before creating anything").isFalse();
  }

  private static HttpResponse<String> get(URI base, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), BodyHandlers.ofString());
  }
}
