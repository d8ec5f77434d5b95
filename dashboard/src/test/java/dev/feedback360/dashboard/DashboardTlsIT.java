package dev.feedback360.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a PKCS12 keystore made here by keytool: a self-signed certificate for 127.0.0.1 and localhost. */
class DashboardTlsIT {

  private static final String PASSWORD = "test-keystore-password";

  @TempDir
  Path dir;

  @Test
  void shouldServeHttpsWithTheKeystoreAndMarkTheSessionCookieSecure() throws Exception {
    Path keystore = selfSignedKeystore();
    try (Dashboard dashboard = Dashboard.start(Fixtures.http().withTls(TlsSettings.load(keystore, PASSWORD)))) {
      assertThat(dashboard.url().toString()).startsWith("https://127.0.0.1:");
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore))
          .connectTimeout(Duration.ofSeconds(5)).build();

      HttpResponse<String> openApi = client.send(HttpRequest.newBuilder(dashboard.url().resolve("/api/openapi.json"))
          .GET().build(), BodyHandlers.ofString());
      HttpResponse<String> cycles = client.send(HttpRequest.newBuilder(dashboard.url().resolve("/api/cycles"))
          .header("Authorization", "Bearer " + Http.TOKEN).GET().build(), BodyHandlers.ofString());
      HttpResponse<String> login = client.send(HttpRequest.newBuilder(dashboard.url().resolve(
          "/login?token=" + Http.TOKEN)).GET().build(), BodyHandlers.ofString());

      assertThat(openApi.statusCode()).isEqualTo(200);
      assertThat(cycles.statusCode()).as("authorised, no app attached").isEqualTo(503);
      assertThat(login.statusCode()).isEqualTo(303);
      assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(
          cookie -> assertThat(cookie).contains("; HttpOnly", "; SameSite=Strict", "; Secure"));
      // Plain HTTP on the same port is not served.
      URI plain = URI.create("http://127.0.0.1:" + dashboard.port() + "/");
      assertThat(plainAnswer(plain)).as("plain HTTP is not served").isNotEqualTo(200);
    }
  }

  @Test
  void shouldSendStrictTransportSecurityForAYearWithoutSubdomainsOverHttps() throws Exception {
    Path keystore = selfSignedKeystore();
    try (Dashboard dashboard = Dashboard.start(Fixtures.http().withTls(TlsSettings.load(keystore, PASSWORD)))) {
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore))
          .connectTimeout(Duration.ofSeconds(5)).build();
      for (String path : List.of("/login", "/api/openapi.json", "/api/cycles", "/app.js")) {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(dashboard.url().resolve(path))
            .header("Authorization", "Bearer " + Http.TOKEN).GET().build(), BodyHandlers.ofString());

        assertThat(answer.headers().allValues("Strict-Transport-Security")).as(path)
            .containsExactly("max-age=31536000");
      }
    }
  }

  @Test
  void shouldRefuseAKeystoreWithAWrongPasswordSayingWhatToCheck() throws Exception {
    Path keystore = selfSignedKeystore();

    assertThatThrownBy(() -> TlsSettings.load(keystore, "wrong"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(keystore.toString())
        .hasMessageContaining("--http-tls-keystore-password-file");
  }

  private Path selfSignedKeystore() throws Exception {
    Path keystore = dir.resolve("dashboard.p12");
    Files.deleteIfExists(keystore);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "dashboard", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
        .redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    return keystore;
  }

  /** The status of a plain-HTTP request, or -1 if the connection fails (as it should on a TLS port). */
  private static int plainAnswer(URI plain) {
    try {
      return Http.get(plain, "/api/openapi.json", null).statusCode();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("dashboard", store.getCertificate("dashboard"));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
