package dev.feedback360.reliability.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Kafka broker in its own JVM ({@code feedback360 broker}), so it can be stopped cleanly or
 * killed with SIGKILL and started again on the same data directory and port while clients keep running.
 */
public final class BrokerProcess implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private final Path dataDir;
  private final Path logFile;
  private final int port;
  private ManagedProcess process;
  private int starts;

  private BrokerProcess(Path dataDir, Path logFile, int port) {
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.port = port;
  }

  /** A broker on a free loopback port, not yet started. */
  public static BrokerProcess on(Path workDir) {
    return new BrokerProcess(workDir.resolve("broker-data"), workDir.resolve("broker.log"), freePort());
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker and waits until it serves clients (its transaction coordinator included). */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("The broker process is already running (pid " + process.pid() + ")");
    }
    starts++;
    ManagedProcess started = ManagedProcess.start("broker#" + starts, Cli.command(List.of("broker",
        "--data-dir", dataDir.toString(), "--port", Integer.toString(port))), logFile, Map.of());
    process = started;
    await("the broker at " + bootstrapServers() + " to serve (log " + logFile + ")")
        .atMost(STARTUP_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          if (!started.isAlive()) {
            throw new IllegalStateException("The broker process exited with code " + started.exitCode()
                + " before serving; see " + logFile);
          }
          return started.output().contains("Kafka broker running at");
        });
  }

  /** The current broker process, or null before the first start. */
  public synchronized ManagedProcess current() {
    return process;
  }

  /** A clean stop: SIGTERM, the broker closes its logs and hands nothing over (there is no other broker). */
  public synchronized void stop() {
    process.terminate();
  }

  /** A crash: SIGKILL, no log flush, no controlled shutdown; the next start recovers the logs. */
  public synchronized void kill() {
    process.kill();
  }

  @Override
  public synchronized void close() {
    if (process != null) {
      process.close();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on the loopback interface for the broker", e);
    }
  }
}
