package dev.feedback360.cli;

import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.dashboard.TlsSettings;
import dev.feedback360.dashboard.auth.Authentication;
import dev.feedback360.dashboard.auth.Tokens;
import dev.feedback360.security.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Where the streams app serves its API and dashboard, and how it is protected; shared by streams and demo. */
final class HttpOptions {

  private static final Logger LOG = LoggerFactory.getLogger(HttpOptions.class);

  /** The environment variable that may hold the keystore's password (never a command-line option). */
  static final String KEYSTORE_PASSWORD_ENV = "FEEDBACK360_HTTP_TLS_KEYSTORE_PASSWORD";

  /** How callers authenticate. */
  enum Auth { tokens, none }

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + DashboardSettings.DEFAULT_PORT,
      description = "Port of the REST API and web dashboard (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = DashboardSettings.DEFAULT_PORT;

  @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = DashboardSettings.DEFAULT_HOST,
      description = "Address the HTTP server listens on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for "
          + "every interface, then set --advertised-host).")
  String host = DashboardSettings.DEFAULT_HOST;

  @Option(names = "--advertised-host", paramLabel = "HOST",
      description = "Host name of this instance: its Kafka Streams application.server, the name in the "
          + "X-Feedback360-Instance header and /api/health, a name accepted in the Host header, and how an instance "
          + "of an earlier version reaches /api/instance/... here during a rolling upgrade (default: the "
          + "--http-host).")
  String advertisedHost;

  @Option(names = "--http-tokens", paramLabel = "FILE",
      description = {"The tokens file (made by ./feedback360 token; owner-only, hashes only) whose tokens may read "
          + "the API and log in to the dashboard. Every instance of a deployment must use the same file.",
          "Without it, the app makes a one-off token that reads everything and prints a login URL with it."})
  Path tokens;

  @Option(names = "--http-auth", paramLabel = "tokens|none", defaultValue = "tokens",
      description = "tokens (default): every request needs a token or a login. none: no authentication, refused "
          + "unless --http-host is a loopback address (127.0.0.1, ::1, localhost).")
  Auth auth = Auth.tokens;

  @Option(names = "--http-allowed-host", paramLabel = "HOST", split = ",",
      description = "Another name of this server accepted in the Host header (repeatable), besides the --http-host, "
          + "the --advertised-host, localhost, 127.0.0.1 and [::1]; other names are refused (421), against DNS "
          + "rebinding.")
  List<String> allowedHosts = new ArrayList<>();

  @Option(names = "--http-tls-keystore", paramLabel = "FILE",
      description = "Serve HTTPS with the key and certificate of this PKCS12 keystore; its password comes from "
          + "--http-tls-keystore-password-file or $" + KEYSTORE_PASSWORD_ENV + ".")
  Path keystore;

  @Option(names = "--http-tls-keystore-password-file", paramLabel = "FILE",
      description = "A file holding the keystore's password (one trailing line break is ignored).")
  Path keystorePasswordFile;

  @Option(names = "--http-max-sse-clients", paramLabel = "N",
      defaultValue = "" + DashboardSettings.DEFAULT_MAX_SSE_CLIENTS,
      description = "Live-update (server-sent events) connections served at once; more are refused with 503 "
          + "(default: ${DEFAULT-VALUE}).")
  int maxSseClients = DashboardSettings.DEFAULT_MAX_SSE_CLIENTS;

  @Option(names = "--http-max-sse-clients-per-token", paramLabel = "N",
      description = "Live-update connections one token (its requests and its browser sessions together) may hold "
          + "at once; more are refused with 503 (default: a quarter of --http-max-sse-clients, at least 1).")
  Integer maxSseClientsPerToken;

  @Option(names = "--http-accept-peer-signatures",
      description = {"Accept requests that instances of earlier versions forward to this one, signed with the "
          + "X-Feedback360-Peer header; only for the duration of a rolling upgrade from such a version. Meanwhile "
          + "each line of the tokens file is a credential: protect the file like the tokens themselves.",
          "Off (default): a request carrying that header is refused (401)."})
  boolean acceptPeerSignatures;

  /**
   * The dashboard's settings.
   *
   * @throws UsageError for a value or combination that is refused, such as {@code --http-auth none} on a
   *     non-loopback host, with what to do instead
   */
  DashboardSettings settings() {
    Authentication authentication;
    if (auth == Auth.none) {
      if (tokens != null) {
        throw new UsageError("--http-auth none and --http-tokens contradict each other; drop one");
      }
      authentication = Authentication.none();
    } else {
      authentication = Authentication.tokens(tokens == null ? Tokens.oneOff() : Tokens.file(tokens),
          acceptPeerSignatures);
    }
    if (maxSseClientsPerToken != null && maxSseClientsPerToken < 1) {
      throw new UsageError("--http-max-sse-clients-per-token must be at least 1, got " + maxSseClientsPerToken);
    }
    if (acceptPeerSignatures && auth == Auth.none) {
      throw new UsageError("--http-accept-peer-signatures needs tokens to check signatures with; drop it or "
          + "--http-auth none");
    }
    TlsSettings tls = tls();
    try {
      return new DashboardSettings(host, port, advertisedHost == null ? host : advertisedHost, authentication,
          allowedHosts, tls, maxSseClients, maxSseClientsPerToken == null ? 0 : maxSseClientsPerToken);
    } catch (IllegalArgumentException e) {
      // Every check of the settings is of an option's value or of two options together, each named.
      throw new UsageError(e.getMessage(), e);
    }
  }

  private TlsSettings tls() {
    if (keystore == null) {
      if (keystorePasswordFile != null) {
        throw new UsageError("--http-tls-keystore-password-file needs --http-tls-keystore");
      }
      return null;
    }
    String password;
    if (keystorePasswordFile != null) {
      try {
        password = Files.readString(keystorePasswordFile, StandardCharsets.UTF_8).replaceFirst("\\R\\z", "");
        SecretFiles.warning(keystorePasswordFile, "dashboard keystore password file").ifPresent(LOG::warn);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the keystore password file " + keystorePasswordFile, e);
      }
    } else {
      password = System.getenv(KEYSTORE_PASSWORD_ENV);
      if (password == null) {
        throw new UsageError("--http-tls-keystore needs its password: put it in a file given with "
            + "--http-tls-keystore-password-file, or in $" + KEYSTORE_PASSWORD_ENV);
      }
    }
    return TlsSettings.load(keystore, password);
  }

  /** Lines for the operator (stdout) saying how to open the dashboard; a one-off login URL carries a secret. */
  static String loginHelp(AppWithDashboard served, Path tokensFile) {
    if (served.loginUrl().isPresent()) {
      return "Log in to the dashboard with this link (it holds a one-off token that reads every team, valid until "
          + "the app stops; treat it as a password):" + System.lineSeparator() + "  " + served.loginUrl().get();
    }
    if (!served.authenticationEnabled()) {
      return "Dashboard: " + served.url() + " (authentication off: anyone on this machine can read it)";
    }
    return "Dashboard: " + served.url() + " (log in with a token of " + tokensFile + "; make one with "
        + "./feedback360 token --tokens " + tokensFile + " --scope all)";
  }
}
