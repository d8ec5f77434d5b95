package dev.feedback360.dashboard;

import java.util.Objects;

/**
 * Where the dashboard's HTTP server listens and how other instances of the app reach it.
 *
 * @param bindHost the address to listen on ({@code 127.0.0.1}: this machine only; {@code 0.0.0.0}: every interface)
 * @param port the port to listen on; 0 picks a free one
 * @param advertisedHost the host name or address other instances use to forward queries here; it becomes the host of
 *     Kafka Streams' {@code application.server}, so it must not be a wildcard address
 */
public record DashboardSettings(String bindHost, int port, String advertisedHost) {

  /** The default HTTP port. */
  public static final int DEFAULT_PORT = 8080;
  /** The default bind address: this machine only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public DashboardSettings {
    Objects.requireNonNull(bindHost, "the HTTP bind host is required");
    Objects.requireNonNull(advertisedHost, "the advertised host is required");
    if (bindHost.isBlank()) {
      throw new IllegalArgumentException("--http-host must name an address, e.g. 127.0.0.1 or 0.0.0.0");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--http-port must be between 0 (any free port) and 65535, got " + port);
    }
    if (advertisedHost.isBlank() || advertisedHost.equals("0.0.0.0") || advertisedHost.equals("::")
        || advertisedHost.contains(":") && !advertisedHost.startsWith("[")) {
      throw new IllegalArgumentException("Invalid advertised host '" + advertisedHost + "': other instances forward "
          + "queries to it, so give this machine's host name or address (IPv6 in brackets), not a wildcard; set "
          + "--advertised-host when --http-host is 0.0.0.0");
    }
  }

  /**
   * Settings for a bind host and port, advertising the bind host itself.
   *
   * @throws IllegalArgumentException if the bind host is a wildcard address, which cannot be advertised
   */
  public static DashboardSettings of(String bindHost, int port) {
    return new DashboardSettings(bindHost, port, bindHost);
  }

  /** Listening on 127.0.0.1 at the given port (0: any free one). */
  public static DashboardSettings local(int port) {
    return of(DEFAULT_HOST, port);
  }
}
