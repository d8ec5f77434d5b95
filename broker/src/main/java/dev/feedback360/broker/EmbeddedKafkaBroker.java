package dev.feedback360.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker running in this JVM in KRaft mode, as combined broker and controller.
 *
 * <p>The broker listens on {@code 127.0.0.1} only. Its data lives in {@link #dataDir()}: log segments and the KRaft
 * metadata log in {@code kraft-logs}, and the configuration of the last start in {@code server.properties}. A data
 * directory is formatted on first use and reused afterwards, so starting a new instance on the same directory keeps
 * every topic and record. A data directory that this class created itself (no directory was given) is deleted on
 * {@link #close()}.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
 *     String bootstrapServers = broker.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>An instance starts at most once; to restart, close it and build a new one on the same data directory. The
 * broker logs through SLF4J; this class configures no logging. Like a stand-alone Kafka server, the broker halts the
 * JVM if it meets a fatal metadata fault (for example a corrupt metadata log), so run it in a process of its own when
 * that matters.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** Name of the file in the data directory that holds the configuration of the last start. */
  public static final String SERVER_PROPERTIES_FILE = "server.properties";

  /** Name of the directory inside the data directory that holds the Kafka log and metadata. */
  public static final String LOG_DIR_NAME = "kraft-logs";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<String> MANAGED_PROPERTIES = Set.of("process.roles", "node.id",
      "controller.quorum.voters", "controller.quorum.bootstrap.servers", "listeners", "advertised.listeners",
      "controller.listener.names", "inter.broker.listener.name", "listener.security.protocol.map", "log.dirs",
      "log.dir", "metadata.log.dir");

  private enum State { NEW, RUNNING, CLOSED }

  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int requestedPort;
  private final Map<String, String> extraProperties;
  private State state = State.NEW;
  private KafkaRaftServer server;
  private BrokerPorts ports;

  private EmbeddedKafkaBroker(Path dataDir, boolean ownsDataDir, int requestedPort,
                Map<String, String> extraProperties) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.requestedPort = requestedPort;
    this.extraProperties = extraProperties;
  }

  /**
   * Starts describing a broker.
   *
   * @return a builder with a fresh temporary data directory and a free port as defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the data directory if needed, starts the broker and waits until it serves clients.
   *
   * @return this broker, running
   * @throws IllegalStateException    if the broker was already started, the requested port is taken, or the
   *                                  broker does not come up within 60 seconds
   * @throws IllegalArgumentException if an extra broker property is invalid
   * @throws UncheckedIOException     if the data directory cannot be written
   */
  public synchronized EmbeddedKafkaBroker start() {
    if (state != State.NEW) {
      throw new IllegalStateException("This broker was already started; to restart, close it and build a new "
          + "EmbeddedKafkaBroker on the same data dir " + dataDir);
    }
    Instant begin = Instant.now();
    try {
      startServer();
    } catch (RuntimeException e) {
      closeAfterFailedStart(e);
      throw e;
    }
    LOG.info("Kafka broker serving at {} (data dir {}) after {} ms", bootstrapServers(), dataDir,
        Duration.between(begin, Instant.now()).toMillis());
    return this;
  }

  /**
   * The address that clients use to reach this broker.
   *
   * @return {@code "127.0.0.1:<port>"}
   * @throws IllegalStateException if the broker is not running
   */
  public synchronized String bootstrapServers() {
    return BrokerPorts.LOOPBACK + ":" + port();
  }

  /**
   * The port that clients connect to; useful when port 0 was requested.
   *
   * @return the client port
   * @throws IllegalStateException if the broker is not running
   */
  public synchronized int port() {
    if (state != State.RUNNING) {
      throw new IllegalStateException("The Kafka broker is not running (it is "
          + state.name().toLowerCase(Locale.ROOT) + "); call start() first");
    }
    return ports.brokerPort();
  }

  /**
   * The directory holding the broker's data.
   *
   * @return the data directory
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Stops the broker, waits until it has shut down, and deletes the data directory if this class created it.
   * Closing twice has no further effect.
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    boolean wasRunning = state == State.RUNNING;
    state = State.CLOSED;
    try {
      if (wasRunning) {
        stopServer();
      }
    } finally {
      deleteOwnedDataDir();
    }
  }

  private Map<String, String> serverProperties() {
    String controllerAddress = BrokerPorts.LOOPBACK + ":" + ports.controllerPort();
    String brokerAddress = BrokerPorts.LOOPBACK + ":" + ports.brokerPort();
    Map<String, String> props = new LinkedHashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + controllerAddress);
    props.put("listeners", "PLAINTEXT://" + brokerAddress + "," + CONTROLLER_LISTENER + "://" + controllerAddress);
    props.put("advertised.listeners", "PLAINTEXT://" + brokerAddress);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("log.dirs", logDir().toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("num.partitions", "1");
    props.putAll(extraProperties);
    return props;
  }

  private Map<String, String> writeServerProperties(Map<String, String> props) {
    Properties file = new Properties();
    file.putAll(props);
    Path target = dataDir.resolve(SERVER_PROPERTIES_FILE);
    try {
      createOwnerOnlyDirectories(logDir());
      try (OutputStream out = Files.newOutputStream(target)) {
        file.store(out, "Written by " + EmbeddedKafkaBroker.class.getName() + " on each start");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the Kafka broker configuration " + target
          + "; check that the data dir is writable", e);
    }
    return props;
  }

  private void startServer() {
    ports = BrokerPorts.reserve(requestedPort);
    KafkaConfig config = kafkaConfig(writeServerProperties(serverProperties()));
    KRaftStorage.formatIfNeeded(NODE_ID, CONTROLLER_LISTENER, logDir());
    server = new KafkaRaftServer(config, Time.SYSTEM);
    state = State.RUNNING;
    try {
      server.startup();
    } catch (RuntimeException e) {
      throw new IllegalStateException("The Kafka broker on data dir " + dataDir + " failed to start: "
          + e.getMessage() + ". See the broker log for details; if the data dir belongs to another Kafka "
          + "cluster or is damaged, use a fresh data dir.", e);
    }
    awaitServing();
    awaitTransactionCoordinator();
  }

  /**
   * Makes the transaction coordinator ready before clients arrive: the first transactional producer on a fresh
   * broker creates and loads {@code __transaction_state}, and while that happens the broker answers its first
   * transactional writes with retriable errors (logged as ERROR by the broker). Initialising one throwaway
   * transactional producer here waits for exactly that condition.
   */
  private void awaitTransactionCoordinator() {
    Map<String, Object> config = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        ProducerConfig.CLIENT_ID_CONFIG, "embedded-kafka-broker-readiness",
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-broker-readiness",
        ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) STARTUP_TIMEOUT.toMillis());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
    } catch (KafkaException e) {
      throw new IllegalStateException("The Kafka broker at " + bootstrapServers() + " started but its "
          + "transaction coordinator did not become ready within " + STARTUP_TIMEOUT.toSeconds()
          + " s: " + e.getMessage(), e);
    }
  }

  private static KafkaConfig kafkaConfig(Map<String, String> props) {
    try {
      return new KafkaConfig(props);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("Invalid Kafka broker configuration: " + e.getMessage()
          + ". Fix or remove the broker property that was passed to the builder.", e);
    }
  }

  private void awaitServing() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    try (Admin admin = Admin.create(readinessClientConfig())) {
      Exception lastFailure = null;
      while (Instant.now().isBefore(deadline)) {
        try {
          if (liveBrokers(admin, deadline) == 1) {
            return;
          }
        } catch (ExecutionException e) {
          lastFailure = e;
        }
      }
      throw new IllegalStateException("The Kafka broker at " + bootstrapServers() + " did not serve clients "
          + "within " + STARTUP_TIMEOUT.toSeconds() + " s; see the broker log for the cause", lastFailure);
    }
  }

  private static int liveBrokers(Admin admin, Instant deadline) throws ExecutionException {
    long remainingMs = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
    DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) remainingMs);
    try {
      return admin.describeCluster(options).nodes().get().size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka broker to start", e);
    }
  }

  private Map<String, Object> readinessClientConfig() {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-broker-readiness",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
  }

  private void closeAfterFailedStart(RuntimeException failure) {
    try {
      close();
    } catch (RuntimeException closeFailure) {
      failure.addSuppressed(closeFailure);
    }
  }

  private void stopServer() {
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Kafka broker on data dir {} stopped", dataDir);
  }

  private void deleteOwnedDataDir() {
    if (!ownsDataDir) {
      return;
    }
    try {
      Utils.delete(dataDir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete the temporary Kafka data dir " + dataDir
          + "; delete it by hand", e);
    }
  }

  /**
   * Creates the log dir and its missing parents (the data dir) readable by their owner only (0700): the log holds the
   * records, pseudonymised but personal. File systems without POSIX permissions keep their defaults.
   */
  private static void createOwnerOnlyDirectories(Path dir) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  private Path logDir() {
    return dataDir.resolve(LOG_DIR_NAME);
  }

  /** Describes an {@link EmbeddedKafkaBroker}: where it keeps its data, its port, and extra broker settings. */
  public static final class Builder {

    private Path dataDir;
    private int port;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();

    private Builder() {
    }

    /**
     * Keeps the broker's data in {@code dataDir}, which is created if missing and kept on {@link #close()}.
     * Without this, a fresh temporary directory is used and deleted on close.
     *
     * @param dataDir the data directory
     * @return this builder
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /**
     * Listens for clients on {@code port} of {@code 127.0.0.1}.
     *
     * @param port the client port, or 0 (the default) to pick a free port on each start
     * @return this builder
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("The broker port must be between 0 and 65535 (0 picks a free "
            + "port), but was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Adds a Kafka broker setting, overriding this class's default for it.
     *
     * @param key   the Kafka broker configuration key, e.g. {@code log.retention.hours}
     * @param value its value
     * @return this builder
     * @throws IllegalArgumentException if the key is one that this class manages itself (node, listeners, quorum
     *                                  and log directories)
     */
    public Builder brokerProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (MANAGED_PROPERTIES.contains(key)) {
        throw new IllegalArgumentException("The broker property '" + key + "' is managed by "
            + EmbeddedKafkaBroker.class.getSimpleName() + " and cannot be set; use port(...) and "
            + "dataDir(...) instead");
      }
      brokerProperties.put(key, value);
      return this;
    }

    /**
     * Adds several Kafka broker settings; see {@link #brokerProperty(String, String)}.
     *
     * @param properties the settings to add
     * @return this builder
     */
    public Builder brokerProperties(Map<String, String> properties) {
      properties.forEach(this::brokerProperty);
      return this;
    }

    /**
     * Creates the broker, not yet started. Creates the temporary data directory if none was given.
     *
     * @return the broker
     * @throws UncheckedIOException if the temporary data directory cannot be created
     */
    public EmbeddedKafkaBroker build() {
      Map<String, String> extra = Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties));
      if (dataDir != null) {
        return new EmbeddedKafkaBroker(dataDir.toAbsolutePath(), false, port, extra);
      }
      return new EmbeddedKafkaBroker(createTempDataDir(), true, port, extra);
    }

    private static Path createTempDataDir() {
      try {
        return Files.createTempDirectory("feedback360-kafka-");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not create a temporary Kafka data dir; check java.io.tmpdir ("
            + System.getProperty("java.io.tmpdir") + ") or pass a data dir", e);
      }
    }
  }
}
