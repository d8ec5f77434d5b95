package dev.feedback360.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.producer.pseudonym.RaterPseudonymiser;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client in another language, written from docs/wire-format.md only: examples/python, run by Debian's
 * {@code /usr/bin/python3} (python3-confluent-kafka, python3-avro) against a real in-process broker and the streams
 * app. Its records share keys with records {@code produce} wrote, so a wrong pseudonym, key encoding or partition
 * shows as a rater counted twice or a dead letter. Skipped, with the reason, when that Python cannot import its
 * packages, unless {@code FEEDBACK360_REQUIRE_PYTHON=true} (CI), which makes that a failure.
 */
class PythonClientIT {

  private static final String PYTHON = "/usr/bin/python3";
  private static final String REQUIRE_ENV = "FEEDBACK360_REQUIRE_PYTHON";
  private static final String KEY = "a python client test key, 34 bytes";
  private static final String CYCLE = "2026-H2";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Topics TOPICS = Topics.defaults();

  private static Path repository;
  private static String pythonProblem;

  @TempDir
  Path dir;

  private EmbeddedKafkaBroker broker;
  private TeamScoresApp app;
  private String applicationId;

  @BeforeAll
  static void checkPython() throws Exception {
    repository = findRepository();
    pythonProblem = pythonProblem();
  }

  /** Skips each test, so that the report shows the reason, or fails it where the test must run. */
  @BeforeEach
  void requirePython() {
    if (pythonProblem == null) {
      return;
    }
    String message = pythonProblem + "; install them with: apt-get install -y python3-confluent-kafka python3-avro";
    if ("true".equals(System.getenv(REQUIRE_ENV))) {
      fail(message + " (" + REQUIRE_ENV + "=true: the Python client test must run)");
    }
    Assumptions.abort("Python client test skipped: " + message);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldPassThePythonClientsOwnChecksOfTheWorkedExample() throws Exception {
    PythonRun run = python(List.of("-m", "unittest", "discover", "-s", "examples/python", "-v"), "");

    assertThat(run.exitCode()).as(run.describe()).isZero();
    assertThat(run.err()).contains("OK").doesNotContain("skipped");
  }

  @Test
  void shouldCountThePythonClientsResponseCorrectionsAndWithdrawalInsteadOfNextToTheCliOnes() throws Exception {
    Path key = startPipelineWithTheWorkedExample();
    // P5 is new; P2 corrects r-02 and S1 corrects the self-rating r-07, both sent by produce; D2's r-06 is withdrawn.
    Path input = Files.writeString(dir.resolve("from-python.jsonl"), String.join("\n",
        response("r-py-1", "S2", "P5", "PEER", "2026-10-01T10:00:00Z", "\"CHANGE_L1\":4,\"CHANGE_M1\":2"),
        response("r-py-2", "S1", "P2", "PEER", "2026-10-01T10:00:01Z", "\"CHANGE_L1\":2,\"CHANGE_M1\":4"),
        response("r-py-3", "S1", "S1", "SELF", "2026-10-01T10:00:02Z", "\"CHANGE_L1\":3,\"CHANGE_M1\":3")) + "\n");

    PythonRun send = client(List.of("send", "--input", input.toString(), "--instrument", instrument().toString(),
        "--rater-key-file", key.toString()), "");
    PythonRun withdraw = client(List.of("withdraw", "--cycle", CYCLE, "--subject", "S2", "--rater", "-",
        "--rater-key-file", key.toString()), "D2\n");

    assertThat(send.exitCode()).as(send.describe()).isZero();
    assertThat(send.out()).startsWith("3 responses sent to survey-responses");
    assertThat(withdraw.exitCode()).as(withdraw.describe()).isZero();
    // By hand: T1 had SELF S1, MANAGER M1, PEER P1 P2 P3 (P4's row rejected), DIRECT_REPORT D1 D2. Now P5 joins,
    // P2 and S1 are replaced, D2 leaves. A pseudonym other than produce's would count P2 or S1 twice (PEER 5,
    // SELF 2) and leave D2 counted (DIRECT_REPORT 2).
    List<JsonNode> cliScores = awaitCliScores(
        "{\"SELF\":1,\"MANAGER\":1,\"PEER\":4,\"DIRECT_REPORT\":1,\"OTHER\":0}");
    // r-00 is an older re-send of r-01, r-02 and r-07 are corrected, r-06 is withdrawn, r-08 was rejected
    assertThat(countedResponseIds()).containsExactlyInAnyOrder("r-01", "r-03", "r-04", "r-05", "r-09", "r-py-1",
        "r-py-2", "r-py-3");
    assertThat(deadLetters()).as("records of the Python client that the streams app refused").isEmpty();

    PythonRun scores = client(List.of("scores", "--cycle", CYCLE), "");

    assertThat(scores.exitCode()).as(scores.describe()).isZero();
    assertThat(parseLines(scores.out())).isEqualTo(cliScores);
  }

  @Test
  void shouldDeadLetterACorrectionThatLibrdkafkasDefaultPartitionerPutOnAnotherPartition() throws Exception {
    Path key = startPipelineWithTheWorkedExample();
    List<JsonNode> before = awaitCliScores("{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}");
    int partitions = responsesPartitions();
    assertThat(partitions).as("partitions of " + TOPICS.responses()).isGreaterThan(1);
    Misplaced target = misplacedRaterOf(partitions);

    Path input = Files.writeString(dir.resolve("misplaced.jsonl"), response("r-crc-1", target.subject(),
        target.rater(), target.group(), "2026-10-01T11:00:00Z", "\"CHANGE_L1\":1,\"CHANGE_M1\":5") + "\n");
    Path script = repository.resolve("cli/src/test/python/send_with_librdkafka_default_partitioner.py");
    PythonRun send = python(List.of(script.toString(), broker.bootstrapServers(), key.toString(),
        instrument().toString(), input.toString()), "");

    assertThat(send.exitCode()).as(send.describe()).isZero();
    assertThat(JSON.readTree(send.out()).get("partitions").toString())
        .as("librdkafka's consistent_random partition of the key (CRC32), not murmur2's " + target.murmur2())
        .isEqualTo("[" + target.crc32() + "]");
    List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      deadLetters.clear();
      deadLetters.addAll(deadLetters());
      assertThat(deadLetters).as("dead letters on " + TOPICS.deadLetters()).isNotEmpty();
    });
    assertThat(deadLetters).hasSize(1);
    ConsumerRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
    assertThat(deadLetter.key()).isEqualTo(target.keyBytes());
    assertThat(header(deadLetter, "__streams.errors.message")).contains("partitioner=murmur2_random");
    assertThat(header(deadLetter, "__streams.errors.partition")).isEqualTo(Integer.toString(target.crc32()));
    CaughtUp.waitFor(broker.bootstrapServers(), applicationId, TIMEOUT);
    assertThat(cliScores()).as("scores after the misplaced correction").isEqualTo(before);
  }

  @Test
  void shouldSendAndReadAsTheSecuredBrokersPrincipalsWithTheirClientFiles() throws Exception {
    // Review 111: the client had no way to a secured broker, and its consumer group was none the principal that may
    // read team-scores may use. librdkafka 2.0 (Debian 12) cannot log in with SCRAM (docs/security.md): mutual TLS.
    broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("broker")).secure().mutualTls().build().start();
    SecuredPipeline.prepare(broker, TOPICS, new TopicSettings(2, (short) 1));
    Path key = Files.writeString(dir.resolve("rater.key"), KEY + "\n");
    Path input = Files.writeString(dir.resolve("secured.jsonl"), String.join("\n",
        response("r-s-1", "S1", "P1", "PEER", "2026-10-01T10:00:00Z", "\"CHANGE_L1\":4,\"CHANGE_M1\":2"),
        response("r-s-2", "S1", "P2", "PEER", "2026-10-01T10:00:01Z", "\"CHANGE_L1\":2,\"CHANGE_M1\":4"),
        response("r-s-3", "S1", "P3", "PEER", "2026-10-01T10:00:02Z", "\"CHANGE_L1\":3,\"CHANGE_M1\":3")) + "\n");

    PythonRun send = securedClient("ingest", List.of("send", "--input", input.toString(), "--instrument",
        instrument().toString(), "--rater-key-file", key.toString()));
    assertThat(send.exitCode()).as(send.describe()).isZero();
    assertThat(send.out()).startsWith("3 responses sent to survey-responses");
    Properties streams = broker.mutualTlsClientProperties("streams");
    Map<String, String> client = new TreeMap<>();
    streams.stringPropertyNames().forEach(name -> client.put(name, streams.getProperty(name)));
    app = TeamScoresApp.start(new StreamsSettings(new KafkaConnection(broker.mutualTlsBootstrapServers(), client),
        StreamsSettings.DEFAULT_APPLICATION_ID, dir.resolve("state"), TOPICS, new TopicSettings(2, (short) 1),
        ScoringConfig.defaults(), Map.of()));

    await().atMost(TIMEOUT).untilAsserted(() -> {
      PythonRun scores = securedClient("analyst", List.of("scores", "--cycle", CYCLE, "--timeout", "20"));
      assertThat(scores.exitCode()).as(scores.describe()).isZero();
      assertThat(parseLines(scores.out())).singleElement().satisfies(team -> {
        assertThat(team.get("raters").toString())
            .isEqualTo("{\"SELF\":0,\"MANAGER\":0,\"PEER\":3,\"DIRECT_REPORT\":0,\"OTHER\":0}");
        assertThat(team.at("/axes/CHANGE/leader/mean").asDouble()).isEqualTo(3.0);
      });
    });
    PythonRun ingestReading = securedClient("ingest", List.of("scores", "--timeout", "20"));
    assertThat(ingestReading.exitCode()).as("ingest may not read the scores").isNotZero();
  }

  /** The example client as {@code principal}, with the client file the secured broker wrote for it. */
  private PythonRun securedClient(String principal, List<String> arguments) throws Exception {
    return client(List.of("--bootstrap-servers", broker.mutualTlsBootstrapServers(), "--command-config",
        broker.mutualTlsClientPropertiesFile(principal).toString(), "--ca-location",
        broker.certificateAuthorityPemFile().toString()), arguments, "");
  }

  // --- the pipeline ---------------------------------------------------------------------------------------------

  /** Broker, {@code produce} of the worked example of docs/scoring.md, the streams app; returns the key file. */
  private Path startPipelineWithTheWorkedExample() throws IOException {
    broker = EmbeddedKafkaBroker.builder().build().start();
    Path key = Files.writeString(dir.resolve("rater.key"), KEY + "\n");
    Path csv = WorkedExampleCsv.writeTo(dir.resolve("worked-example.csv"));
    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", broker.bootstrapServers(), "--input",
        csv.toString(), "--rater-key-file", key.toString());
    assertThat(produce.exitCode()).as(produce.err()).isEqualTo(2);
    assertThat(produce.out()).contains("10 rows read: 9 sent, 1 rejected");
    applicationId = "python-it-" + UUID.randomUUID();
    app = TeamScoresApp.start(new StreamsSettings(broker.bootstrapServers(), applicationId, dir.resolve("state"),
        TOPICS, TopicSettings.defaults(), ScoringConfig.defaults(), Map.of()));
    return key;
  }

  private List<JsonNode> awaitCliScores(String t1Raters) throws InterruptedException {
    CaughtUp.waitFor(broker.bootstrapServers(), applicationId, TIMEOUT);
    List<JsonNode> scores = new ArrayList<>();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      scores.clear();
      scores.addAll(cliScores());
      assertThat(scores).extracting(team -> team.get("teamId").asText()).containsExactly("T1", "T2");
      assertThat(scores.get(0).get("raters").toString()).isEqualTo(t1Raters);
    });
    return scores;
  }

  private List<JsonNode> cliScores() throws IOException {
    Cli.Run scores = Cli.run("scores", "--bootstrap-servers", broker.bootstrapServers(), "--cycle", CYCLE,
        "--format", "jsonl");
    assertThat(scores.exitCode()).as(scores.err()).isZero();
    return parseLines(scores.out());
  }

  private List<String> countedResponseIds() throws IOException {
    Path export = dir.resolve("counted.jsonl");
    Cli.Run run = Cli.run("export", "--bootstrap-servers", broker.bootstrapServers(), "--raw", "--output",
        export.toString(), "--format", "jsonl");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return parseLines(Files.readString(export)).stream().map(response -> response.get("response_id").asText())
        .toList();
  }

  private List<ConsumerRecord<byte[], byte[]>> deadLetters() {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    new TopicScan(broker.bootstrapServers(), TIMEOUT).scan(TOPICS.deadLetters(), records::add);
    return records;
  }

  private int responsesPartitions() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      return admin.describeTopics(Set.of(TOPICS.responses())).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(TOPICS.responses()).partitions().size();
    }
  }

  /**
   * A rater of the worked example whose key librdkafka's default partitioner (consistent_random: CRC32 of the key
   * bytes) puts on another partition than Kafka's murmur2 does.
   */
  private static Misplaced misplacedRaterOf(int partitions) {
    RaterPseudonymiser pseudonyms = RaterPseudonymiser.withKey(KEY.getBytes(UTF_8), "test key");
    List<String[]> written = List.of(new String[] {"P1", "S1", "PEER"}, new String[] {"P2", "S1", "PEER"},
        new String[] {"P3", "S2", "PEER"}, new String[] {"M1", "S1", "MANAGER"},
        new String[] {"D1", "S1", "DIRECT_REPORT"}, new String[] {"D2", "S2", "DIRECT_REPORT"});
    for (String[] rating : written) {
      byte[] keyBytes = AvroSerdes.responseKey()
          .encode(new ResponseKey(CYCLE, rating[1], pseudonyms.pseudonymise(rating[0], rating[1])));
      CRC32 crc = new CRC32();
      crc.update(keyBytes);
      int crc32 = (int) (crc.getValue() % partitions);
      int murmur2 = Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
      if (crc32 != murmur2) {
        return new Misplaced(rating[0], rating[1], rating[2], keyBytes, murmur2, crc32);
      }
    }
    throw new IllegalStateException("Every key of the worked example lands on the same partition under CRC32 and "
        + "murmur2 with " + partitions + " partitions; change KEY so that one does not");
  }

  private record Misplaced(String rater, String subject, String group, byte[] keyBytes, int murmur2, int crc32) {}

  // --- Python ---------------------------------------------------------------------------------------------------

  private record PythonRun(int exitCode, String out, String err) {
    String describe() {
      return "exit code " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  private PythonRun client(List<String> arguments, String stdin) throws Exception {
    return client(List.of("--bootstrap-servers", broker.bootstrapServers()), arguments, stdin);
  }

  /** The example client with its connection options (before the command), then the command's arguments. */
  private PythonRun client(List<String> connection, List<String> arguments, String stdin) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        repository.resolve("examples/python/feedback360_client.py").toString()));
    command.addAll(connection);
    command.addAll(arguments);
    return python(command, stdin);
  }

  private PythonRun python(List<String> arguments, String stdin) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON));
    command.addAll(arguments);
    Path out = Files.createTempFile(dir, "python", ".out");
    Path err = Files.createTempFile(dir, "python", ".err");
    Path in = Files.writeString(Files.createTempFile(dir, "python", ".in"), stdin);
    ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(in.toFile());
    builder.environment().put("PYTHONPATH", repository.resolve("examples/python").toString());
    builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds() + " s; stderr:\n"
          + Files.readString(err));
    }
    return new PythonRun(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Why {@value #PYTHON} cannot run the client, or null when it can. */
  private static String pythonProblem() throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return PYTHON + " is missing";
    }
    Process check = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka, avro.io").redirectErrorStream(true)
        .start();
    String output = new String(check.getInputStream().readAllBytes(), UTF_8).strip();
    if (!check.waitFor(60, TimeUnit.SECONDS)) {
      check.destroyForcibly();
      return PYTHON + " did not answer within 60 s";
    }
    return check.exitValue() == 0 ? null
        : PYTHON + " cannot import confluent_kafka and avro (" + lastLine(output) + ")";
  }

  // --- small helpers --------------------------------------------------------------------------------------------

  private static Path instrument() {
    return repository.resolve("producer/src/main/resources/dev/feedback360/producer/instrument/"
        + "default-instrument.json");
  }

  private static String response(String id, String subject, String rater, String group, String submittedAt,
      String answers) {
    return "{\"response_id\":\"" + id + "\",\"cycle_id\":\"" + CYCLE + "\",\"team_id\":\"T1\",\"subject_id\":\""
        + subject + "\",\"rater_id\":\"" + rater + "\",\"rater_group\":\"" + group + "\",\"submitted_at\":\""
        + submittedAt + "\",\"answers\":{" + answers + "}}";
  }

  private static List<JsonNode> parseLines(String text) throws IOException {
    List<JsonNode> parsed = new ArrayList<>();
    for (String line : text.lines().filter(line -> !line.isBlank()).toList()) {
      parsed.add(JSON.readTree(line));
    }
    return parsed;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header " + name + " of the dead letter; it has " + Arrays.stream(record.headers()
        .toArray()).map(Header::key).collect(Collectors.joining(", "))).isNotNull();
    return new String(header.value(), UTF_8);
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
  }

  private static Path findRepository() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve("examples/python/feedback360_client.py"))) {
        return at;
      }
    }
    throw new IllegalStateException("Cannot find examples/python/feedback360_client.py in "
        + Path.of("").toAbsolutePath() + " or a folder above it; run the test from inside the repository");
  }
}
