package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The withdraw and produce command lines up to the point where they would connect: no broker needed. */
class WithdrawCommandTest {

  /** Nothing listens here; every case below must stop before connecting. */
  private static final String NO_BROKER = "127.0.0.1:1";

  @TempDir
  Path dir;

  @Test
  void shouldReadTheRaterIdFromTheFirstLineOfStandardInput() throws Exception {
    assertThat(WithdrawCommand.readRaterId(stdin("emp-00042\n"))).isEqualTo("emp-00042");
    assertThat(WithdrawCommand.readRaterId(stdin("emp-00042\r\n\n"))).isEqualTo("emp-00042");
    assertThat(WithdrawCommand.readRaterId(stdin("emp-00042"))).isEqualTo("emp-00042");
  }

  @Test
  void shouldRefuseAnEmptyStandardInputOrSeveralIdsWithoutShowingThem() {
    assertThatThrownBy(() -> WithdrawCommand.readRaterId(stdin("")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("but it was empty");
    assertThatThrownBy(() -> WithdrawCommand.readRaterId(stdin("emp-00042\nemp-00043\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than one line; to withdraw several responses use --input FILE")
        .hasMessageNotContaining("emp-0");
  }

  @Test
  void shouldSumUpTheRowsOfCyclesTheAppDoesNotKnowInOneLine() {
    String line = WithdrawCommand.unknownCyclesOfRows(Map.of("2026-h1", 2L, "2026-H1", 5L, "2025-h2", 1L),
        List.of("2025-H2", "2026-H1"), "team-scores", "team-participation-json");

    assertThat(line).isEqualTo("Warning: 3 rows name cycles with no team on team-scores or team-participation-json "
        + "(2025-h2, 2026-h1); cycles there: 2025-H2, 2026-H1. If a cycle id is wrong, its rows erased nothing (the "
        + "tombstones sent are harmless): correct cycle_id and withdraw those rows again.");
    assertThat(WithdrawCommand.unknownCyclesOfRows(Map.of("2026-H1", 5L), List.of("2026-H1"), "s", "p")).isNull();
  }

  @Test
  void shouldRefuseToMixAFileWithASingleWithdrawal() throws Exception {
    Path key = key("a unit test key of 32 bytes, ok");

    Cli.Run run = Cli.run("withdraw", "--bootstrap-servers", NO_BROKER, "--rater-key-file", key.toString(),
        "--input", dir.resolve("withdrawals.csv").toString(), "--rater", "-");

    assertThat(run.exitCode()).as("a usage error").isEqualTo(2);
    assertThat(run.err()).startsWith("--input cannot be combined with --cycle, --subject or --rater");
  }

  @Test
  void shouldSayWhatAWithdrawalNeedsWhenPartsAreMissing() {
    Cli.Run run = Cli.run("withdraw", "--bootstrap-servers", NO_BROKER, "--cycle", "2026-H2");

    assertThat(run.exitCode()).as("a usage error").isEqualTo(2);
    assertThat(run.err()).startsWith("withdraw needs --cycle, --subject and --rater");
  }

  @Test
  void shouldRefuseAWithdrawalsFileWithoutHeaderWithExitCodeFour() throws Exception {
    Path input = Files.writeString(dir.resolve("withdrawals.csv"), "2026-H2,emp-00001,emp-00042\n");

    Cli.Run run = Cli.run("withdraw", "--bootstrap-servers", NO_BROKER, "--rater-key-file",
        key("a unit test key of 32 bytes, ok").toString(), "--input", input.toString());

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out()).startsWith("File refused, nothing sent: Withdrawals file " + input)
        .doesNotContain("emp-0");
  }

  @Test
  void shouldRefuseARepeatedPatternKeyInProduceAndWithdrawWithOneLine() throws Exception {
    Path weak = key("0123012301230123");
    Path csv = Files.writeString(dir.resolve("export.csv"), "irrelevant\n");

    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", NO_BROKER, "--input", csv.toString(),
        "--rater-key-file", weak.toString());
    Cli.Run withdraw = Cli.run("withdraw", "--bootstrap-servers", NO_BROKER, "--cycle", "2026-H2", "--subject",
        "emp-00001", "--rater", "emp-00042", "--rater-key-file", weak.toString());

    for (Cli.Run run : new Cli.Run[] {produce, withdraw}) {
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err().lines()).singleElement().asString()
          .startsWith("Error: The rater key from key file " + weak + " uses only 4 different byte values; it must "
              + "use at least 8. Use a random key, for example from 'openssl rand -hex 32'")
          .doesNotContain("0123012301230123");
    }
  }

  private Path key(String key) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "rater", ".key"), key + "\n", StandardCharsets.UTF_8);
  }

  private static ByteArrayInputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
