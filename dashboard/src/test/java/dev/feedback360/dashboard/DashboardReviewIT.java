package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.dashboard.auth.Authentication;
import dev.feedback360.dashboard.auth.PeerCredential;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.auth.TokenEntry;
import dev.feedback360.dashboard.auth.TokenFile;
import dev.feedback360.dashboard.auth.Tokens;
import dev.feedback360.streams.metrics.AppMetrics;
import dev.feedback360.testkit.SseRecorder;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's answers to the findings of a penetration test (review 66): peer signatures only when accepted,
 * paths checked as Javalin routes them, login CSRF, sessions that stay ended, the cap of live updates per token, and
 * the caching of the event stream. On a dashboard whose app is not attached: an authorised request gets 503.
 */
class DashboardReviewIT {

  private static final String METRICS_TOKEN = "test-token-metrics";

  private static Tokens tokensWithMetrics() {
    return Tokens.of(List.of(TokenEntry.of(Fixtures.ALL_TOKEN, Scope.all(), Fixtures.T0, "all teams"),
        TokenEntry.of(Fixtures.T1_TOKEN, Scope.of(List.of("T1"), List.of()), Fixtures.T0, "team T1"),
        TokenEntry.of(METRICS_TOKEN, Scope.metrics(), Fixtures.T0, "prometheus")));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    return Http.send(Http.client(), request.timeout(Duration.ofSeconds(30)).build());
  }

  @Test
  void shouldRefuseAPeerSignatureWith401NamingTheOptionUnlessItIsTurnedOn() {
    Tokens tokens = Fixtures.tokens();
    TokenEntry all = tokens.find(Fixtures.ALL_TOKEN).orElseThrow();
    try (Dashboard off = Dashboard.start(Fixtures.http());
        Dashboard on = Dashboard.start(DashboardSettings.local(0).withAuthentication(
            Authentication.tokens(tokens, true)))) {
      for (Dashboard dashboard : List.of(off, on)) {
        String signed = PeerCredential.sign(all, "GET", "/api/cycles", Instant.now());
        HttpResponse<String> peer = send(HttpRequest.newBuilder(dashboard.url().resolve("/api/cycles"))
            .header(PeerCredential.HEADER, signed).GET());
        HttpResponse<String> peerAndBearer = send(HttpRequest.newBuilder(dashboard.url().resolve("/api/cycles"))
            .header(PeerCredential.HEADER, signed).header("Authorization", "Bearer " + Http.TOKEN).GET());

        if (dashboard == on) {
          assertThat(peer.statusCode()).as("accepted: authorised, no app attached").isEqualTo(503);
        } else {
          for (HttpResponse<String> refused : List.of(peer, peerAndBearer)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(Http.json(refused).get("error").asText()).isEqualTo("unauthorized");
            assertThat(Http.json(refused).get("message").asText()).contains("--http-accept-peer-signatures");
          }
          assertThat(Http.get(dashboard.url(), "/api/cycles").statusCode()).as("the bearer alone").isEqualTo(503);
        }
      }
    }
  }

  @Test
  void shouldCheckEveryPathWhateverItsTrailingSlashes() {
    try (Dashboard dashboard = Dashboard.start(DashboardSettings.local(0).withTokens(tokensWithMetrics()),
        AppMetrics.create())) {
      URI base = dashboard.url();
      int port = dashboard.port();
      for (String metrics : List.of("/metrics", "/metrics/")) {
        HttpResponse<String> team = Http.get(base, metrics, Fixtures.T1_TOKEN);
        assertThat(team.statusCode()).as(metrics).isEqualTo(403);
        assertThat(team.body()).as(metrics).doesNotContain("# HELP").contains("--scope metrics");
        assertThat(Http.get(base, metrics, null).statusCode()).as(metrics).isEqualTo(401);
        assertThat(Http.get(base, metrics, METRICS_TOKEN).statusCode()).as(metrics).isEqualTo(200);
      }
      // Whatever else Jetty and Javalin make of a path, a team token never reads the metrics.
      for (String variant : List.of("/metrics//", "//metrics", "/./metrics", "/api/../metrics", "/metric%73",
          "/METRICS", "/metrics;x=1", "/metrics/;x=1")) {
        String raw = RawHttp.get(port, "127.0.0.1:" + port, variant,
            Map.of("Authorization", "Bearer " + Fixtures.T1_TOKEN));
        assertThat(RawHttp.status(raw)).as(variant).isNotEqualTo(200);
        assertThat(RawHttp.body(raw)).as(variant).doesNotContain("# HELP");
      }
      for (String path : List.of("/api/cycles/", "/api/teams/", "/api/instance/cycles/", "/api/stream/", "/")) {
        assertThat(Http.get(base, path, METRICS_TOKEN).statusCode()).as(path).isEqualTo(403);
      }
      for (String path : List.of("/api/cycles/", "/api/teams/T1/?cycle=C", "/api/instance/cycles/")) {
        assertThat(Http.get(base, path, null).statusCode()).as(path).isEqualTo(401);
        assertThat(Http.get(base, path, Fixtures.T1_TOKEN).statusCode()).as(path).isIn(403, 503);
      }
      for (String open : List.of("/login/", "/api/openapi.json/")) {
        assertThat(Http.get(base, open, null).statusCode()).as(open).isEqualTo(200);
        assertThat(Http.get(base, open, METRICS_TOKEN).statusCode()).as(open).isEqualTo(200);
      }
      assertThat(Http.get(base, "/api/health/", METRICS_TOKEN).statusCode()).isIn(200, 503);
      // The health endpoint's exemption from the Host check holds with a trailing slash too, and says the state only.
      String probe = RawHttp.get(port, "10.1.2.3", "/api/health/", Map.of("Authorization", "Bearer " + Http.TOKEN));
      assertThat(RawHttp.status(probe)).isEqualTo(503);
      assertThat(RawHttp.body(probe)).contains("\"status\"").doesNotContain("instances");
    }
  }

  @Test
  void shouldRefuseALoginOrLogoutFormFromAnotherOriginOrFromOriginNull() {
    try (Dashboard dashboard = Dashboard.start(Fixtures.http())) {
      int port = dashboard.port();
      for (String origin : List.of("null", "http://127.0.0.1:" + (port + 1), "ftp://127.0.0.1:" + port,
          "http://localhost:" + port, "http://127.0.0.1", "http://evil.example:" + port, "garbage")) {
        for (String path : List.of("/login", "/logout")) {
          HttpResponse<String> form = send(HttpRequest.newBuilder(dashboard.url().resolve(path))
              .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
              .POST(HttpRequest.BodyPublishers.ofString("token=" + Http.TOKEN)));
          assertThat(form.statusCode()).as(path + " from " + origin).isEqualTo(403);
          assertThat(form.headers().firstValue("Set-Cookie")).as(path + " from " + origin).isEmpty();
        }
      }
      HttpResponse<String> own = send(HttpRequest.newBuilder(dashboard.url().resolve("/login"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://127.0.0.1:" + port)
          .POST(HttpRequest.BodyPublishers.ofString("token=" + Http.TOKEN)));
      assertThat(own.statusCode()).isEqualTo(303);
      assertThat(own.headers().firstValue("Set-Cookie")).isPresent();
      // Under no-referrer a browser sends "Origin: null" with the page's own forms: the pages say same-origin.
      assertThat(Http.get(dashboard.url(), "/login", null).headers().firstValue("Referrer-Policy"))
          .hasValue("same-origin");
      // Addressed by another allowed name: its own origin is that name's.
      String byName = RawHttp.get(port, "localhost:" + port, "/login?token=" + Http.TOKEN, Map.of());
      assertThat(RawHttp.status(byName)).isEqualTo(303);
      // Behind a proxy that ends TLS: https to the proxy on its default port, forwarded over http, the public name in
      // X-Forwarded-Host (here an allowed one); a form of another site is still refused.
      for (Map.Entry<String, Integer> proxied : Map.of("https://localhost", 303, "https://localhost:8443", 403,
          "https://evil.example", 403).entrySet()) {
        HttpResponse<String> form = send(HttpRequest.newBuilder(dashboard.url().resolve("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", proxied.getKey())
            .header("X-Forwarded-Host", "localhost").POST(HttpRequest.BodyPublishers.ofString("token=" + Http.TOKEN)));
        assertThat(form.statusCode()).as("behind a proxy, from " + proxied.getKey()).isEqualTo(proxied.getValue());
      }
    }
  }

  @Test
  void shouldLogInByTheLoginUrlOnlyOnANavigationThatIsNotCrossSite() {
    try (Dashboard dashboard = Dashboard.start(DashboardSettings.local(0))) {
      URI login = dashboard.loginUrl().orElseThrow();
      for (String site : List.of("cross-site", "same-site")) {
        HttpResponse<String> followed = send(HttpRequest.newBuilder(login).header("Sec-Fetch-Site", site).GET());
        assertThat(followed.statusCode()).as(site).isEqualTo(200);
        assertThat(followed.headers().firstValue("Set-Cookie")).as(site).isEmpty();
        assertThat(followed.body()).as(site).contains("another site", "<form method=\"post\" action=\"/login\"");
      }
      // Pasted into the address bar (none), from this server's page (same-origin), with curl (no header): logged in.
      for (String site : new String[] {"none", "same-origin", null}) {
        HttpRequest.Builder request = HttpRequest.newBuilder(login).GET();
        if (site != null) {
          request.header("Sec-Fetch-Site", site);
        }
        HttpResponse<String> loggedIn = send(request);
        assertThat(loggedIn.statusCode()).as(site).isEqualTo(303);
        assertThat(loggedIn.headers().firstValue("Set-Cookie")).as(site)
            .hasValueSatisfying(c -> assertThat(c).startsWith("feedback360_session="));
      }
    }
  }

  @Test
  void shouldNotReviveASessionWhenTheLineOfItsRevokedTokenComesBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens");
    String revoked = TokenFile.append(file, Scope.all(), "revoked", Instant.now());
    TokenFile.append(file, Scope.all(), "kept", Instant.now());
    List<String> backup = Files.readAllLines(file);
    try (Dashboard dashboard = Dashboard.start(DashboardSettings.local(0).withTokens(Tokens.file(file)))) {
      String cookie = sessionOf(dashboard, revoked);
      assertThat(cycles(dashboard, cookie).statusCode()).as("logged in: authorised, no app attached").isEqualTo(503);

      Files.write(file, backup.stream().filter(line -> !line.contains("label=revoked")).toList());
      assertThat(cycles(dashboard, cookie).statusCode()).isEqualTo(401);
      Files.write(file, backup); // a backup restored, an editor's undo

      assertThat(Http.get(dashboard.url(), "/api/cycles", revoked).statusCode()).as("the token is back").isEqualTo(503);
      assertThat(cycles(dashboard, cookie).statusCode()).as("its old session is not").isEqualTo(401);

      // Also when nobody used the session while the line was gone: the re-read ends it.
      String unused = sessionOf(dashboard, revoked);
      Files.write(file, backup.stream().filter(line -> !line.contains("label=revoked")).toList());
      assertThat(Http.get(dashboard.url(), "/api/cycles", revoked).statusCode()).isEqualTo(401);
      Files.write(file, backup);
      assertThat(Http.get(dashboard.url(), "/api/cycles", revoked).statusCode()).isEqualTo(503);
      assertThat(cycles(dashboard, unused).statusCode()).isEqualTo(401);
      assertThat(cycles(dashboard, sessionOf(dashboard, revoked)).statusCode()).as("a new login").isEqualTo(503);
    }
  }

  private static String sessionOf(Dashboard dashboard, String token) {
    HttpResponse<String> loggedIn = Http.get(dashboard.url(), "/login?token=" + token, null);
    assertThat(loggedIn.statusCode()).isEqualTo(303);
    String setCookie = loggedIn.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static HttpResponse<String> cycles(Dashboard dashboard, String cookie) {
    return send(HttpRequest.newBuilder(dashboard.url().resolve("/api/cycles")).header("Cookie", cookie).GET());
  }

  @Test
  void shouldCapTheLiveUpdateConnectionsOfOneTokenWith503SayingWhichLimit() throws Exception {
    List<SseRecorder> open = new ArrayList<>();
    try (Dashboard dashboard = Dashboard.start(Fixtures.http().withMaxSseClients(9))) {
      for (int i = 0; i < 2; i++) {
        SseRecorder sse = new SseRecorder(Http.client(), dashboard.url(), Http.TOKEN);
        open.add(sse);
        assertThat(sse.status().join()).isEqualTo(200);
      }

      HttpRequest.Builder third = HttpRequest.newBuilder(dashboard.url().resolve("/api/stream"))
          .header("Authorization", "Bearer " + Http.TOKEN).GET();
      // The token's session counts with its bearer requests.
      HttpRequest.Builder bySession = HttpRequest.newBuilder(dashboard.url().resolve("/api/stream"))
          .header("Cookie", sessionOf(dashboard, Http.TOKEN)).GET();

      for (HttpRequest.Builder request : List.of(third, bySession)) {
        HttpResponse<InputStream> refused = Http.client().sendAsync(request.build(), BodyHandlers.ofInputStream())
            .get(30, TimeUnit.SECONDS);
        try (InputStream body = refused.body()) {
          assertThat(refused.statusCode()).as("not an open stream").isEqualTo(503);
          assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
          assertThat(Http.JSON.readTree(body).get("message").asText()).contains("maximum of 2",
              "--http-max-sse-clients-per-token");
        }
      }
      SseRecorder other = new SseRecorder(Http.client(), dashboard.url(), Fixtures.T1_TOKEN);
      open.add(other);
      assertThat(other.status().join()).as("another token").isEqualTo(200);

      open.get(0).close();
      // The server notices the closed connection at its next write (the keep-alive comment, every 15 s).
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        SseRecorder next = new SseRecorder(Http.client(), dashboard.url(), Http.TOKEN);
        open.add(next);
        assertThat(next.status().join()).isEqualTo(200);
      });
    } finally {
      open.forEach(SseRecorder::close);
    }
  }

  @Test
  void shouldServeTheEventStreamWithNoStore() throws Exception {
    try (Dashboard dashboard = Dashboard.start(Fixtures.http())) {
      HttpResponse<InputStream> stream = Http.client().sendAsync(HttpRequest.newBuilder(dashboard.url().resolve(
          "/api/stream")).header("Authorization", "Bearer " + Http.TOKEN).GET().build(), BodyHandlers.ofInputStream())
          .get(30, TimeUnit.SECONDS);
      try {
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(stream.headers().firstValue("Strict-Transport-Security")).as("plain HTTP").isEmpty();
      } finally {
        stream.body().close();
      }
      for (String path : List.of("/api/cycles", "/api/teams?cycle=C", "/api/health", "/login?token=" + Http.TOKEN)) {
        assertThat(Http.get(dashboard.url(), path).headers().firstValue("Cache-Control")).as(path)
            .hasValue("no-store");
      }
    }
  }
}
