package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.dashboard.auth.Principal;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.live.JsonTopicView;
import dev.feedback360.dashboard.live.LiveUpdates;
import dev.feedback360.dashboard.live.ScoresTail;
import dev.feedback360.dashboard.query.RestoreProgress;
import dev.feedback360.dashboard.query.StoreUnavailableException;
import dev.feedback360.dashboard.query.TaskPlacement;
import dev.feedback360.streams.json.JsonNumbers;
import dev.feedback360.streams.metrics.AppMetrics;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of one app instance (Javalin on Jetty): the REST API, the server-sent live updates and the web
 * dashboard served from the jar. It starts before Kafka Streams (whose {@code application.server} must name its
 * port) and answers 503 until {@link #attach} hands it the running client's queries.
 */
public final class DashboardServer implements AutoCloseable {

  /** Seconds a client is asked to wait before retrying a 503. */
  public static final int RETRY_AFTER_SECONDS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final ObjectMapper JSON = JsonNumbers.mapper();
  private static final String WEB_ROOT = "/dev/feedback360/dashboard/web";
  private static final String OPENAPI = "/dev/feedback360/dashboard/openapi.json";
  private static final String LOGIN_PAGE = "/dev/feedback360/dashboard/login.html";
  /** Seconds a client refused for want of a live-update place is asked to wait. */
  private static final int SSE_RETRY_AFTER_SECONDS = 30;
  private static final SecureRandom INCIDENTS = new SecureRandom();
  /** The dashboard loads nothing from anywhere but this server. */
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  /** HTTPS only, for a year. */
  static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

  private final Javalin javalin;
  private final AtomicReference<TaskPlacement> streams;
  private final HostInfo advertised;

  private DashboardServer(Javalin javalin, AtomicReference<TaskPlacement> streams, HostInfo advertised) {
    this.javalin = javalin;
    this.streams = streams;
    this.advertised = advertised;
  }

  /**
   * Starts listening, without {@code /metrics} (404).
   *
   * @param liveUpdatesStatus where the consumer of {@code team-scores-json} is, for the health endpoint
   * @param scores the committed scores of every team (null until the app runs), answering 503 until it has read its
   *     topic to the end
   * @param participation the participation of every team (null until the app runs), answering 503 until it has read
   *     its topic to the end
   * @throws IllegalStateException if the port cannot be bound
   */
  public static DashboardServer start(DashboardSettings settings, LiveUpdates live, RestoreProgress restore,
      Supplier<ScoresTail.Status> liveUpdatesStatus, Supplier<JsonTopicView> scores,
      Supplier<JsonTopicView> participation) {
    return start(settings, live, restore, liveUpdatesStatus, scores, participation, null);
  }

  /**
   * Starts listening.
   *
   * @param liveUpdatesStatus where the consumer of {@code team-scores-json} is, for the health endpoint
   * @param scores the committed scores of every team (null until the app runs), answering 503 until it has read its
   *     topic to the end
   * @param participation the participation of every team (null until the app runs), answering 503 until it has read
   *     its topic to the end
   * @param metrics what {@code GET /metrics} serves, or null for none (404)
   * @throws IllegalStateException if the port cannot be bound
   */
  public static DashboardServer start(DashboardSettings settings, LiveUpdates live, RestoreProgress restore,
      Supplier<ScoresTail.Status> liveUpdatesStatus, Supplier<JsonTopicView> scores,
      Supplier<JsonTopicView> participation, AppMetrics metrics) {
    AtomicReference<TaskPlacement> streams = new AtomicReference<>();
    // The port is known once bound (0 picks a free one).
    AtomicReference<HostInfo> advertised =
        new AtomicReference<>(new HostInfo(settings.advertisedHost(), settings.port()));
    AccessControl access = new AccessControl(settings.authentication(), settings.allowedHosts());
    ScoresApi api = new ScoresApi(scores, streams::get, advertised::get);
    ParticipationApi participationApi = new ParticipationApi(participation);
    HealthApi health = new HealthApi(streams::get, restore, liveUpdatesStatus, () -> stateOf(scores.get()),
        () -> stateOf(participation.get()), () -> settings.authentication().tokens()
            .filter(tokens -> tokens.path().isPresent()).map(tokens -> tokens.problem().isEmpty()));
    LoginPage login = new LoginPage(settings.authentication(), resource(LOGIN_PAGE), settings.tls() != null,
        settings.allowedHosts());
    String openApi = resource(OPENAPI);
    Javalin javalin = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jsonMapper(new JavalinJackson(JSON, false));
      // Server-sent events must reach the browser as they are written, not when a compression buffer fills.
      config.http.compressionStrategy = CompressionStrategy.NONE;
      // A known path asked with another method is 405 (with Allow), not 404.
      config.http.prefer405over404 = true;
      if (settings.tls() != null) {
        config.jetty.addConnector((server, http) -> Https.connector(server, http, settings));
      }
      config.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = WEB_ROOT;
        files.location = Location.CLASSPATH;
        files.headers = Map.of("Cache-Control", "no-cache");
      });
      boolean https = settings.tls() != null;
      config.routes.before(ctx -> securityHeaders(ctx, https));
      config.routes.before(access::check);
      config.routes.get("/login", login::get);
      config.routes.post("/login", login::post);
      config.routes.post("/logout", login::logout);
      config.routes.get("/api/health", health::health);
      config.routes.get("/api/cycles", api::cycles);
      config.routes.get("/api/teams", api::teams);
      config.routes.get("/api/teams/{team}", api::team);
      config.routes.get("/api/teams/{team}/participation", participationApi::team);
      config.routes.get("/api/participation", participationApi::cycle);
      config.routes.get("/api/participation/cycles", participationApi::cycles);
      config.routes.get("/api/instance/cycles", api::instanceCycles);
      config.routes.get("/api/instance/teams", api::instanceTeams);
      config.routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
      config.routes.get("/api/stream", ctx -> stream(ctx, live, access));
      config.routes.get(AccessControl.METRICS, ctx -> metrics(ctx, metrics));
      config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
        ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        error(ctx, 503, "unavailable", e.getMessage());
      });
      config.routes.exception(ApiException.class, (e, ctx) -> {
        if (e.retryAfterSeconds() > 0) {
          ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        error(ctx, e.status(), e.error(), e.getMessage());
      });
      config.routes.exception(NotFoundResponse.class,
          (e, ctx) -> error(ctx, 404, "not_found",
              "No such page or endpoint: " + ctx.path() + "; the API is described at "
                  + "/api/openapi.json"));
      config.routes.exception(MethodNotAllowedResponse.class, (e, ctx) -> {
        String allowed = allowedMethods(e);
        ctx.header("Allow", allowed);
        error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path() + "; use "
            + allowed);
      });
      config.routes.exception(HttpResponseException.class, (e, ctx) -> {
        if (e.getStatus() < 500) {
          error(ctx, e.getStatus(), "bad_request", e.getMessage());
        } else {
          internalError(ctx, e);
        }
      });
      config.routes.exception(Exception.class, (e, ctx) -> internalError(ctx, e));
    });
    try {
      javalin.start(settings.bindHost(), settings.port());
    } catch (RuntimeException e) {
      javalin.stop();
      throw new IllegalStateException("Cannot start the dashboard's HTTP server on " + settings.bindHost() + ":"
          + settings.port() + " (" + e.getMessage() + "); choose another --http-port, or 0 for any free port", e);
    }
    advertised.set(new HostInfo(settings.advertisedHost(), javalin.port()));
    LOG.info("Dashboard and API listening on {}://{}:{}/ (authentication {}{})", settings.scheme(),
        settings.bindHost(), javalin.port(), settings.authentication().enabled() ? "on: " : "OFF",
        settings.authentication().tokens().map(t -> t.describe()).orElse(""));
    return new DashboardServer(javalin, streams, advertised.get());
  }

  /**
   * {@code GET /api/stream}: server-sent events, whatever the Accept header says (a plain {@code curl -N} gets them
   * too), on one of the {@link LiveUpdates#maxClients()} places, or 503 when they are all taken.
   */
  private static void stream(Context ctx, LiveUpdates live, AccessControl access) {
    Principal principal = AccessControl.principal(ctx);
    Scope scope = principal.scope();
    Supplier<Optional<Scope>> credentials = access.credentialsOf(ctx);
    // Capped per token, not per caller without one (--http-auth none: a single user on their own machine).
    String holder = principal == Principal.ANONYMOUS ? null : principal.id();
    LiveUpdates.Reservation reservation = live.reserve(holder);
    if (reservation == LiveUpdates.Reservation.SERVER_FULL) {
      throw new ApiException(503, "unavailable", "This server already serves its maximum of " + live.maxClients()
          + " live-update connections; retry later, or raise --http-max-sse-clients", SSE_RETRY_AFTER_SECONDS);
    }
    if (reservation == LiveUpdates.Reservation.TOKEN_FULL) {
      throw new ApiException(503, "unavailable", "Your token already holds its maximum of "
          + live.maxClientsPerToken() + " live-update connections on this server (--http-max-sse-clients-per-token, "
          + "by default a quarter of --http-max-sse-clients); close a dashboard tab or another stream of it and retry, "
          + "or raise --http-max-sse-clients-per-token", SSE_RETRY_AFTER_SECONDS);
    }
    boolean handedOver = false;
    try {
      HttpServletResponse response = ctx.res();
      response.setStatus(200);
      response.setCharacterEncoding("UTF-8");
      response.setContentType("text/event-stream");
      response.setHeader("Connection", "close");
      // Scores: never stored by the browser or a proxy, like every answer of /api/.
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("X-Accel-Buffering", "no");
      response.flushBuffer();
      ctx.async(async -> async.timeout = 0, () -> live.join(new SseClient(ctx), scope, credentials, holder));
      handedOver = true;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the event stream", e);
    } finally {
      if (!handedOver) {
        live.release(holder);
      }
    }
  }

  /**
   * {@code GET /metrics}: Prometheus' text format (AccessControl has checked the token's scope). Not compressed,
   * like everything here; a scrape is some tens of kilobytes.
   */
  private static void metrics(Context ctx, AppMetrics metrics) {
    if (metrics == null) {
      throw ApiException.notFound("This server exports no metrics (it does not run the streams app)");
    }
    // Also here, whatever path variant Javalin routed to this handler: AccessControl checks the paths it knows.
    AccessControl.requireMetricsScope(AccessControl.principal(ctx).scope());
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(AppMetrics.CONTENT_TYPE).result(metrics.scrape());
  }

  private static JsonTopicView.State stateOf(JsonTopicView view) {
    return view == null ? JsonTopicView.State.STARTING : view.state();
  }

  /** Logs the failure with an incident id and answers 500 with that id only: no exception text leaves the server. */
  private static void internalError(Context ctx, Exception e) {
    String incident = HexFormat.of().formatHex(ByteBuffer.allocate(4).putInt(INCIDENTS.nextInt()).array());
    LOG.error("Request {} {} failed (incident {})", ctx.method(), ctx.path(), incident, e);
    error(ctx, 500, "internal", "The server failed to answer (incident " + incident + "); its log has the details");
  }

  /** The running app: its state for the health endpoint, where its tasks are for {@code /api/instance/...}. */
  public void attach(TaskPlacement local) {
    streams.set(local);
  }

  /** The port listened on. */
  public int port() {
    return javalin.port();
  }

  /** How other instances reach this one: the advertised host and the bound port. */
  public HostInfo advertised() {
    return advertised;
  }

  /**
   * Headers of every answer; over HTTPS also {@code Strict-Transport-Security} for a year (the browser then never
   * tries plain HTTP on this host name), without {@code includeSubDomains}: other hosts of the domain are not ours
   * to decide.
   */
  private static void securityHeaders(Context ctx, boolean https) {
    if (https) {
      ctx.header("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
    }
    ctx.header("X-Content-Type-Options", "nosniff");
    // No address of the dashboard leaves it; same-origin rather than no-referrer, under which browsers send
    // "Origin: null" with the page's own login and logout forms (LoginPage refuses a null Origin).
    ctx.header("Referrer-Policy", "same-origin");
    if (ctx.path().startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    } else {
      ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }
  }

  /** The methods Javalin found for the path ("availableMethods" in its details, e.g. "[GET]"), as an Allow value. */
  private static String allowedMethods(HttpResponseException e) {
    String methods = e.getDetails().getOrDefault("availableMethods", "GET");
    return methods.replace("[", "").replace("]", "").trim();
  }

  private static void error(Context ctx, int status, String error, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", error);
    body.put("message", message);
    ctx.status(status).json(body);
  }

  private static String resource(String name) {
    try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + name + " is missing from the dashboard jar; rebuild it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read resource " + name + " from the dashboard jar", e);
    }
  }

  /** Stops listening. */
  @Override
  public void close() {
    javalin.stop();
  }
}
