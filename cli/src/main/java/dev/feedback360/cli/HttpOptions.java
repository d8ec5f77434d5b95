package dev.feedback360.cli;

import dev.feedback360.dashboard.DashboardSettings;
import picocli.CommandLine.Option;

/** Where the streams app serves its API and dashboard; shared by the streams and demo commands. */
final class HttpOptions {

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + DashboardSettings.DEFAULT_PORT,
      description = "Port of the REST API and web dashboard (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = DashboardSettings.DEFAULT_PORT;

  @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = DashboardSettings.DEFAULT_HOST,
      description = "Address the HTTP server listens on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for "
          + "every interface, then set --advertised-host).")
  String host = DashboardSettings.DEFAULT_HOST;

  @Option(names = "--advertised-host", paramLabel = "HOST",
      description = "Host name other instances of the app use to reach this one, for queries about teams held here "
          + "(default: the --http-host).")
  String advertisedHost;

  DashboardSettings settings() {
    return new DashboardSettings(host, port, advertisedHost == null ? host : advertisedHost);
  }
}
