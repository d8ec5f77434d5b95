package dev.feedback360.cli;

import dev.feedback360.dashboard.Dashboard;
import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import java.net.URI;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The streams app and its dashboard, wired in the one order that works: the dashboard's HTTP server first (Kafka
 * Streams' {@code application.server} must name its port), then the app with that address, then the app's queries
 * handed to the dashboard. The commands own both; closing stops the app, then the dashboard.
 */
final class AppWithDashboard implements AutoCloseable {

  private final TeamScoresApp app;
  private final Dashboard dashboard;

  private AppWithDashboard(TeamScoresApp app, Dashboard dashboard) {
    this.app = app;
    this.dashboard = dashboard;
  }

  /**
   * Starts the dashboard and the app; returns once both are started (the app is not necessarily RUNNING yet:
   * queries answer 503 until it is).
   *
   * @throws IllegalStateException if the HTTP port cannot be bound
   */
  static AppWithDashboard start(StreamsSettings streams, DashboardSettings http) {
    Dashboard dashboard = Dashboard.start(http);
    TeamScoresApp app = null;
    try {
      HostInfo self = dashboard.advertised();
      app = TeamScoresApp.start(streams.withApplicationServer(self.host(), self.port()), dashboard.restoreListener());
      dashboard.serve(app.queries(), app.settings());
      return new AppWithDashboard(app, dashboard);
    } catch (RuntimeException e) {
      if (app != null) {
        app.close();
      }
      dashboard.close();
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

  /** Stops the app, then the dashboard. */
  @Override
  public void close() {
    app.close();
    dashboard.close();
  }
}
