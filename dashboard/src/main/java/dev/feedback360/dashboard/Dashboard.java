package dev.feedback360.dashboard;

import dev.feedback360.dashboard.http.DashboardServer;
import dev.feedback360.dashboard.live.LiveUpdates;
import dev.feedback360.dashboard.live.ScoresTail;
import dev.feedback360.dashboard.query.LocalScores;
import dev.feedback360.dashboard.query.RestoreProgress;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The streams app with its HTTP face: starts the HTTP server (so its port is known), then the Kafka Streams app with
 * {@code application.server} naming that port, then the live-updates consumer; closes them in reverse order.
 *
 * <pre>{@code
 * try (Dashboard dashboard = Dashboard.start(streamsSettings, DashboardSettings.local(8080))) {
 *   System.out.println(dashboard.url());
 * }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {

  /** Client settings the live-updates consumer takes over from the app's overrides (security, mostly). */
  private static final String[] INHERITED_PREFIXES = {"security.", "sasl.", "ssl.", "client.dns.lookup"};

  private final DashboardServer server;
  private final TeamScoresApp app;
  private final ScoresTail tail;
  private final LiveUpdates live;

  private Dashboard(DashboardServer server, TeamScoresApp app, ScoresTail tail, LiveUpdates live) {
    this.server = server;
    this.app = app;
    this.tail = tail;
    this.live = live;
  }

  /**
   * Starts the HTTP server, the streams app and the live updates; returns once all three are started (the app is
   * not necessarily RUNNING yet: queries answer 503 until it is).
   *
   * @throws IllegalStateException if the HTTP port cannot be bound
   */
  public static Dashboard start(StreamsSettings streams, DashboardSettings http) {
    return start(streams, http, null);
  }

  /** Like {@link #start(StreamsSettings, DashboardSettings)}, also telling {@code restoreListener} about restores. */
  static Dashboard start(StreamsSettings streams, DashboardSettings http, StateRestoreListener restoreListener) {
    LiveUpdates live = new LiveUpdates();
    RestoreProgress restore = new RestoreProgress(restoreListener);
    AtomicReference<ScoresTail> tail = new AtomicReference<>();
    DashboardServer server = null;
    TeamScoresApp app = null;
    try {
      server = DashboardServer.start(http, live, restore, () -> tail.get() == null ? null : tail.get().status());
      HostInfo self = server.advertised();
      app = TeamScoresApp.start(withApplicationServer(streams, self), restore);
      server.attach(new LocalScores(app.queries(), self));
      tail.set(ScoresTail.start(consumerProperties(streams), streams.topics().scoresJson(), live));
      return new Dashboard(server, app, tail.get(), live);
    } catch (RuntimeException e) {
      live.close();
      if (app != null) {
        app.close();
      }
      if (server != null) {
        server.close();
      }
      throw e;
    }
  }

  private static StreamsSettings withApplicationServer(StreamsSettings settings, HostInfo self) {
    Map<String, String> overrides = new HashMap<>(settings.overrides());
    overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    return new StreamsSettings(settings.bootstrapServers(), settings.applicationId(), settings.stateDir(),
        settings.topics(), settings.topicSettings(), settings.scoring(), overrides);
  }

  private static Properties consumerProperties(StreamsSettings settings) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.applicationId() + "-live-updates");
    settings.overrides().forEach((key, value) -> {
      for (String prefix : INHERITED_PREFIXES) {
        if (key.startsWith(prefix)) {
          props.put(key, value);
        }
      }
    });
    return props;
  }

  /** The dashboard's address, e.g. {@code http://127.0.0.1:8080/}. */
  public URI url() {
    HostInfo self = server.advertised();
    return URI.create("http://" + self.host() + ":" + self.port() + "/");
  }

  /** The port the HTTP server listens on. */
  public int port() {
    return server.port();
  }

  /** The streams app. */
  public TeamScoresApp app() {
    return app;
  }

  /** Stops the live updates, the streams app and the HTTP server. */
  @Override
  public void close() {
    tail.close();
    live.close();
    app.close();
    server.close();
  }
}
