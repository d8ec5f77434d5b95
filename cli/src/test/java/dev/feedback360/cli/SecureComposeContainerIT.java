package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml with docker-compose.secure.yml, as the README runs them (the offline images, the app images
 * built from this build's jar): the secured stack scores the demo data, and from the host an analyst reads the
 * scores with its own client file, a PLAINTEXT client gets nowhere and ingest may not read the scores. No secret
 * appears in any container's log.
 *
 * <p>Needs Docker, the docker-compose binary, the Kafka image of {@link ContainerKafka} and the base image of the
 * app images (docker/offline.env); skipped without them, failed with {@value ContainerKafka#REQUIRE_ENV}=true.
 */
@ExtendWith(ContainerKafka.class)
class SecureComposeContainerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofMinutes(5);
  /** The demo is scored within 18 to 25 s in CI on an idle machine; beside a broker stress test, not in 3 minutes. */
  private static final Duration SCORING = Duration.ofMinutes(6);
  private static final String SECRETS_DIR = "/etc/feedback360/secrets";
  private static final List<String> PRINCIPALS = List.of("ingest", "streams", "dashboard", "analyst", "admin");
  private static final Pattern PASSWORD = Pattern.compile("password=\"([^\"]+)\"");
  // GeneratorSettings' defaults: 12 teams, 2 cycles.
  private static final int DEMO_TEAMS = 12;
  private static final int DEMO_CYCLES = 2;

  @TempDir
  static Path dir;

  private static Path root;
  private static String project;
  private static int hostPort;
  private static boolean started;

  @BeforeAll
  static void startTheSecuredStack() throws IOException, InterruptedException {
    root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("docker-compose.secure.yml")).as("the repository root, above cli/").isRegularFile();
    requireToolsAndBaseImage();
    project = "feedback360-secure-it-" + UUID.randomUUID().toString().substring(0, 8);
    hostPort = freePort();
    started = true;
    compose(STARTUP, "up", "-d", "--build");
    awaitDemoDataLoaded();
    for (String principal : PRINCIPALS) {
      copyOut(SECRETS_DIR + "/" + principal + "/client.properties", clientFile(principal));
    }
  }

  @AfterAll
  static void removeTheStack() throws IOException, InterruptedException {
    if (started) {
      compose(Duration.ofMinutes(2), "down", "-v", "--remove-orphans");
    }
  }

  @Test
  void shouldLetTheAnalystReadTheScoresOfEveryDemoTeamFromTheHost() throws InterruptedException {
    try {
      awaitEveryDemoTeamScored();
    } catch (ConditionTimeoutException e) {
      String logs;
      try {
        logs = compose(Duration.ofSeconds(60), "logs", "--no-color", "--tail", "60", "streams");
      } catch (IOException | RuntimeException logsFailed) {
        logs = "(not readable: " + logsFailed + ")";
      }
      throw new AssertionError(e.getMessage() + "\nThe streams service's last log lines:\n" + logs, e);
    }
  }

  private static void awaitEveryDemoTeamScored() {
    await().atMost(SCORING).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
      Cli.Run scores = Cli.run("scores", "--bootstrap-servers", bootstrap(), "--command-config",
          clientFile("analyst").toString(), "--timeout", "20");
      assertThat(scores.exitCode()).as(scores.err()).isZero();
      List<JsonNode> teams = new ArrayList<>();
      for (String line : scores.out().lines().toList()) {
        teams.add(JSON.readTree(line));
      }
      assertThat(teams).extracting(team -> team.get("cycleId").asText() + "/" + team.get("teamId").asText())
          .doesNotHaveDuplicates().hasSize(DEMO_TEAMS * DEMO_CYCLES);
      assertThat(teams.stream().map(team -> team.get("teamId").asText()).distinct()).hasSize(DEMO_TEAMS);
      assertThat(teams.stream().map(team -> team.get("cycleId").asText()).distinct()).hasSize(DEMO_CYCLES);
    });
  }

  @Test
  void shouldNotLetAPlaintextClientIn() {
    Cli.Run plaintext = Cli.run("scores", "--bootstrap-servers", bootstrap(), "--timeout", "5");

    assertThat(plaintext.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(plaintext.err()).contains(bootstrap());
  }

  @Test
  void shouldNotLetIngestReadTheScores() {
    Cli.Run ingestReading = Cli.run("scores", "--bootstrap-servers", bootstrap(), "--command-config",
        clientFile("ingest").toString(), "--timeout", "20");

    assertThat(ingestReading.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(ingestReading.err()).contains("Not authorized to access topics: [" + Topics.DEFAULT_SCORES + "]");
  }

  @Test
  void shouldKeepEveryPasswordOutOfTheContainersLogs() throws IOException, InterruptedException {
    String logs = compose(Duration.ofMinutes(1), "logs", "--no-color");

    assertThat(logs).contains("Applied", "created  team-scores");
    for (String principal : PRINCIPALS) {
      assertThat(logs).as("the log, for the password of " + principal).doesNotContain(password(principal));
    }
  }

  private static String bootstrap() {
    return "localhost:" + hostPort;
  }

  private static Path clientFile(String principal) {
    return dir.resolve(principal + ".properties");
  }

  private static String password(String principal) throws IOException {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(clientFile(principal))) {
      props.load(in);
    }
    Matcher matcher = PASSWORD.matcher(props.getProperty("sasl.jaas.config"));
    assertThat(matcher.find()).as("a password in the client file of " + principal).isTrue();
    return matcher.group(1);
  }

  /** Until the one-shot demo-data service has exited 0; fails at once if it exits otherwise. */
  private static void awaitDemoDataLoaded() {
    await().atMost(STARTUP).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
      String id = compose(Duration.ofSeconds(30), "ps", "-q", "demo-data").strip();
      assertThat(id).as("the demo-data container").isNotEmpty();
      String state = run(Duration.ofSeconds(30), "docker", "inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}",
          id).strip();
      if (state.startsWith("exited") && !state.equals("exited 0")) {
        throw new IllegalStateException("demo-data ended '" + state + "':\n"
            + compose(Duration.ofSeconds(30), "logs", "--no-color", "--tail", "40"));
      }
      assertThat(state).isEqualTo("exited 0");
    });
  }

  /** Copies a file out of the secrets-init container, which mounts every secrets volume. */
  private static void copyOut(String containerPath, Path target) throws IOException, InterruptedException {
    String id = compose(Duration.ofSeconds(30), "ps", "-q", "secrets-init").strip();
    run(Duration.ofSeconds(30), "docker", "cp", id + ":" + containerPath, target.toString());
  }

  private static String compose(Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker-compose", "--env-file", "docker/offline.env", "-f",
        "docker-compose.yml", "-f", "docker-compose.secure.yml"));
    command.addAll(List.of(args));
    return run(timeout, command.toArray(String[]::new));
  }

  /** Runs a command in the repository root with the stack's project, port and Kafka image; its output. */
  private static String run(Duration timeout, String... command) throws IOException, InterruptedException {
    Path output = Files.createTempFile(dir, "command", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    env.put("COMPOSE_PROJECT_NAME", project);
    env.put("KAFKA_HOST_PORT", Integer.toString(hostPort));
    env.put("KAFKA_IMAGE", ContainerKafka.imageName());
    env.remove("FEEDBACK360_KAFKA_CONFIG");
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
          + " s:\n" + Files.readString(output, StandardCharsets.UTF_8));
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n"
          + text);
    }
    return text;
  }

  /** docker-compose and the app images' base image, or a skip (a failure where containers are required). */
  private static void requireToolsAndBaseImage() throws IOException, InterruptedException {
    Properties offline = new Properties();
    try (Reader in = Files.newBufferedReader(root.resolve("docker/offline.env"))) {
      offline.load(in);
    }
    String baseImage = offline.getProperty("FEEDBACK360_JRE_IMAGE");
    String missing = null;
    try {
      new ProcessBuilder("docker-compose", "version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      missing = "the docker-compose binary is not on the PATH (apt-get install -y docker-compose)";
    }
    if (missing == null && new ProcessBuilder("docker", "image", "inspect", baseImage)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() != 0) {
      missing = "the app images' base image " + baseImage + " is missing (docker/build-offline-images.sh jre)";
    }
    if (missing != null && "true".equals(String.valueOf(System.getenv(ContainerKafka.REQUIRE_ENV))
        .toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException("Container tests are required here but cannot run: " + missing);
    }
    Assumptions.assumeTrue(missing == null, missing);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port for Kafka's host listener", e);
    }
  }
}
