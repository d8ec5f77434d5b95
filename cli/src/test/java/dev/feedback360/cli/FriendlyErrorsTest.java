package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.security.AccessPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FriendlyErrorsTest {

  @Test
  void shouldSayWhyAFileCouldNotBeWrittenNotOnlyItsPath() {
    String message = FriendlyErrors.message(new UncheckedIOException(new AccessDeniedException(
        "/data/.export.csv.rejects.csv.1508.tmp")), "produce", null, "127.0.0.1:9092");

    assertThat(message).startsWith("Error: /data/.export.csv.rejects.csv.1508.tmp: permission denied (check that this "
        + "user may write").doesNotContain("caused by", "java.nio");
    assertThat(FriendlyErrors.message(new NoSuchFileException("/data/export.csv"), "produce", null, null))
        .isEqualTo("Error: /data/export.csv: no such file or directory");
  }

  @Test
  void shouldNameTheBootstrapServersTriedWhenNoBrokerAnswers() throws IOException {
    String nowhere = "127.0.0.1:" + freePort();

    Cli.Run scores = Cli.run("scores", "--bootstrap-servers", nowhere, "--timeout", "2");

    assertThat(scores.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(scores.err()).startsWith("Error: ").contains(nowhere).contains("is a broker running there?");
  }

  @Test
  void shouldNameTheBootstrapServersTriedWhenCreatingTopicsTimesOut() throws IOException {
    String nowhere = "127.0.0.1:" + freePort();

    Cli.Run topics = Cli.run("topics", "--bootstrap-servers", nowhere, "--timeout", "2");

    assertThat(topics.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(topics.err()).contains("Timed out").contains(nowhere).doesNotContain("null");
  }

  @Test
  void shouldNameTheBootstrapServersOfTheCommandConfigFileWhenNoneAreGiven(@TempDir Path dir) throws IOException {
    String nowhere = "127.0.0.1:" + freePort();
    Path config = Files.writeString(dir.resolve("client.properties"), "bootstrap.servers=" + nowhere + "\n");

    Cli.Run scores = Cli.run("scores", "--command-config", config.toString(), "--timeout", "2");

    assertThat(scores.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(scores.err()).contains(nowhere);
  }

  @Test
  void shouldSayTheBrokerRefusedTheCredentialsAndWhichFileHeldThem(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("ingest.properties"), "security.protocol=SASL_SSL\n"
        + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ingest\" "
        + "password=\"wrong\";\n");
    Exception failure = new IllegalStateException("Cannot create topics [survey-responses]: Authentication failed; "
        + "check that the brokers are reachable and that the replication factor 1 does not exceed the number of "
        + "brokers",
        new SaslAuthenticationException("Authentication failed during authentication due to invalid "
            + "credentials with SASL mechanism SCRAM-SHA-512"));

    String message = FriendlyErrors.message(failure, "scores", config, "127.0.0.1:39092");

    assertThat(message).startsWith("Error: Kafka at 127.0.0.1:39092 refused this command's credentials "
        + "(Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512)")
        .contains("Check the user name and password (sasl.jaas.config) in the --command-config file " + config
            + " (User:ingest)")
        .doesNotContain("replication factor", "wrong");
  }

  @Test
  void shouldSayNoCredentialsWereSentWhenTheBrokerRefusesACommandWithoutCommandConfig() {
    Exception failure = new KafkaException("fetching metadata", new AuthenticationException("SSL handshake failed"));

    String message = FriendlyErrors.message(failure, "scores", null, "127.0.0.1:39092");

    assertThat(message).contains("refused this command's credentials (SSL handshake failed)",
        "No --command-config was given", "pass --command-config FILE");
  }

  @Test
  void shouldSuggestCommandConfigWhenNoBrokerAnswersACommandWithoutIt() {
    Exception failure = new IllegalStateException("No answer from Kafka at 127.0.0.1:39092 within 15 s while "
        + "reading team-scores (Timeout expired while fetching topic metadata); is a broker running there?",
        new org.apache.kafka.common.errors.TimeoutException("Timeout expired while fetching topic metadata"));

    String withoutConfig = FriendlyErrors.message(failure, "scores", null, "127.0.0.1:39092");
    String withConfig = FriendlyErrors.message(failure, "scores", Path.of("client.properties"), "127.0.0.1:39092");

    assertThat(withoutConfig).contains("is a broker running there?",
        "Or its listener needs TLS or SASL", "pass --command-config FILE");
    assertThat(withConfig).contains("is a broker running there?").doesNotContain("TLS or SASL");
  }

  @Test
  void shouldNameTheAnalystTopicPrefixWhenAReplayMayNotCreateItsOutput() {
    // Review 111: the analyst's replay into "what-if" was refused with the topics it may not create, and nothing said
    // which names it may create.
    String replay = FriendlyErrors.permissionHint("replay", Path.of("analyst.properties"));

    assertThat(replay).contains("The principal of the --command-config file analyst.properties",
        "replay outputs named with the analyst topic prefix (analysis- unless acls was run with another "
            + "--analyst-topic-prefix): --output analysis-NAME");
    assertThat(FriendlyErrors.permissionHint("scores", null)).doesNotContain("analysis-");
  }

  @Test
  void shouldSayATimeoutTimedOutRatherThanNull() {
    String message = FriendlyErrors.message(new java.util.concurrent.TimeoutException(), "topics", null, null);

    assertThat(message).isEqualTo("Error: timed out");
  }

  @Test
  void shouldNameTheMissingPermissionAndThePrincipalNotTheBrokersRequestDump(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("ingest.properties"),
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ingest\" "
            + "password=\"secret\";\n");
    String dump = "Request Request(processor=2, connectionId=127.0.0.1:41319-127.0.0.1:54066-2-0, "
        + "session=org.apache.kafka.network.Session@6f991a07, listenerName=ListenerName(CONTROLLER), "
        + "securityProtocol=SSL, buffer=java.nio.HeapByteBuffer[pos=2462 lim=2462 cap=2485], envelope=Optional["
        + "Request(processor=2, connectionId=127.0.0.1:41319-127.0.0.1:54066-2-0, session=org.apache.kafka.network."
        + "Session@4e0467, listenerName=ListenerName(CONTROLLER), securityProtocol=SSL, buffer=java.nio.HeapByteBuffer"
        + "[pos=2499 lim=2499 cap=2499], envelope=Optional.empty)]) needs ALTER permission.";
    Exception failure = AccessPolicy.cannotCreate(new ClusterAuthorizationException(dump));

    String message = FriendlyErrors.message(failure, "acls", config, "127.0.0.1:39092");

    assertThat(message).contains("lacks ALTER on the cluster", "User:ingest", "--command-config",
        "admin.properties").doesNotContain("Request(", "processor=", "HeapByteBuffer", "secret");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
