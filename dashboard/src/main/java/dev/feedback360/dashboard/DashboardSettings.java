package dev.feedback360.dashboard;

import dev.feedback360.dashboard.auth.Authentication;
import dev.feedback360.dashboard.auth.Tokens;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where the dashboard's HTTP server listens, how other instances of the app reach it, and how it is protected.
 *
 * @param bindHost the address to listen on ({@code 127.0.0.1}: this machine only; {@code 0.0.0.0}: every interface)
 * @param port the port to listen on; 0 picks a free one
 * @param advertisedHost the host name or address of this instance: the host of Kafka Streams'
 *     {@code application.server} (how an instance of an earlier version reaches {@code /api/instance/...} here
 *     during a rolling upgrade), the name in {@code X-Feedback360-Instance} and {@code /api/health}, and a name
 *     accepted in the Host header; so it must not be a wildcard address
 * @param authentication who may read; {@link Authentication#none()} only on a loopback bind host
 * @param extraAllowedHosts host names accepted in the Host header besides the bind host, the advertised host,
 *     {@code localhost}, {@code 127.0.0.1} and {@code [::1]}
 * @param tls HTTPS settings, or null for plain HTTP
 * @param maxSseClients how many live-update connections are served at once; more are refused with 503
 * @param maxSseClientsPerToken how many of them one token (its bearer requests and its sessions together) may hold;
 *     0 for the default, {@link #defaultMaxSseClientsPerToken a quarter of maxSseClients, at least 1}
 */
public record DashboardSettings(String bindHost, int port, String advertisedHost, Authentication authentication,
    List<String> extraAllowedHosts, TlsSettings tls, int maxSseClients, int maxSseClientsPerToken) {

  /** The default HTTP port. */
  public static final int DEFAULT_PORT = 8080;
  /** The default bind address: this machine only. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The default cap on live-update connections. */
  public static final int DEFAULT_MAX_SSE_CLIENTS = 100;

  public DashboardSettings {
    Objects.requireNonNull(bindHost, "the HTTP bind host is required");
    Objects.requireNonNull(advertisedHost, "the advertised host is required");
    Objects.requireNonNull(authentication, "authentication is required (Authentication.none() to turn it off)");
    extraAllowedHosts = List.copyOf(extraAllowedHosts);
    if (bindHost.isBlank()) {
      throw new IllegalArgumentException("--http-host must name an address, e.g. 127.0.0.1 or 0.0.0.0");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--http-port must be between 0 (any free port) and 65535, got " + port);
    }
    if (!authentication.enabled() && !isLoopback(bindHost)) {
      throw new IllegalArgumentException("--http-auth none is refused with --http-host " + bindHost + ": anyone "
          + "who reaches that address would read every team's scores; use --http-host 127.0.0.1, or keep "
          + "authentication on and make tokens with ./feedback360 token");
    }
    if (advertisedHost.isBlank() || advertisedHost.equals("0.0.0.0") || advertisedHost.equals("::")
        || advertisedHost.contains(":") && !advertisedHost.startsWith("[")) {
      throw new IllegalArgumentException("Invalid advertised host '" + advertisedHost + "': other instances forward "
          + "queries to it, so give this machine's host name or address (IPv6 in brackets), not a wildcard; set "
          + "--advertised-host when --http-host is 0.0.0.0");
    }
    if (maxSseClients < 1) {
      throw new IllegalArgumentException("--http-max-sse-clients must be at least 1, got " + maxSseClients);
    }
    if (maxSseClientsPerToken < 0) {
      throw new IllegalArgumentException("--http-max-sse-clients-per-token must be at least 1, got "
          + maxSseClientsPerToken);
    }
    for (String host : extraAllowedHosts) {
      if (host.isBlank() || host.contains("/") || host.contains(" ")) {
        throw new IllegalArgumentException("--http-allowed-host takes a host name or address as a browser sends "
            + "it in the Host header (e.g. scores.example.com or [2001:db8::1]), got '" + host + "'");
      }
    }
  }

  /** As the canonical constructor, with the default cap per token (a quarter of {@code maxSseClients}, at least 1). */
  public DashboardSettings(String bindHost, int port, String advertisedHost, Authentication authentication,
      List<String> extraAllowedHosts, TlsSettings tls, int maxSseClients) {
    this(bindHost, port, advertisedHost, authentication, extraAllowedHosts, tls, maxSseClients, 0);
  }

  /** The default cap of live-update connections per token: a quarter of the total, at least 1. */
  public static int defaultMaxSseClientsPerToken(int maxSseClients) {
    return Math.max(1, maxSseClients / 4);
  }

  /** How many live-update connections one token may hold: as set, or by default a quarter of the total. */
  public int sseClientsPerToken() {
    return maxSseClientsPerToken == 0 ? defaultMaxSseClientsPerToken(maxSseClients) : maxSseClientsPerToken;
  }

  /** Listening and advertising as given, with a one-off login token, plain HTTP and the default SSE cap. */
  public DashboardSettings(String bindHost, int port, String advertisedHost) {
    this(bindHost, port, advertisedHost, Authentication.tokens(Tokens.oneOff()), List.of(), null,
        DEFAULT_MAX_SSE_CLIENTS);
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

  public DashboardSettings withAuthentication(Authentication auth) {
    return new DashboardSettings(bindHost, port, advertisedHost, auth, extraAllowedHosts, tls, maxSseClients,
        maxSseClientsPerToken);
  }

  public DashboardSettings withTokens(Tokens tokens) {
    return withAuthentication(Authentication.tokens(tokens));
  }

  public DashboardSettings withTls(TlsSettings settings) {
    return new DashboardSettings(bindHost, port, advertisedHost, authentication, extraAllowedHosts, settings,
        maxSseClients, maxSseClientsPerToken);
  }

  public DashboardSettings withAllowedHosts(List<String> hosts) {
    return new DashboardSettings(bindHost, port, advertisedHost, authentication, hosts, tls, maxSseClients,
        maxSseClientsPerToken);
  }

  public DashboardSettings withMaxSseClients(int max) {
    return new DashboardSettings(bindHost, port, advertisedHost, authentication, extraAllowedHosts, tls, max,
        maxSseClientsPerToken);
  }

  /** With a cap of live-update connections per token (0: the default, a quarter of the total). */
  public DashboardSettings withMaxSseClientsPerToken(int max) {
    return new DashboardSettings(bindHost, port, advertisedHost, authentication, extraAllowedHosts, tls,
        maxSseClients, max);
  }

  /** {@code http} or {@code https}. */
  public String scheme() {
    return tls == null ? "http" : "https";
  }

  /**
   * The host names accepted in the Host header (lower case, IPv6 in brackets, without port): the bind host unless a
   * wildcard, the advertised host, {@code localhost}, {@code 127.0.0.1}, {@code [::1]} and the extra ones. Anything
   * else is refused, against DNS rebinding.
   */
  public Set<String> allowedHosts() {
    Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "[::1]"));
    if (!isWildcard(bindHost)) {
      hosts.add(hostForm(bindHost));
    }
    hosts.add(hostForm(advertisedHost));
    extraAllowedHosts.forEach(h -> hosts.add(hostForm(h)));
    return Set.copyOf(hosts);
  }

  private static String hostForm(String host) {
    String lower = host.strip().toLowerCase(Locale.ROOT);
    return lower.contains(":") && !lower.startsWith("[") ? "[" + lower + "]" : lower;
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /** Whether the bind host is this machine only: {@code localhost}, 127.0.0.0/8 or ::1. Names are not resolved. */
  public static boolean isLoopback(String host) {
    String bare = host.strip().toLowerCase(Locale.ROOT);
    if (bare.startsWith("[") && bare.endsWith("]")) {
      bare = bare.substring(1, bare.length() - 1);
    }
    if (bare.equals("localhost")) {
      return true;
    }
    if (!bare.matches("[0-9.]+|[0-9a-f]*:[0-9a-f:.]*")) {
      return false;
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
