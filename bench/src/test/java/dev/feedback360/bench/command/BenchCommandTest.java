package dev.feedback360.bench.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.bench.BenchSettings.Part;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

  private BenchCommand parse(String... args) {
    CommandLine launcher = BenchMain.commandLine();
    CommandLine.ParseResult result = launcher.parseArgs(args);
    return (BenchCommand) result.subcommand().commandSpec().userObject();
  }

  @Test
  void shouldTakeATimeoutWithAUnitAndKeepMinutesForABareNumberAndTheOldName() {
    assertThat(parse("bench").timeout).as("the default").isEqualTo(Duration.ofMinutes(30));
    assertThat(parse("bench", "--timeout", "90s").timeout).isEqualTo(Duration.ofSeconds(90));
    assertThat(parse("bench", "--timeout", "45").timeout).isEqualTo(Duration.ofMinutes(45));
    assertThat(parse("bench", "--timeout-minutes", "45").timeout).isEqualTo(Duration.ofMinutes(45));
  }

  @Test
  void shouldTakeStreamsPropertiesUnderTheStreamsCommandsNameAndTheOldOne() {
    assertThat(parse("bench", "--streams-property", "commit.interval.ms=50", "--streams-config", "a=b")
        .streamsOverrides()).containsEntry("commit.interval.ms", "50").containsEntry("a", "b");
  }

  @Test
  void shouldTakeThePublicationRuleOrTheAppsDefault() {
    assertThat(parse("bench").scoring()).as("the app's default, N = k").isEqualTo(ScoringConfig.defaults());
    assertThat(parse("bench", "--min-change", "1").scoring()).isEqualTo(new ScoringConfig(3, 1));
  }

  @Test
  void shouldReadPartsInAnyCase() {
    assertThat(parse("bench", "--parts", "raw,STREAMS,Latency").parts)
        .containsExactly(Part.RAW, Part.STREAMS, Part.LATENCY);
    assertThat(parse("bench").parts).containsExactly(Part.values());
  }

  @Test
  void shouldListItsExitCodesInItsHelp() {
    String help = BenchMain.commandLine().getSubcommands().get("bench").getUsageMessage().replaceAll("\\s+", " ");

    assertThat(help).contains("Exit codes: 0 success 1 an error").contains(" 2 a usage error");
  }

  @Test
  void shouldRefuseAnUnknownPartAsAUsageError() {
    CommandLine launcher = BenchMain.commandLine();
    launcher.setErr(new java.io.PrintWriter(new java.io.StringWriter()));

    assertThat(launcher.execute("bench", "--parts", "raw,warp")).isEqualTo(CommandLine.ExitCode.USAGE);
  }
}
