package dev.feedback360.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(BrokerPorts.class);

  /**
   * Picks the ports for a run, without a mutual TLS listener.
   *
   * @see #reserve(int, boolean, int, OptionalInt)
   */
  static BrokerPorts reserve(int requestedBrokerPort, boolean mutualTls) {
    return reserve(requestedBrokerPort, mutualTls, 0, OptionalInt.empty());
  }

  /**
   * Picks the ports for a run. All sockets are held open together so the ports always differ, then released so
   * that Kafka can bind them. The mutual TLS port is the requested one; else the one recorded by an earlier start
   * of the same data dir, if it is free (so that clients configured with it keep working); else a free one.
   *
   * @param requestedBrokerPort the wanted client port, or 0 to pick a free one
   * @param mutualTls           whether there is a mutual TLS listener
   * @param requestedMutualTlsPort the wanted mutual TLS port, or 0 for the recorded one or a free one
   * @param recordedMutualTlsPort the mutual TLS port of the previous start, if any
   * @return the chosen ports
   * @throws IllegalStateException if a requested port is already in use
   */
  static BrokerPorts reserve(int requestedBrokerPort, boolean mutualTls, int requestedMutualTlsPort,
      OptionalInt recordedMutualTlsPort) {
    try (ServerSocket broker = bindBrokerPort(requestedBrokerPort);
        ServerSocket controller = bind(0);
        ServerSocket mutualTlsSocket = mutualTls
            ? bindMutualTlsPort(requestedMutualTlsPort, recordedMutualTlsPort) : null) {
      return new BrokerPorts(broker.getLocalPort(), controller.getLocalPort(),
          mutualTlsSocket == null ? OptionalInt.empty() : OptionalInt.of(mutualTlsSocket.getLocalPort()));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find free ports on " + LOOPBACK
          + " for the Kafka broker; check that the loopback interface is available", e);
    }
  }

  private static ServerSocket bindMutualTlsPort(int requested, OptionalInt recorded) throws IOException {
    if (requested > 0) {
      try {
        return bind(requested);
      } catch (BindException e) {
        throw new IllegalStateException("Port " + requested + " on " + LOOPBACK + " is already in use, so the "
            + "Kafka broker cannot listen on it for mutual TLS clients. Stop the process that uses port " + requested
            + " or choose another --mtls-port.", e);
      }
    }
    if (recorded.isPresent()) {
      try {
        return bind(recorded.getAsInt());
      } catch (BindException e) {
        LOG.warn("The mutual TLS port {} of the previous start is in use ({}); listening on another one: "
            + "reconfigure the clients that use {}, or pass --mtls-port to keep one port", recorded.getAsInt(),
            e.getMessage(), LOOPBACK + ":" + recorded.getAsInt());
      }
    }
    return bind(0);
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
