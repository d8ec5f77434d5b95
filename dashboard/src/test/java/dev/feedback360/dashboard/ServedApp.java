package dev.feedback360.dashboard;

import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import java.net.URI;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.HostInfo;

/** A streams app served by a dashboard, started in the order the commands use: dashboard, app, queries. */
record ServedApp(Dashboard dashboard, TeamScoresApp app) implements AutoCloseable {

  static ServedApp start(StreamsSettings streams, DashboardSettings http) {
    return start(streams, http, null);
  }

  /** Also telling {@code restoreListener} (if not null) about the app's restores. */
  static ServedApp start(StreamsSettings streams, DashboardSettings http, StateRestoreListener restoreListener) {
    Dashboard dashboard = Dashboard.start(http, restoreListener);
    HostInfo self = dashboard.advertised();
    TeamScoresApp app =
        TeamScoresApp.start(streams.withApplicationServer(self.host(), self.port()), dashboard.restoreListener());
    dashboard.serve(app.queries(), app.settings());
    return new ServedApp(dashboard, app);
  }

  URI url() {
    return dashboard.url();
  }

  int port() {
    return dashboard.port();
  }

  @Override
  public void close() {
    app.close();
    dashboard.close();
  }
}
