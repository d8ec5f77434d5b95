package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What --help says, against what the commands do (docs/dashboards.md, the topic definitions). */
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

  /** The help text with its line breaks and indentation folded into single spaces. */
  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
