package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FriendlyErrorsTest {

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
    assertThat(topics.err()).contains("Timed out").contains(nowhere);
  }

  @Test
  void shouldNameTheBootstrapServersOfTheCommandConfigFileWhenNoneAreGiven(@TempDir Path dir) throws IOException {
    String nowhere = "127.0.0.1:" + freePort();
    Path config = Files.writeString(dir.resolve("client.properties"), "bootstrap.servers=" + nowhere + "\n");

    Cli.Run scores = Cli.run("scores", "--command-config", config.toString(), "--timeout", "2");

    assertThat(scores.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(scores.err()).contains(nowhere);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
