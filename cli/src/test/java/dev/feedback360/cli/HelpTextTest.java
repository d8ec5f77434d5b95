package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What --help says, against what the commands do (docs/dashboards.md, README.md's exit codes). */
class HelpTextTest {

  @Test
  void shouldSayTheStreamsApiAnswersFromTheJsonScoresTopicNotFromInteractiveQueries() {
    Cli.Run run = Cli.run("streams", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(oneLine(run.out()))
        .contains("the committed records of team-scores-json, which every instance reads whole")
        .contains("no interactive queries")
        .doesNotContain("interactive queries, answered by any instance")
        .doesNotContain("for queries about teams held here")
        .contains("X-Feedback360-Instance header and /api/health");
  }

  @Test
  void shouldListTheSixTopicsTopicsCreates() {
    Cli.Run run = Cli.run("topics", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(oneLine(run.out())).contains("six topics").contains("survey-responses, team-scores, "
        + "team-scores-json, survey-responses-dlq, survey-nominations, team-participation-json");
  }

  @Test
  void shouldExitTwoOnAUsageErrorAsTheHelpSays() {
    Cli.Run missingCycle = Cli.run("export", "--participation", "--output", "p.csv");
    Cli.Run unknownOption = Cli.run("scores", "--no-such-option");
    Cli.Run help = Cli.run("--help");

    assertThat(missingCycle.exitCode()).as(missingCycle.err()).isEqualTo(2);
    assertThat(missingCycle.err()).contains("--participation needs --cycle");
    assertThat(unknownOption.exitCode()).as(unknownOption.err()).isEqualTo(2);
    assertThat(oneLine(help.out())).contains("1 an error: one line on stderr says what went wrong")
        .contains("2 a usage error: an unknown option, a missing required option or a bad option value");
    assertThat(oneLine(Cli.run("produce", "--help").out())).doesNotContain("1 a usage")
        .contains("Or a usage error");
  }

  @Test
  void shouldListEachCommandsExitCodesInItsHelp() {
    for (String command : Feedback360.commandLine().getSubcommands().keySet()) {
      if (command.equals("help")) {
        continue;
      }
      String help = oneLine(Cli.run(command, "--help").out());

      assertThat(help).as(command).contains("Exit codes: ").contains(" 1 ").contains(" 2 ")
          .containsIgnoringCase("a usage error");
    }
    assertThat(oneLine(Cli.run("scores", "--help").out()))
        .contains("Exit codes: 0 success 1 an error: one line on stderr says what went wrong and what to do 2 a usage "
            + "error");
    for (String longRunning : new String[] {"broker", "streams", "demo"}) {
      assertThat(oneLine(Cli.run(longRunning, "--help").out())).as(longRunning)
          .contains("130 stopped with Ctrl-C (SIGINT), after a clean stop; 143 with SIGTERM");
    }
    assertThat(oneLine(Cli.run("generate", "--help").out())).contains("3 with --to-topic: sending failed");
  }

  @Test
  void shouldOfferAStableMutualTlsPortAndRefuseItWithoutMutualTls() {
    Cli.Run help = Cli.run("broker", "--help");
    Cli.Run withoutMutualTls = Cli.run("broker", "--secure", "--mtls-port", "39999");

    assertThat(oneLine(help.out())).contains("--mtls-port=PORT")
        .contains("Default: the port of the previous start of this data dir (recorded in DIR/mutual-tls.port)");
    assertThat(withoutMutualTls.exitCode()).as(withoutMutualTls.err()).isEqualTo(2);
    assertThat(withoutMutualTls.err()).contains("--mtls-port needs --mutual-tls");
  }

  /** The help text with its line breaks and indentation folded into single spaces. */
  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
