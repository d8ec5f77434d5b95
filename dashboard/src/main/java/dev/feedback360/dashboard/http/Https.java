package dev.feedback360.dashboard.http;

import dev.feedback360.dashboard.DashboardSettings;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The HTTPS connector that replaces the plain one when a keystore is configured. */
final class Https {

  private Https() {}

  static Connector connector(Server server, HttpConfiguration http, DashboardSettings settings) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(settings.tls().keyStore());
    ssl.setKeyStorePassword(settings.tls().password());
    // The certificate's names are the client's business (it verifies them); the Host header is checked separately.
    http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
        new HttpConnectionFactory(http));
    connector.setHost(settings.bindHost());
    connector.setPort(settings.port());
    return connector;
  }
}
