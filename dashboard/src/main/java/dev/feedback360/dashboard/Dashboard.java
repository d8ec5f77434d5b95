package dev.feedback360.dashboard;

import dev.feedback360.dashboard.auth.Tokens;
import dev.feedback360.dashboard.http.DashboardServer;
import dev.feedback360.dashboard.live.JsonTopicView;
import dev.feedback360.dashboard.live.LiveUpdates;
import dev.feedback360.dashboard.live.ScoresTail;
import dev.feedback360.dashboard.live.TailCurrency;
import dev.feedback360.dashboard.query.RestoreProgress;
import dev.feedback360.dashboard.query.TaskPlacement;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.metrics.AppMetrics;
import dev.feedback360.streams.query.TeamScoresQueries;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The HTTP face of one instance of the streams app: the HTTP server, then, once the app serves its queries, the
 * live-updates consumer. It does not start the app: whoever runs the app (the {@code streams} and {@code demo}
 * commands) starts the dashboard first, so that Kafka Streams' {@code application.server} can name its port, then
 * the app, then hands the app's queries over:
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(DashboardSettings.local(8080))) {
 *   HostInfo self = dashboard.advertised();
 *   try (TeamScoresApp app = TeamScoresApp.start(settings.withApplicationServer(self.host(), self.port()),
 *       dashboard.restoreListener())) {
 *     dashboard.serve(app.queries(), app.settings());
 *     app.awaitStop();
 *   }
 * }
 * }</pre>
 *
 * Until {@link #serve} the API answers 503. From then on it follows {@code team-scores-json} and
 * {@code team-participation-json}: every instance reads all of both into memory ({@code read_committed}, a replay from
 * the beginning, then the live changes), answers the scores and participation endpoints from there (503 until the
 * replay has reached the end) and pushes the changes it reads to the live updates. So every answer is a value a
 * committed transaction published: never the app's stores, which also hold the changes of a transaction still open.
 */
public final class Dashboard implements AutoCloseable {

  private final DashboardServer server;
  private final LiveUpdates live;
  private final RestoreProgress restore;
  private final AtomicReference<ScoresTail> tail;
  private final AtomicReference<ScoresTail> participationTail = new AtomicReference<>();
  /** Reads the JSON topics' end offsets, for answers that must hold what the topics held when asked. */
  private final AtomicReference<Admin> admin = new AtomicReference<>();
  private final AtomicReference<JsonTopicView> scores;
  private final AtomicReference<JsonTopicView> participation;
  private final DashboardSettings settings;

  private Dashboard(DashboardServer server, LiveUpdates live, RestoreProgress restore,
      AtomicReference<ScoresTail> tail, AtomicReference<JsonTopicView> scores,
      AtomicReference<JsonTopicView> participation, DashboardSettings settings) {
    this.server = server;
    this.live = live;
    this.restore = restore;
    this.tail = tail;
    this.scores = scores;
    this.participation = participation;
    this.settings = settings;
  }

  /**
   * Starts the HTTP server; its API answers 503 until {@link #serve}.
   *
   * @throws IllegalStateException if the HTTP port cannot be bound
   */
  public static Dashboard start(DashboardSettings http) {
    return start(http, (StateRestoreListener) null);
  }

  /**
   * Like {@link #start(DashboardSettings)}, serving {@code metrics} at {@code GET /metrics} (to tokens whose scope
   * allows them) from now on, also while the app starts and restores.
   */
  public static Dashboard start(DashboardSettings http, AppMetrics metrics) {
    return start(http, null, metrics);
  }

  /** Like {@link #start(DashboardSettings)}, also passing on every callback of {@link #restoreListener()}. */
  static Dashboard start(DashboardSettings http, StateRestoreListener restoreListener) {
    return start(http, restoreListener, null);
  }

  private static Dashboard start(DashboardSettings http, StateRestoreListener restoreListener, AppMetrics metrics) {
    LiveUpdates live = new LiveUpdates(http.maxSseClients(), http.sseClientsPerToken());
    RestoreProgress restore = new RestoreProgress(restoreListener);
    AtomicReference<ScoresTail> tail = new AtomicReference<>();
    AtomicReference<JsonTopicView> scores = new AtomicReference<>();
    AtomicReference<JsonTopicView> participation = new AtomicReference<>();
    try {
      DashboardServer server = DashboardServer.start(http, live, restore,
          () -> tail.get() == null ? null : tail.get().status(), scores::get, participation::get, metrics);
      return new Dashboard(server, live, restore, tail, scores, participation, http);
    } catch (RuntimeException e) {
      live.close();
      throw e;
    }
  }

  /** How other instances reach this one: the app's {@code application.server} must name it. */
  public HostInfo advertised() {
    return server.advertised();
  }

  /** The listener to give the app, so that the health endpoint can say how much state is left to restore. */
  public StateRestoreListener restoreListener() {
    return restore;
  }

  /**
   * Starts reading the app's JSON topics, answering from them and pushing the changes they commit.
   *
   * @param queries the queries of the app, started with {@link #advertised()} as its {@code application.server}: its
   *     state for the health endpoint, where its tasks are for {@code /api/instance/...}
   * @param app the app's settings: where its JSON topics are and how to reach the broker
   */
  public void serve(TeamScoresQueries queries, StreamsSettings app) {
    server.attach(new TaskPlacement(queries, server.advertised()));
    Admin offsets = Admin.create(consumerProperties(app, "-topic-ends"));
    admin.set(offsets);
    String participationTopic = app.topics().participationJson();
    JsonTopicView participationView = new JsonTopicView(live.participation(), participationTopic);
    ScoresTail participationReader = ScoresTail.replay(consumerProperties(app, "-participation"),
        participationTopic, participationView);
    participationView.currentWith(new TailCurrency(offsets, participationReader, participationTopic));
    participationTail.set(participationReader);
    participation.set(participationView);
    String scoresTopic = app.topics().scoresJson();
    JsonTopicView scoresView = new JsonTopicView(live.scores(), scoresTopic);
    ScoresTail scoresReader = ScoresTail.replay(consumerProperties(app, "-live-updates"), scoresTopic, scoresView);
    scoresView.currentWith(new TailCurrency(offsets, scoresReader, scoresTopic));
    tail.set(scoresReader);
    scores.set(scoresView);
  }

  private static Properties consumerProperties(StreamsSettings settings, String clientIdSuffix) {
    // The app's connection: its client properties (security) and those given as Kafka Streams overrides.
    Properties props = settings.connection().properties();
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.applicationId() + clientIdSuffix);
    return props;
  }

  /** The dashboard's address, e.g. {@code http://127.0.0.1:8080/}. */
  public URI url() {
    HostInfo self = server.advertised();
    return URI.create(settings.scheme() + "://" + self.host() + ":" + self.port() + "/");
  }

  /**
   * The address that logs a browser in with the one-off token ({@code .../login?token=...}), when the dashboard
   * was given no tokens file. It carries a secret: print it for the operator, never log it.
   */
  public Optional<URI> loginUrl() {
    return settings.authentication().tokens().flatMap(Tokens::oneOffToken)
        .map(token -> url().resolve("/login?token=" + token));
  }

  /** Whether callers must authenticate. */
  public boolean authenticationEnabled() {
    return settings.authentication().enabled();
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return server.port();
  }

  /** Stops the live updates and the HTTP server (not the app: its owner stops it). */
  @Override
  public void close() {
    for (ScoresTail started : new ScoresTail[] {tail.get(), participationTail.get()}) {
      if (started != null) {
        started.close();
      }
    }
    live.close();
    server.close();
    Admin offsets = admin.get();
    if (offsets != null) {
      offsets.close(Duration.ofSeconds(5));
    }
  }
}
