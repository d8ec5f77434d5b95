package dev.feedback360.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;

/**
 * The client and controller ports of one broker run, and the mutual TLS one if wanted, all verified free on the
 * loopback address.
 *
 * @param brokerPort     the port of the PLAINTEXT (or SASL_SSL) listener that clients connect to
 * @param controllerPort the port of the KRaft CONTROLLER listener
 * @param mutualTlsPort  the port of the mutual TLS listener, or empty if the broker has none
 */
record BrokerPorts(int brokerPort, int controllerPort, OptionalInt mutualTlsPort) {

  static final String LOOPBACK = "127.0.0.1";

  /**
   * Picks the ports for a run. All sockets are held open together so the ports always differ, then released so
   * that Kafka can bind them.
   *
   * @param requestedBrokerPort the wanted client port, or 0 to pick a free one
   * @param mutualTls           whether to pick a free port for a mutual TLS listener too
   * @return the chosen ports
   * @throws IllegalStateException if {@code requestedBrokerPort} is already in use
   */
  static BrokerPorts reserve(int requestedBrokerPort, boolean mutualTls) {
    try (ServerSocket broker = bindBrokerPort(requestedBrokerPort);
        ServerSocket controller = bind(0);
        ServerSocket mutualTlsSocket = mutualTls ? bind(0) : null) {
      return new BrokerPorts(broker.getLocalPort(), controller.getLocalPort(),
          mutualTlsSocket == null ? OptionalInt.empty() : OptionalInt.of(mutualTlsSocket.getLocalPort()));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find free ports on " + LOOPBACK
          + " for the Kafka broker; check that the loopback interface is available", e);
    }
  }

  private static ServerSocket bindBrokerPort(int port) throws IOException {
    try {
      return bind(port);
    } catch (BindException e) {
      throw new IllegalStateException("Port " + port + " on " + LOOPBACK + " is already in use, so the Kafka "
          + "broker cannot listen on it. Stop the process that uses port " + port
          + " (for example another broker) or choose another port (0 picks a free one).", e);
    }
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
