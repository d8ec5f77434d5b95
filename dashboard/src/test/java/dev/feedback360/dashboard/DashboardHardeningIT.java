package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.auth.TokenEntry;
import dev.feedback360.dashboard.auth.TokenFile;
import dev.feedback360.dashboard.auth.Tokens;
import dev.feedback360.dashboard.http.DashboardServer;
import dev.feedback360.dashboard.live.LiveUpdates;
import dev.feedback360.dashboard.query.RestoreProgress;
import dev.feedback360.testkit.SseRecorder;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's defences that need no scores, on a dashboard whose app is not attached (its API answers 503 to
 * an authorised request): the Host allow-list, authentication of every protected path, the login and its cookie, the
 * cap on live-update connections, and 500 answers without exception text.
 */
class DashboardHardeningIT {

  private static final List<String> PROTECTED = List.of("/api/cycles", "/api/teams", "/api/teams?cycle=C",
      "/api/teams/T1?cycle=C", "/api/stream", "/api/instance/cycles", "/api/instance/teams?cycle=C",
      "/api/no-such-endpoint", "/no-such-page.html");

  @Test
  void shouldRefuseAHostHeaderOutsideTheAllowListWith421() {
    try (Dashboard dashboard = Dashboard.start(Fixtures.http().withAllowedHosts(List.of("scores.example.com")))) {
      int port = dashboard.port();
      Map<String, String> auth = Map.of("Authorization", "Bearer " + Http.TOKEN);

      String rebound = RawHttp.get(port, "rebind.evil.example:" + port, "/api/teams?cycle=C", auth);
      String page = RawHttp.get(port, "rebind.evil.example", "/", Map.of());

      assertThat(RawHttp.status(rebound)).isEqualTo(421);
      JsonNode error = Http.JSON.readTree(RawHttp.body(rebound));
      assertThat(error.get("error").asText()).isEqualTo("misdirected");
      assertThat(error.get("message").asText()).contains("rebind.evil.example", "--http-allowed-host");
      assertThat(RawHttp.status(page)).isEqualTo(421);
      for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port,
          "scores.example.com")) {
        assertThat(RawHttp.status(RawHttp.get(port, host, "/api/openapi.json", Map.of()))).as(host).isEqualTo(200);
        assertThat(RawHttp.status(RawHttp.get(port, host, "/api/cycles", auth))).as(host).isEqualTo(503);
      }
      // A supervisor probing by IP address: health is exempt from the Host check and says only the state, even to a
      // request that carries a token (a rebound page must not learn where the instances are).
      assertThat(RawHttp.status(RawHttp.get(port, "10.1.2.3", "/api/health", Map.of()))).isEqualTo(503);
      JsonNode reboundHealth = Http.JSON.readTree(RawHttp.body(RawHttp.get(port, "rebind.evil.example", "/api/health",
          auth)));
      assertThat(reboundHealth.has("status")).isTrue();
      assertThat(reboundHealth.has("instance")).isFalse();
      assertThat(reboundHealth.has("instances")).isFalse();
      assertThat(Http.JSON.readTree(RawHttp.body(RawHttp.get(port, "127.0.0.1:" + port, "/api/health", auth)))
          .has("instances")).isTrue();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldAnswer401WithoutValidCredentialsOnEveryProtectedPath() {
    try (Dashboard dashboard = Dashboard.start(Fixtures.http())) {
      URI base = dashboard.url();
      for (String path : PROTECTED) {
        for (String token : new String[] {null, "wrong-token", Http.TOKEN + " "}) {
          if (token != null && token.equals(Http.TOKEN + " ")) {
            continue; // a trailing space is stripped: that is the right token
          }
          HttpResponse<String> response = Http.get(base, path, token);
          assertThat(response.statusCode()).as(path + " with " + token).isEqualTo(401);
          assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"feedback360\"");
          assertThat(Http.json(response).get("error").asText()).isEqualTo("unauthorized");
          assertThat(Http.json(response).get("message").asText()).contains("Authorization: Bearer");
        }
        if (path.equals("/api/stream")) {
          try (SseRecorder stream = new SseRecorder(Http.client(), base, Http.TOKEN)) {
            assertThat(stream.status().join()).isEqualTo(200);
          }
        } else {
          assertThat(Http.get(base, path, Http.TOKEN).statusCode()).as(path).isIn(404, 503);
        }
      }
      // The page redirects to the login page; what the login page needs is open, and holds no team data.
      HttpResponse<String> page = Http.get(base, "/", null);
      assertThat(page.statusCode()).isEqualTo(303);
      assertThat(page.headers().firstValue("Location")).hasValue("/login");
      for (String open : List.of("/login", "/style.css", "/app.js", "/api/openapi.json")) {
        assertThat(Http.get(base, open, null).statusCode()).as(open).isEqualTo(200);
      }
      JsonNode anonymousHealth = Http.json(Http.get(base, "/api/health", null));
      assertThat(anonymousHealth.get("status").asText()).isEqualTo("STARTING");
      assertThat(anonymousHealth.has("instances")).isFalse();
      assertThat(Http.json(Http.get(base, "/api/health", Http.TOKEN)).has("instances")).isTrue();
    }
  }

  @Test
  void shouldLogInWithTheLoginUrlIntoAnHttpOnlyStrictSessionThatIsNotTheToken() throws Exception {
    try (Dashboard dashboard = Dashboard.start(DashboardSettings.local(0))) {
      URI login = dashboard.loginUrl().orElseThrow();
      String token = login.getQuery().substring("token=".length());
      assertThat(login.toString()).startsWith(dashboard.url() + "login?token=f360_");

      HttpResponse<String> loggedIn = Http.get(login.resolve("/"), "/login?token=" + token, null);

      assertThat(loggedIn.statusCode()).isEqualTo(303);
      assertThat(loggedIn.headers().firstValue("Location")).hasValue("/");
      String setCookie = loggedIn.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(setCookie).startsWith("feedback360_session=").contains("; Path=/", "; HttpOnly", "; SameSite=Strict")
          .doesNotContain("Secure").doesNotContain(token);
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      HttpResponse<String> withCookie = Http.send(Http.client(), HttpRequest.newBuilder(dashboard.url().resolve(
          "/api/cycles")).header("Cookie", cookie).GET().build());
      assertThat(withCookie.statusCode()).as("authorised, no app attached").isEqualTo(503);
      HttpResponse<String> pageWithCookie = Http.send(Http.client(), HttpRequest.newBuilder(dashboard.url())
          .header("Cookie", cookie).GET().build());
      assertThat(pageWithCookie.statusCode()).isEqualTo(200);
      assertThat(pageWithCookie.body()).contains("<title>feedback360");

      HttpResponse<String> wrong = Http.get(dashboard.url(), "/login?token=f360_wrong", null);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).contains("That token is not valid").doesNotContain("Set-Cookie");
      assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
      HttpResponse<String> form = Http.send(Http.client(), HttpRequest.newBuilder(dashboard.url().resolve("/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build());
      assertThat(form.statusCode()).isEqualTo(303);
      assertThat(form.headers().firstValue("Set-Cookie"))
          .hasValueSatisfying(c -> assertThat(c).isNotEqualTo(setCookie));
      HttpResponse<String> crossSite = Http.send(Http.client(),
          HttpRequest.newBuilder(dashboard.url().resolve("/login"))
              .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
              .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build());
      assertThat(crossSite.statusCode()).isEqualTo(403);
      assertThat(crossSite.headers().firstValue("Set-Cookie")).isEmpty();
    }
  }

  @Test
  void shouldLogOutOnlyFromThisServersOwnPage() throws Exception {
    try (Dashboard dashboard = Dashboard.start(DashboardSettings.local(0))) {
      URI login = dashboard.loginUrl().orElseThrow();
      HttpResponse<String> loggedIn = Http.get(login.resolve("/"), "/login?" + login.getQuery(), null);
      String setCookie = loggedIn.headers().firstValue("Set-Cookie").orElseThrow();
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));

      HttpResponse<String> crossSite = Http.send(Http.client(), HttpRequest.newBuilder(dashboard.url().resolve(
          "/logout")).header("Cookie", cookie).header("Origin", "https://evil.example")
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(crossSite.statusCode()).isEqualTo(403);
      assertThat(crossSite.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(cycles(dashboard, cookie).statusCode()).as("still logged in: authorised, no app attached")
          .isEqualTo(503);

      // The page's "Log out" button: a same-origin form post.
      HttpResponse<String> loggedOut = Http.send(Http.client(), HttpRequest.newBuilder(dashboard.url().resolve(
          "/logout")).header("Cookie", cookie).header("Origin", dashboard.url().toString().replaceAll("/$", ""))
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(loggedOut.statusCode()).isEqualTo(303);
      assertThat(loggedOut.headers().firstValue("Location")).hasValue("/login");
      assertThat(loggedOut.headers().firstValue("Set-Cookie")).hasValueSatisfying(
          c -> assertThat(c).startsWith("feedback360_session=;").contains("Max-Age=0"));
      assertThat(cycles(dashboard, cookie).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void shouldOpenNoSessionForAMetricsToken() {
    Tokens tokens = Tokens.of(List.of(TokenEntry.of("test-token-metrics", Scope.metrics(), Fixtures.T0, "scraper")));
    try (Dashboard dashboard = Dashboard.start(DashboardSettings.local(0).withTokens(tokens))) {
      HttpResponse<String> login = Http.send(Http.client(), HttpRequest.newBuilder(dashboard.url().resolve("/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("token=test-token-metrics")).build());

      assertThat(login.statusCode()).isEqualTo(401);
      assertThat(login.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(login.body()).contains("a metrics token, which opens no page");
    }
  }

  private static HttpResponse<String> cycles(Dashboard dashboard, String cookie) {
    return Http.send(Http.client(), HttpRequest.newBuilder(dashboard.url().resolve("/api/cycles"))
        .header("Cookie", cookie).GET().build());
  }

  @Test
  void shouldCloseALiveUpdatesConnectionOnceItsTokenIsRevoked(@TempDir Path dir) throws Exception {
    try (TwoTokens served = TwoTokens.serve(dir)) {
      Path file = served.file();
      String revoked = served.revoked();
      String kept = served.kept();
      LiveUpdates live = served.live();
      URI base = served.base();
      try (SseRecorder gone = new SseRecorder(Http.client(), base, revoked);
          SseRecorder stays = new SseRecorder(Http.client(), base, kept)) {
        assertThat(gone.status().get()).isEqualTo(200);
        assertThat(stays.status().get()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.clients() == 2);

        // Revoked as docs/dashboards.md says: its line deleted from the file the server reads.
        List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.contains("label=revoked")).toList();
        assertThat(lines).hasSize(Files.readAllLines(file).size() - 1);
        Files.write(file, lines);

        await().atMost(Duration.ofSeconds(10)).until(gone::ended);
        assertThat(stays.ended()).isFalse();
        assertThat(live.clients()).isEqualTo(1);
      }
    }
  }

  /**
   * A server reading a tokens file of two all-scope tokens, {@code revoked} and {@code kept}, with live updates (at
   * most 2, a heartbeat every 200 ms) and no app attached: an accepted token gets 503, a refused one 401.
   */
  private record TwoTokens(Path file, String revoked, String kept, LiveUpdates live, DashboardServer server, URI base)
      implements AutoCloseable {

    static TwoTokens serve(Path dir) {
      Path file = dir.resolve("tokens");
      String revoked = TokenFile.append(file, Scope.all(), "revoked", Instant.now());
      String kept = TokenFile.append(file, Scope.all(), "kept", Instant.now());
      LiveUpdates live = new LiveUpdates(2, Duration.ofMillis(200));
      DashboardServer server = DashboardServer.start(Fixtures.http().withTokens(Tokens.file(file)), live,
          new RestoreProgress(null), () -> null, () -> null, () -> null);
      return new TwoTokens(file, revoked, kept, live, server,
          URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    @Override
    public void close() {
      // As Dashboard.close does: the live connections first, while the server still holds their responses.
      live.close();
      server.close();
    }
  }

  @Test
  @DisabledOnOs(OS.WINDOWS) // POSIX permissions
  void shouldRefuseEveryTokenWhileTheTokensFileIsInvalidAndAcceptTheRemainingOnesOnceItIsValid(@TempDir Path dir)
      throws Exception {
    try (TwoTokens served = TwoTokens.serve(dir)) {
      Path file = served.file();
      String revoked = served.revoked();
      String kept = served.kept();
      LiveUpdates live = served.live();
      URI base = served.base();
      assertThat(Http.get(base, "/api/teams?cycle=C", kept).statusCode()).isEqualTo(503);
      assertThat(Http.json(Http.get(base, "/api/health", null)).get("tokensFile").asText()).isEqualTo("VALID");
      try (SseRecorder gone = new SseRecorder(Http.client(), base, revoked);
          SseRecorder alsoGone = new SseRecorder(Http.client(), base, kept)) {
        assertThat(gone.status().get()).isEqualTo(200);
        assertThat(alsoGone.status().get()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.clients() == 2);

        // The revoked token's line deleted, and a stray line added in the same edit: fail closed.
        List<String> lines = new ArrayList<>(Files.readAllLines(file).stream()
            .filter(line -> !line.contains("label=revoked")).toList());
        lines.add("f360_pasted-by-mistake");
        Files.write(file, lines);

        assertThat(Http.get(base, "/api/teams?cycle=C", revoked).statusCode()).isEqualTo(401);
        assertThat(Http.get(base, "/api/teams?cycle=C", kept).statusCode()).isEqualTo(401);
        assertThat(Http.json(Http.get(base, "/api/health", null)).get("tokensFile").asText()).isEqualTo("INVALID");
        await().atMost(Duration.ofSeconds(10)).until(() -> gone.ended() && alsoGone.ended());
        assertThat(live.clients()).isZero();
      }

      // Fixed, but left readable by others (an editor's 0644): still every token refused.
      List<String> fixed = Files.readAllLines(file).stream().filter(line -> !line.startsWith("f360_")).toList();
      Files.write(file, fixed);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      assertThat(Http.get(base, "/api/teams?cycle=C", kept).statusCode()).isEqualTo(401);
      assertThat(Http.json(Http.get(base, "/api/health", null)).get("tokensFile").asText()).isEqualTo("INVALID");

      // Owner-only again: the remaining token works, the revoked one does not.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      assertThat(Http.get(base, "/api/teams?cycle=C", kept).statusCode()).isEqualTo(503);
      assertThat(Http.get(base, "/api/teams?cycle=C", revoked).statusCode()).isEqualTo(401);
      assertThat(Http.json(Http.get(base, "/api/health", null)).get("tokensFile").asText()).isEqualTo("VALID");
    }
  }

  @Test
  void shouldRefuseLiveUpdateConnectionsBeyondTheCapWith503AndRetryAfter() {
    List<SseRecorder> open = new ArrayList<>();
    // One token may take both places here (the cap per token is DashboardReviewIT's).
    try (Dashboard dashboard = Dashboard.start(Fixtures.http().withMaxSseClients(2).withMaxSseClientsPerToken(2))) {
      for (int i = 0; i < 2; i++) {
        SseRecorder sse = new SseRecorder(Http.client(), dashboard.url(), Http.TOKEN);
        open.add(sse);
        assertThat(sse.status().get()).isEqualTo(200);
      }

      HttpResponse<String> third = Http.get(dashboard.url(), "/api/stream", Http.TOKEN);

      assertThat(third.statusCode()).isEqualTo(503);
      assertThat(third.headers().firstValue("Retry-After")).hasValue("30");
      assertThat(Http.json(third).get("error").asText()).isEqualTo("unavailable");
      assertThat(Http.json(third).get("message").asText()).contains("maximum of 2", "--http-max-sse-clients");
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      open.forEach(SseRecorder::close);
    }
  }

  @Test
  void shouldAnswer500WithAnIncidentIdAndWithoutTheExceptionsText() {
    String secret = "emp-00042 rated 5 on CHANGE_L1";
    try (LiveUpdates live = new LiveUpdates(1);
        DashboardServer server = DashboardServer.start(Fixtures.http(), live, new RestoreProgress(null), () -> {
          throw new IllegalStateException(secret);
        }, () -> null, () -> null)) {
      HttpResponse<String> response = Http.get(URI.create("http://127.0.0.1:" + server.port() + "/"), "/api/health");

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).doesNotContain("emp-00042").doesNotContain("IllegalState");
      assertThat(Http.json(response).get("error").asText()).isEqualTo("internal");
      assertThat(Http.json(response).get("message").asText()).matches("The server failed to answer \\(incident "
          + "[0-9a-f]{8}\\); its log has the details");
    }
  }

  @Test
  void shouldServeTheLoginPageWithAFormAndNoData() {
    try (Dashboard dashboard = Dashboard.start(Fixtures.http())) {
      HttpResponse<String> page = Http.get(dashboard.url(), "/login", null);

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(page.body()).contains("login link the server printed", "<form method=\"post\" action=\"/login\"");
      assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
          csp -> assertThat(csp).contains("form-action 'self'"));
    }
  }

  @Test
  void shouldGiveAPlaceBackWhenALiveUpdateClientLeaves() {
    try (Dashboard dashboard = Dashboard.start(Fixtures.http().withMaxSseClients(1))) {
      SseRecorder first = new SseRecorder(Http.client(), dashboard.url(), Http.TOKEN);
      assertThat(first.status().join()).isEqualTo(200);
      assertThat(Http.get(dashboard.url(), "/api/stream", Http.TOKEN).statusCode()).isEqualTo(503);
      first.close();

      // The server notices the closed connection at its next write (the keep-alive comment, every 15 s).
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        SseRecorder next = new SseRecorder(Http.client(), dashboard.url(), Http.TOKEN);
        try {
          assertThat(next.status().join()).isEqualTo(200);
        } finally {
          next.close();
        }
      });
    }
  }
}
