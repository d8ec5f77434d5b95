package dev.feedback360.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
 * <h2>Secure mode</h2>
 *
 * <p>{@link Builder#secure()} turns on one fixed, opinionated profile instead of a menu of options, because every
 * caller in this project needs the same thing: clients must authenticate, be authorised, and talk TLS.
 * <ul>
 *   <li>Clients: a single {@code SASL_SSL://127.0.0.1:<port>} listener, mechanism {@code SCRAM-SHA-512}; no client
 *       certificate is asked for (SASL authenticates). The broker talks to itself over the same listener as the
 *       super user.</li>
 *   <li>Users: the SCRAM users {@link #PRINCIPALS}, each with a random password, created when the data directory is
 *       formatted. {@link #SUPER_USER} is the only super user.</li>
 *   <li>Authorisation: Kafka's {@code StandardAuthorizer}, and without an ACL nobody but the super user may do
 *       anything ({@code allow.everyone.if.no.acl.found=false}). This class creates no ACL.</li>
 *   <li>TLS: a CA generated on first start in {@code <dataDir>/security}, which issues the broker certificate
 *       (SAN IP {@code 127.0.0.1}, DNS {@code localhost} and {@link Builder#extraCertificateHostnames}).</li>
 *   <li>The KRaft controller listener, which cannot use SCRAM, takes TLS connections only from clients with a
 *       certificate of that CA; only the broker's own certificate is the super user there.</li>
 *   <li>One Kafka client properties file per principal in {@code <dataDir>/clients} (directory 0700, files 0600),
 *       see {@link #clientPropertiesFile(String)}.</li>
 *   <li>Opt-in, {@link Builder#mutualTls()}: a second client listener, {@code SSL://127.0.0.1:<port>}
 *       ({@link #mutualTlsBootstrapServers()}), that demands a client certificate of the CA and takes the principal
 *       from it: {@code CN=ingest} is {@code User:ingest}, so the same ACLs apply on both listeners. Each principal
 *       gets a keystore {@code <dataDir>/clients/<principal>.p12} and a properties file
 *       {@code <dataDir>/clients/<principal>-mtls.properties}, see {@link #mutualTlsClientPropertiesFile(String)}.
 *       </li>
 * </ul>
 * A data directory remembers its mode: starting a secured one without {@code secure()}, or a plain one with it, is
 * refused.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir).secure().build().start()) {
 *     Properties admin = broker.clientProperties(EmbeddedKafkaBroker.SUPER_USER);
 *     admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
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
  /**
   * The file in the data directory that records the port of the mutual TLS listener, so that the next start of the
   * same data directory listens on it again (if it is free) and clients keep their configuration.
   */
  public static final String MUTUAL_TLS_PORT_FILE = "mutual-tls.port";

  /** Name of the directory inside the data directory that holds the Kafka log and metadata. */
  public static final String LOG_DIR_NAME = "kraft-logs";

  /** Name of the directory inside the data directory that holds the CA, certificates and secrets of secure mode. */
  public static final String SECURITY_DIR_NAME = BrokerSecurity.SECURITY_DIR_NAME;

  /** Name of the directory inside the data directory that holds one client properties file per principal. */
  public static final String CLIENTS_DIR_NAME = BrokerSecurity.CLIENTS_DIR_NAME;

  /** The only super user of a secured broker; the broker itself authenticates as this principal too. */
  public static final String SUPER_USER = BrokerSecurity.SUPER_USER;

  /** The SCRAM users of a secured broker, {@link #SUPER_USER} last. */
  public static final List<String> PRINCIPALS = BrokerSecurity.PRINCIPALS;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern DNS_NAME = Pattern.compile(
      "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
  /**
   * How long the broker keeps an idempotent producer's state after its last record, as that record's timestamp says:
   * the most the setting takes (24.8 days), not Kafka's 1 day. A response's record timestamp is its {@code
   * submittedAt} (docs/wire-format.md), so an import of an export holds records days or weeks old, and the broker
   * drops the state of a producer whose last record is older than this when it loads the partition after a restart
   * (and every 10 minutes): its next batches are then taken as from a producer it has never seen, at any sequence, and
   * the retries in flight across the restart can be written twice, out of order, or refused until they time out
   * (docs/reliability.md, "What the broker scenario found"). The cost: the broker keeps each idempotent producer's
   * state (a few hundred bytes per partition it wrote to) about 25 days instead of one.
   */
  private static final String PRODUCER_ID_EXPIRATION = "producer.id.expiration.ms";

  private static final String PRODUCER_ID_EXPIRATION_MS = Integer.toString(Integer.MAX_VALUE);

  private static final Set<String> MANAGED_PROPERTIES = Set.of("process.roles", "node.id",
      "controller.quorum.voters", "controller.quorum.bootstrap.servers", "listeners", "advertised.listeners",
      "controller.listener.names", "inter.broker.listener.name", "listener.security.protocol.map", "log.dirs",
      "log.dir", "metadata.log.dir");

  private enum State { NEW, RUNNING, CLOSED }

  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int requestedPort;
  private final Map<String, String> extraProperties;
  private final boolean secure;
  private final boolean mutualTls;
  private final int requestedMutualTlsPort;
  private final List<String> extraCertificateHostnames;
  private State state = State.NEW;
  private KafkaRaftServer server;
  private BrokerPorts ports;
  private BrokerSecurity security;

  private EmbeddedKafkaBroker(Builder builder, Path dataDir, boolean ownsDataDir) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.requestedPort = builder.port;
    this.extraProperties = Collections.unmodifiableMap(new LinkedHashMap<>(builder.brokerProperties));
    this.secure = builder.secure;
    this.mutualTls = builder.mutualTls;
    this.requestedMutualTlsPort = builder.mutualTlsPort;
    this.extraCertificateHostnames = List.copyOf(builder.extraCertificateHostnames);
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
   * @throws IllegalStateException    if the broker was already started, the requested port is taken, the data
   *                                  directory was formatted in the other mode (plain or secure), or the broker
   *                                  does not come up within 60 seconds
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
    LOG.info("Kafka broker serving at {} ({}, data dir {}) after {} ms", bootstrapServers(),
        secure ? "SASL_SSL with SCRAM-SHA-512, ACLs enforced" : "PLAINTEXT", dataDir,
        Duration.between(begin, Instant.now()).toMillis());
    if (mutualTls) {
      LOG.info("Kafka broker serving mutual TLS clients at {}", mutualTlsBootstrapServers());
    }
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
   * The port that clients connect to (the PLAINTEXT listener, or the SASL_SSL one in secure mode); useful when port 0
   * was requested.
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
   * The address that clients authenticating with a certificate ({@link Builder#mutualTls()}) use.
   *
   * @return {@code "127.0.0.1:<port>"} of the mutual TLS listener
   * @throws IllegalStateException if the broker is not running or has no mutual TLS listener
   */
  public synchronized String mutualTlsBootstrapServers() {
    runningMutualTls();
    return BrokerPorts.LOOPBACK + ":" + ports.mutualTlsPort().orElseThrow();
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
   * Tells whether this broker was built with {@link Builder#secure()}.
   *
   * @return {@code true} for SASL_SSL with SCRAM and ACLs, {@code false} for PLAINTEXT without authorisation
   */
  public boolean isSecure() {
    return secure;
  }

  /**
   * The Kafka client settings that authenticate as {@code principal} over SASL_SSL: {@code security.protocol},
   * {@code sasl.mechanism}, {@code sasl.jaas.config} and the truststore. The same settings as in
   * {@link #clientPropertiesFile(String)}. They hold no {@code bootstrap.servers}: add {@link #bootstrapServers()}.
   * The result holds a password: never log it.
   *
   * @param principal one of {@link #PRINCIPALS}
   * @return a fresh, mutable copy
   * @throws IllegalStateException    if this broker is not secure or not running
   * @throws IllegalArgumentException if the principal is not one of {@link #PRINCIPALS}
   */
  public synchronized Properties clientProperties(String principal) {
    return runningSecurity().clientProperties(principal);
  }

  /**
   * The file holding {@link #clientProperties(String)} of a principal, {@code <dataDir>/clients/<principal>.properties}
   * (owner-only), in Kafka's client properties format: usable as it is with {@code --command-config} of Kafka's tools.
   * It is rewritten on each start and has no {@code bootstrap.servers}, since the port may change between starts.
   * Clients built on librdkafka read a different set of keys; a comment in the file names them, with
   * {@link #certificateAuthorityPemFile()} as {@code ssl.ca.location}.
   *
   * @param principal one of {@link #PRINCIPALS}
   * @return the absolute path of the file
   * @throws IllegalStateException    if this broker is not secure or not running
   * @throws IllegalArgumentException if the principal is not one of {@link #PRINCIPALS}
   */
  public synchronized Path clientPropertiesFile(String principal) {
    return runningSecurity().clientPropertiesFile(principal);
  }

  /**
   * The Kafka client settings that authenticate as {@code principal} on the mutual TLS listener by its client
   * certificate: {@code security.protocol=SSL}, the principal's keystore and the truststore. The same settings as in
   * {@link #mutualTlsClientPropertiesFile(String)}. They hold no {@code bootstrap.servers}: add
   * {@link #mutualTlsBootstrapServers()}. The result holds passwords: never log it.
   *
   * @param principal one of {@link #PRINCIPALS}
   * @return a fresh, mutable copy
   * @throws IllegalStateException    if this broker has no mutual TLS listener or is not running
   * @throws IllegalArgumentException if the principal is not one of {@link #PRINCIPALS}
   */
  public synchronized Properties mutualTlsClientProperties(String principal) {
    return runningMutualTls().mutualTlsClientProperties(principal);
  }

  /**
   * The file holding {@link #mutualTlsClientProperties(String)} of a principal,
   * {@code <dataDir>/clients/<principal>-mtls.properties} (owner-only, like the keystore
   * {@code <dataDir>/clients/<principal>.p12} it names), usable as it is with {@code --command-config}. The keystore
   * is issued on the first start with mutual TLS and reused afterwards (issued again when it nears expiry); the file
   * is rewritten on each start and has no {@code bootstrap.servers}.
   *
   * @param principal one of {@link #PRINCIPALS}
   * @return the absolute path of the file
   * @throws IllegalStateException    if this broker has no mutual TLS listener or is not running
   * @throws IllegalArgumentException if the principal is not one of {@link #PRINCIPALS}
   */
  public synchronized Path mutualTlsClientPropertiesFile(String principal) {
    return runningMutualTls().mutualTlsClientPropertiesFile(principal);
  }

  /**
   * Tells whether this broker was built with {@link Builder#mutualTls()}.
   *
   * @return {@code true} if it has a mutual TLS listener besides the SASL_SSL one
   */
  public boolean isMutualTls() {
    return mutualTls;
  }

  /**
   * The certificate of the broker's CA in PEM, {@code <dataDir>/security/ca.pem}, for clients that do not read Java
   * truststores (librdkafka's {@code ssl.ca.location}, OpenSSL).
   *
   * @return the absolute path of the file
   * @throws IllegalStateException if this broker is not secure or not running
   */
  public synchronized Path certificateAuthorityPemFile() {
    return runningSecurity().caPemFile();
  }

  private BrokerSecurity runningSecurity() {
    if (!secure) {
      throw new IllegalStateException("The Kafka broker on data dir " + dataDir + " is not secured, so it has no "
          + "principals or client credentials; build it with secure() to get them");
    }
    port();
    return security;
  }

  private BrokerSecurity runningMutualTls() {
    if (!mutualTls) {
      throw new IllegalStateException("The Kafka broker on data dir " + dataDir + " has no mutual TLS listener; "
          + "build it with secure().mutualTls() to get one");
    }
    return runningSecurity();
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
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    if (secure) {
      props.putAll(security.serverProperties(brokerAddress, CONTROLLER_LISTENER, controllerAddress,
          ports.mutualTlsPort().stream().mapToObj(port -> BrokerPorts.LOOPBACK + ":" + port).findFirst()));
    } else {
      props.put("listeners", "PLAINTEXT://" + brokerAddress + "," + CONTROLLER_LISTENER + "://" + controllerAddress);
      props.put("advertised.listeners", "PLAINTEXT://" + brokerAddress);
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    }
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
    props.put(PRODUCER_ID_EXPIRATION, PRODUCER_ID_EXPIRATION_MS);
    props.putAll(extraProperties);
    return props;
  }

  /** The mutual TLS port of the previous start of this data directory, if one was recorded and is valid. */
  private OptionalInt recordedMutualTlsPort() {
    Path file = dataDir.resolve(MUTUAL_TLS_PORT_FILE);
    if (!Files.exists(file)) {
      return OptionalInt.empty();
    }
    try {
      int port = Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).strip());
      if (port > 0 && port <= 65_535) {
        return OptionalInt.of(port);
      }
      LOG.warn("Ignoring {}: {} is not a port; the mutual TLS listener takes a free one", file, port);
    } catch (IOException | NumberFormatException e) {
      LOG.warn("Ignoring {} ({}); the mutual TLS listener takes a free one", file, e.toString());
    }
    return OptionalInt.empty();
  }

  private void recordMutualTlsPort(int port) {
    Path file = dataDir.resolve(MUTUAL_TLS_PORT_FILE);
    try {
      OwnerOnlyFiles.createDirectories(dataDir);
      Files.writeString(file, port + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not record the mutual TLS port in " + file
          + "; check that the data dir is writable", e);
    }
  }

  /** Writes the configuration owner-only: in secure mode it holds the passwords of the stores and the super user. */
  private Map<String, String> writeServerProperties(Map<String, String> props) {
    Properties file = new Properties();
    file.putAll(props);
    Path target = dataDir.resolve(SERVER_PROPERTIES_FILE);
    try {
      OwnerOnlyFiles.createDirectories(logDir());
      OwnerOnlyFiles.write(target, out -> file.store(out, "Written by " + EmbeddedKafkaBroker.class.getName()
          + " on each start"));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the Kafka broker configuration " + target
          + "; check that the data dir is writable", e);
    }
    return props;
  }

  private void startServer() {
    refuseTheOtherMode();
    ports = BrokerPorts.reserve(requestedPort, mutualTls, requestedMutualTlsPort,
        mutualTls ? recordedMutualTlsPort() : OptionalInt.empty());
    ports.mutualTlsPort().ifPresent(this::recordMutualTlsPort);
    if (secure) {
      security = BrokerSecurity.prepare(dataDir, extraCertificateHostnames, ports.mutualTlsPort(), Instant.now());
    }
    KafkaConfig config = kafkaConfig(writeServerProperties(serverProperties()));
    KRaftStorage.formatIfNeeded(NODE_ID, CONTROLLER_LISTENER, logDir(),
        secure ? security.scramArguments() : List.of());
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
   * SCRAM users can only be created when formatting, and a secured data dir must never be served without
   * authentication, so a data dir keeps the mode it was first started in.
   */
  private void refuseTheOtherMode() {
    if (secure && KRaftStorage.isFormatted(logDir()) && !BrokerSecurity.isSecured(dataDir)) {
      throw new IllegalStateException("The Kafka data dir " + dataDir + " was formatted without security, so it "
          + "has no SCRAM users and cannot be started secure; start it without secure() (--secure), or use a "
          + "fresh data dir for a secured broker.");
    }
    if (!secure && BrokerSecurity.isSecured(dataDir)) {
      throw new IllegalStateException("The Kafka data dir " + dataDir + " belongs to a secured broker (it has "
          + dataDir.resolve(SECURITY_DIR_NAME) + "); start it with secure() (--secure), or use a fresh data dir "
          + "for a broker without security.");
    }
  }

  /**
   * Makes the transaction coordinator ready before clients arrive: the first transactional producer on a fresh
   * broker creates and loads {@code __transaction_state}, and while that happens the broker answers its first
   * transactional writes with retriable errors (logged as ERROR by the broker). Initialising one throwaway
   * transactional producer here waits for exactly that condition.
   */
  private void awaitTransactionCoordinator() {
    Map<String, Object> config = readinessCredentials();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "embedded-kafka-broker-readiness");
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-broker-readiness");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) STARTUP_TIMEOUT.toMillis());
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
    Map<String, Object> config = readinessCredentials();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-broker-readiness");
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return config;
  }

  /** The readiness checks authenticate as the super user in secure mode: they must pass whatever the ACLs. */
  private Map<String, Object> readinessCredentials() {
    Map<String, Object> config = new HashMap<>();
    if (secure) {
      security.clientProperties(SUPER_USER).forEach((key, value) -> config.put((String) key, value));
    }
    return config;
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

  private Path logDir() {
    return dataDir.resolve(LOG_DIR_NAME);
  }

  /** Describes an {@link EmbeddedKafkaBroker}: where it keeps its data, its port, and extra broker settings. */
  public static final class Builder {

    private Path dataDir;
    private int port;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private boolean secure;
    private boolean mutualTls;
    private int mutualTlsPort;
    private final Set<String> extraCertificateHostnames = new LinkedHashSet<>();

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
     * Secures the broker: SASL_SSL with SCRAM-SHA-512 for clients, a TLS controller listener that demands the
     * broker's own certificate, ACLs enforced with {@link #SUPER_USER} as the only super user, and one client
     * properties file per principal. See "Secure mode" in {@link EmbeddedKafkaBroker}. The security material is
     * created in the data directory on first start and reused on every later start.
     *
     * <p>This is a single switch, not a set of options, on purpose: every knob (a PLAINTEXT side door, optional
     * client authentication, a second mechanism) would be a way to weaken it, and the on-disk state already fixes
     * everything else. Use {@link #extraCertificateHostnames(String...)} when clients reach the broker by another
     * name than {@code localhost} or {@code 127.0.0.1}, and {@link #mutualTls()} for clients that authenticate with a
     * certificate instead of a password.
     *
     * @return this builder
     */
    public Builder secure() {
      this.secure = true;
      return this;
    }

    /**
     * Adds to a {@link #secure()} broker a second client listener, {@code SSL} on its own loopback port, that
     * authenticates clients by a certificate of the broker's CA instead of SCRAM: a client without one cannot
     * connect ({@code ssl.client.auth=required}). The subject {@code CN=<principal>} maps to
     * {@code User:<principal>}, so the ACLs are those of the SASL_SSL listener; only the certificate issued for
     * {@link #SUPER_USER} is the super user, and the broker's own certificate is nobody there. Each of
     * {@link #PRINCIPALS} gets a keystore and a properties file in {@code <dataDir>/clients}, see
     * {@link EmbeddedKafkaBroker#mutualTlsClientPropertiesFile(String)}. Everything of plain secure mode stays as it
     * is; a data directory may be started with or without this option.
     *
     * @return this builder
     */
    public Builder mutualTls() {
      this.mutualTls = true;
      return this;
    }

    /**
     * Listens for {@link #mutualTls()} clients on {@code port} of {@code 127.0.0.1}. Without it (or with 0), the
     * port of the previous start of the same data directory ({@link #MUTUAL_TLS_PORT_FILE}) if it is free, else a
     * free one: clients configured with the mutual TLS address keep working across restarts.
     *
     * @param port the mutual TLS port, or 0 (the default) for the recorded one or a free one
     * @return this builder
     * @throws IllegalArgumentException if the port is outside 0..65535
     */
    public Builder mutualTlsPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("The mutual TLS port must be between 0 and 65535 (0 keeps the port of "
            + "the previous start, or picks a free one), but was " + port);
      }
      this.mutualTlsPort = port;
      return this;
    }

    /**
     * Adds DNS names to the broker certificate of a {@link #secure()} broker, besides {@code localhost} and IP
     * {@code 127.0.0.1}; e.g. the service name under which containers of a compose file reach it. When the names
     * change, the next start issues a new broker certificate from the same CA, so clients keep trusting it.
     *
     * @param hostnames DNS names such as {@code kafka} or {@code broker.feedback360.internal}
     * @return this builder
     * @throws IllegalArgumentException if a name is not a valid DNS host name
     */
    public Builder extraCertificateHostnames(String... hostnames) {
      for (String hostname : hostnames) {
        Objects.requireNonNull(hostname, "hostname");
        if (!DNS_NAME.matcher(hostname).matches()) {
          throw new IllegalArgumentException("'" + hostname + "' is not a DNS host name for the broker certificate; "
              + "use letters, digits, '-' and '.', e.g. kafka or broker.example.internal");
        }
        extraCertificateHostnames.add(hostname.toLowerCase(Locale.ROOT));
      }
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
     * @throws IllegalArgumentException if a {@link #secure()} broker was given a broker property that secure mode
     *                                  sets itself (listener, SASL, TLS and authorizer settings)
     * @throws IllegalStateException    if extra certificate host names or {@link #mutualTls()} were given without
     *                                  {@link #secure()}
     * @throws UncheckedIOException     if the temporary data directory cannot be created
     */
    public EmbeddedKafkaBroker build() {
      if (secure) {
        for (String key : brokerProperties.keySet()) {
          if (BrokerSecurity.manages(key)) {
            throw new IllegalArgumentException("The broker property '" + key + "' is set by secure() and cannot "
                + "be overridden; remove it from the broker properties");
          }
        }
      } else if (!extraCertificateHostnames.isEmpty()) {
        throw new IllegalStateException("extraCertificateHostnames(" + extraCertificateHostnames + ") only applies "
            + "to a secured broker; call secure() as well, or drop the host names");
      } else if (mutualTls || mutualTlsPort != 0) {
        throw new IllegalStateException("mutualTls() only applies to a secured broker, whose CA issues the client "
            + "certificates; call secure() as well");
      }
      if (mutualTlsPort != 0 && !mutualTls) {
        throw new IllegalStateException("mutualTlsPort(" + mutualTlsPort + ") only applies with mutualTls(); call "
            + "it as well, or drop the port");
      }
      if (dataDir != null) {
        return new EmbeddedKafkaBroker(this, dataDir.toAbsolutePath(), false);
      }
      return new EmbeddedKafkaBroker(this, createTempDataDir(), true);
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
