package dev.feedback360.cli;

import dev.feedback360.dashboard.Dashboard;
import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.metrics.AppMetrics;
import java.net.URI;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The streams app and its dashboard, wired in the one order that works: the dashboard's HTTP server first (Kafka
 * Streams' {@code application.server} must name its port), then the app with that address, then the app's queries
 * handed to the dashboard. The metrics ({@code /metrics}) exist from the start, so that they cover the app's start
 * and restoration too. The commands own all three; closing stops the app, then the dashboard, then the metrics.
 */
final class AppWithDashboard implements AutoCloseable {

  private final TeamScoresApp app;
  private final Dashboard dashboard;
  private final AppMetrics metrics;

  private AppWithDashboard(TeamScoresApp app, Dashboard dashboard, AppMetrics metrics) {
    this.app = app;
    this.dashboard = dashboard;
    this.metrics = metrics;
  }

  /**
   * Starts the dashboard and the app; returns once both are started (the app is not necessarily RUNNING yet:
   * queries answer 503 until it is).
   *
   * @throws IllegalStateException if the HTTP port cannot be bound
   */
  static AppWithDashboard start(StreamsSettings streams, DashboardSettings http) {
    AppMetrics metrics = AppMetrics.create();
    Dashboard dashboard;
    try {
      dashboard = Dashboard.start(http, metrics);
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    TeamScoresApp app = null;
    try {
      HostInfo self = dashboard.advertised();
      app = TeamScoresApp.start(streams.withApplicationServer(self.host(), self.port()), dashboard.restoreListener(),
          metrics);
      dashboard.serve(app.queries(), app.settings());
      return new AppWithDashboard(app, dashboard, metrics);
    } catch (RuntimeException e) {
      if (app != null) {
        app.close();
      }
      dashboard.close();
      metrics.close();
      throw e;
    }
  }

  TeamScoresApp app() {
    return app;
  }

  /** The dashboard's address, e.g. {@code http://127.0.0.1:8080/}. */
  URI url() {
    return dashboard.url();
  }

  /** The one-off login URL, when the dashboard has no tokens file (a secret: for the operator's eyes only). */
  Optional<URI> loginUrl() {
    return dashboard.loginUrl();
  }

  boolean authenticationEnabled() {
    return dashboard.authenticationEnabled();
  }

  /** Stops the app, then the dashboard, then the metrics. */
  @Override
  public void close() {
    app.close();
    dashboard.close();
    metrics.close();
  }
}
