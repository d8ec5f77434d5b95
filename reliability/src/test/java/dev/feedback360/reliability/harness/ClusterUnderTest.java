package dev.feedback360.reliability.harness;

import static org.awaitility.Awaitility.await;

import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three-broker cluster of {@code docker-compose.cluster.yml} (its brokers and its token-init, as an operator
 * starts them) and the streams app instances of a scenario, each a container of the app image built from this
 * build's jar, started with the settings of the compose file's streams services (replication factor 3, one standby,
 * the shared tokens file, the session timeout) and a scenario's own application id and topics. {@link #close()}
 * removes every container and volume it made.
 */
public final class ClusterUnderTest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterUnderTest.class);
  public static final String COMPOSE_FILE = "docker-compose.cluster.yml";
  /** The Kafka image: docker/offline.env's KAFKA_IMAGE in CI. */
  public static final String KAFKA_IMAGE_ENV = "FEEDBACK360_KAFKA_IMAGE";
  /** With true, a cluster that cannot run here fails the tests instead of skipping them (CI). */
  public static final String REQUIRE_ENV = "FEEDBACK360_REQUIRE_CONTAINERS";
  private static final String STREAMS_IMAGE = "feedback360/streams:reliability-it";
  private static final String PRODUCER_IMAGE = "feedback360/producer:reliability-it";
  private static final String INTERNAL_BOOTSTRAP = "kafka-1:29092,kafka-2:29092,kafka-3:29092";
  private static final Duration STARTUP = Duration.ofMinutes(6);
  private static final Duration COMMAND = Duration.ofMinutes(2);
  private static final String TOKENS_DIR = "/etc/feedback360/dashboard";

  private final Path root;
  private final Path workDir;
  private final String project;
  private final int[] brokerPorts = new int[3];
  private final Docker docker;
  private final Map<String, String> containers = new LinkedHashMap<>();
  private String token;

  private ClusterUnderTest(Path root, Path workDir, String kafkaImage, String jreImage) {
    this.root = root;
    this.workDir = workDir;
    this.project = "f360-failover-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>();
    env.put("COMPOSE_PROJECT_NAME", project);
    for (int i = 0; i < 3; i++) {
      brokerPorts[i] = freePort();
      env.put("KAFKA_" + (i + 1) + "_HOST_PORT", Integer.toString(brokerPorts[i]));
    }
    env.put("STREAMS_1_HTTP_PORT", Integer.toString(freePort()));
    env.put("STREAMS_2_HTTP_PORT", Integer.toString(freePort()));
    env.put("KAFKA_IMAGE", kafkaImage);
    env.put("FEEDBACK360_JRE_IMAGE", jreImage);
    env.put("FEEDBACK360_STREAMS_IMAGE", STREAMS_IMAGE);
    env.put("FEEDBACK360_PRODUCER_IMAGE", PRODUCER_IMAGE);
    this.docker = new Docker(root, env);
  }

  /**
   * Why the cluster cannot run here (no engine, no docker-compose, an image missing), or null when it can.
   *
   * @param root the repository root
   */
  public static String whyUnavailable(Path root) {
    String kafkaImage = System.getenv(KAFKA_IMAGE_ENV);
    if (kafkaImage == null || kafkaImage.isBlank()) {
      return KAFKA_IMAGE_ENV + " is not set (the Kafka image, e.g. feedback360/kafka:<version> of "
          + "docker/build-offline-images.sh)";
    }
    if (!Docker.engineAnswers()) {
      return "no Docker engine answers (docker info)";
    }
    if (!Docker.composePresent()) {
      return "the docker-compose binary is not on the PATH (apt-get install -y docker-compose)";
    }
    if (!Docker.imagePresent(kafkaImage)) {
      return "the Kafka image " + kafkaImage + " is missing (docker/build-offline-images.sh kafka)";
    }
    if (!Docker.imagePresent(jreImage(root))) {
      return "the app images' base image " + jreImage(root) + " is missing (docker/build-offline-images.sh jre)";
    }
    if (!Files.isRegularFile(root.resolve("cli/target/feedback360.jar"))) {
      return "cli/target/feedback360.jar is missing (./mvnw -pl reliability -am verify packages it)";
    }
    return null;
  }

  /** Builds the app images from this build's jar and starts the brokers and token-init; waits until healthy. */
  public static ClusterUnderTest start(Path root, Path workDir) {
    ClusterUnderTest cluster = new ClusterUnderTest(root, workDir, System.getenv(KAFKA_IMAGE_ENV).trim(),
        jreImage(root));
    try {
      cluster.buildImages();
      cluster.compose(STARTUP, "up", "-d", "kafka-1", "kafka-2", "kafka-3", "token-init");
      for (int broker = 1; broker <= 3; broker++) {
        cluster.awaitBrokerHealthy(broker, STARTUP);
      }
      cluster.awaitTokenInit();
      return cluster;
    } catch (RuntimeException e) {
      try {
        cluster.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static String jreImage(Path root) {
    Properties offline = new Properties();
    try (Reader in = Files.newBufferedReader(root.resolve("docker/offline.env"))) {
      offline.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read docker/offline.env in " + root, e);
    }
    return System.getenv().getOrDefault("FEEDBACK360_JRE_IMAGE", offline.getProperty("FEEDBACK360_JRE_IMAGE"));
  }

  private void buildImages() {
    for (String target : List.of("streams", "producer")) {
      docker.docker(Duration.ofMinutes(5), "build", "-q", "--build-arg", "BASE_IMAGE=" + jreImage(root),
          "--target", target, "-f", "docker/app/Dockerfile", "-t",
          target.equals("streams") ? STREAMS_IMAGE : PRODUCER_IMAGE, ".");
    }
  }

  /** Bootstrap servers of the three brokers' host listeners. */
  public String bootstrapServers() {
    return "localhost:" + brokerPorts[0] + ",localhost:" + brokerPorts[1] + ",localhost:" + brokerPorts[2];
  }

  /** The token of token-init's operator.token: reads every team on either dashboard. */
  public String dashboardToken() {
    return token;
  }

  /** The container of broker {@code id} (1 to 3). */
  public String brokerContainer(int id) {
    return compose(COMMAND, "ps", "-q", "kafka-" + id).strip();
  }

  /** {@code docker kill} (SIGKILL) of broker {@code id}. */
  public void killBroker(int id) {
    docker.docker(COMMAND, "kill", brokerContainer(id));
  }

  /** {@code docker stop} (SIGTERM, a controlled shutdown) of broker {@code id}. */
  public void stopBroker(int id) {
    docker.docker(COMMAND, "stop", "-t", "60", brokerContainer(id));
  }

  /** {@code docker start} of broker {@code id}, on its data volume. */
  public void startBroker(int id) {
    docker.docker(COMMAND, "start", brokerContainer(id));
  }

  /** Waits until broker {@code id}'s healthcheck passes. */
  public void awaitBrokerHealthy(int id, Duration timeout) {
    String container = brokerContainer(id);
    try {
      await("broker kafka-" + id + " to be healthy").atMost(timeout).pollInterval(Duration.ofSeconds(1))
          .until(() -> docker.docker(COMMAND, "inspect", "-f", "{{.State.Health.Status}}", container).strip()
              .equals("healthy"));
    } catch (ConditionTimeoutException e) {
      // Say why: the healthcheck's last results (a check that timed out under load, or a broker that did not start).
      throw new AssertionError("Broker kafka-" + id + " was not healthy within " + timeout.toSeconds()
          + " s; its healthcheck's last results: "
          + docker.docker(COMMAND, "inspect", "-f", "{{json .State.Health.Log}}", container).strip()
          + "\nits log's last lines:\n" + tail(docker.docker(COMMAND, "logs", container), 20), e);
    }
  }

  /** Waits until every partition of every topic has all its replicas in sync (a broker back has caught up). */
  public void awaitFullIsr(Admin admin, Duration timeout) {
    await("every partition to have its 3 replicas in sync").atMost(timeout).pollInterval(Duration.ofSeconds(1))
        .until(() -> underReplicated(admin).isEmpty());
  }

  /** Partitions whose in-sync replicas are fewer than their replicas. */
  public static List<String> underReplicated(Admin admin) throws Exception {
    List<String> under = new ArrayList<>();
    var names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names()
        .get(30, TimeUnit.SECONDS);
    for (TopicDescription topic : admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
      for (TopicPartitionInfo partition : topic.partitions()) {
        if (partition.isr().size() < partition.replicas().size()) {
          under.add(topic.name() + "-" + partition.partition());
        }
      }
    }
    return under;
  }

  /**
   * Starts an instance of the app as a container called {@code <project>-<name>}: the settings of the compose file's
   * streams services, with the scenario's application id and topics, k = 1 (every answer counted, as the verifier's
   * model wants), its dashboard on a free host port.
   */
  public AppInstance startApp(String name, String applicationId, Topics topics, int partitions) {
    String container = project + "-" + name;
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", container, "--hostname", container,
        "--network", network(), "-p", "127.0.0.1::8080",
        "-e", "FEEDBACK360_JAVA_OPTS=-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
        "-e", "FEEDBACK360_LOG_LEVEL=INFO",
        "-v", project + "_dashboard-tokens:" + TOKENS_DIR + ":ro",
        STREAMS_IMAGE, "streams",
        "--bootstrap-servers", INTERNAL_BOOTSTRAP,
        "--application-id", applicationId,
        "--state-dir", "/var/lib/feedback360/streams",
        "--min-raters", "1", "--unsafe-allow-min-raters-below-3",
        "--partitions", Integer.toString(partitions), "--replication-factor", "3", "--standby-replicas", "1",
        "--responses-topic", topics.responses(), "--scores-topic", topics.scores(),
        "--scores-json-topic", topics.scoresJson(), "--dlq-topic", topics.deadLetters(),
        "--http-host", "0.0.0.0", "--http-port", "8080", "--advertised-host", container,
        "--http-allowed-host", "localhost", "--http-tokens", TOKENS_DIR + "/tokens",
        "--streams-property", "consumer.session.timeout.ms=10000",
        "--streams-property", "consumer.heartbeat.interval.ms=3000"));
    docker.docker(COMMAND, args.toArray(String[]::new));
    containers.put(name, container);
    String port = docker.docker(COMMAND, "port", container, "8080/tcp").lines().findFirst().orElseThrow().strip();
    return new AppInstance(name, container, "http://localhost:" + port.substring(port.lastIndexOf(':') + 1));
  }

  /** An app container and where its dashboard answers from the host. */
  public record AppInstance(String name, String container, String dashboard) {}

  /** True once the instance logged that Kafka Streams is RUNNING. */
  public boolean isRunning(AppInstance app) {
    return logs(app).contains("-> RUNNING");
  }

  /** Waits until each instance has logged RUNNING; fails at once if one exited. */
  public void awaitRunning(Duration timeout, AppInstance... apps) {
    await("app instances to be RUNNING").atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
      for (AppInstance app : apps) {
        String state = docker.docker(COMMAND, "inspect", "-f", "{{.State.Status}}", app.container()).strip();
        if (!state.equals("running")) {
          throw new IllegalStateException("App instance " + app.container() + " is " + state + ":\n"
              + tail(logs(app), 40));
        }
      }
      for (AppInstance app : apps) {
        if (!isRunning(app)) {
          return false;
        }
      }
      return true;
    });
  }

  public String logs(AppInstance app) {
    return docker.docker(COMMAND, "logs", app.container());
  }

  /** {@code docker kill} of an app instance (SIGKILL: no commit, no leave-group). */
  public void killApp(AppInstance app) {
    docker.docker(COMMAND, "kill", app.container());
  }

  /** {@code docker stop} of an app instance (SIGTERM: commit, leave the group, close). */
  public void stopApp(AppInstance app) {
    docker.docker(COMMAND, "stop", "-t", "60", app.container());
  }

  /** {@code docker stop} of several instances at once (a no-op for one already stopped). */
  public void stopApps(AppInstance... apps) {
    List<String> args = new ArrayList<>(List.of("stop", "-t", "60"));
    for (AppInstance app : apps) {
      args.add(app.container());
    }
    docker.docker(COMMAND, args.toArray(String[]::new));
  }

  /** Cuts the instance off the cluster's network (the brokers and the other instance). */
  public void disconnect(AppInstance app) {
    docker.docker(COMMAND, "network", "disconnect", network(), app.container());
  }

  /** Connects the instance to the cluster's network again. */
  public void reconnect(AppInstance app) {
    docker.docker(COMMAND, "network", "connect", network(), app.container());
  }

  private String network() {
    return project + "_default";
  }

  private void awaitTokenInit() {
    await("token-init to write the tokens file").atMost(STARTUP).pollInterval(Duration.ofSeconds(1)).until(() -> {
      String id = compose(COMMAND, "ps", "-q", "token-init").strip();
      String state = docker.docker(COMMAND, "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", id).strip();
      if (state.startsWith("exited") && !state.equals("exited 0")) {
        throw new IllegalStateException("token-init ended '" + state + "':\n" + docker.docker(COMMAND, "logs", id));
      }
      return state.equals("exited 0");
    });
    token = docker.docker(COMMAND, "run", "--rm", "--entrypoint", "cat", "-v",
        project + "_dashboard-tokens:/var/lib/feedback360:ro", PRODUCER_IMAGE, "/var/lib/feedback360/operator.token")
        .strip();
  }

  private String compose(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("docker-compose", "-f", COMPOSE_FILE));
    command.addAll(List.of(args));
    return docker.run(timeout, command);
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }

  /** Keeps the app containers' and brokers' logs in the work directory, then removes containers and volumes. */
  @Override
  public void close() {
    RuntimeException failure = null;
    try {
      Files.createDirectories(workDir);
      for (String container : containers.values()) {
        try {
          Files.writeString(workDir.resolve(container + ".log"), docker.docker(COMMAND, "logs", container),
              StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
          LOG.warn("Could not keep the log of {}: {}", container, e.getMessage());
        }
      }
      Files.writeString(workDir.resolve(project + "-brokers.log"),
          compose(COMMAND, "logs", "--no-color", "--tail", "300", "kafka-1", "kafka-2", "kafka-3"),
          StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not keep the cluster's logs in {}: {}", workDir, e.getMessage());
    }
    for (String container : containers.values()) {
      try {
        docker.docker(COMMAND, "rm", "-f", "-v", container);
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    try {
      compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans");
    } catch (RuntimeException e) {
      if (failure != null) {
        e.addSuppressed(failure);
      }
      failure = e;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
