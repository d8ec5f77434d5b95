package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad option values that only the running command can find are usage errors like picocli's own (README: "Every
 * command exits 2 on a usage error"): the message first, then the usage, exit code 2. No broker runs here.
 */
class UsageErrorTest {

  @TempDir
  Path dir;

  @Test
  void shouldExitWithTwoAndTheMessageForABadOptionValueFoundWhileRunning() {
    String[][] cases = {
        {"--subjects-per-team must look like 6-10", "generate", "--subjects-per-team", "6-x", "--output",
            dir.resolve("g.csv").toString()},
        {"--standby-replicas must be 0 or more, got -1", "streams", "--standby-replicas", "-1",
            "--bootstrap-servers", "127.0.0.1:1"},
        {"Invalid application id 'no spaces': ", "streams", "--application-id", "no spaces", "--bootstrap-servers",
            "127.0.0.1:1"},
        {"--rejects goes with --input only", "withdraw", "--rejects", dir.resolve("r.csv").toString(),
            "--bootstrap-servers", "127.0.0.1:1"},
        {"--http-port must be between 0 (any free port) and 65535", "streams", "--http-port", "70000",
            "--bootstrap-servers", "127.0.0.1:1"}};
    for (String[] c : cases) {
      String[] args = Arrays.copyOfRange(c, 1, c.length);

      Cli.Run run = Cli.run(args);

      assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(2);
      assertThat(run.err()).as(args[0]).startsWith(c[0]).contains("Usage: feedback360 " + args[0]);
    }
  }
}
