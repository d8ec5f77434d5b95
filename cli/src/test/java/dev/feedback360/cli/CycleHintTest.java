package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class CycleHintTest {

  @Test
  void shouldNameTheCyclesThereAreWhenTheCycleAskedForHasNoTeams() {
    StringWriter err = new StringWriter();

    CycleHint.printIfNoTeams(new PrintWriter(err), "NOPE", List.of("2026-H1", "2026-H2"), "scores");

    assertThat(err.toString()).isEqualTo("no teams in cycle NOPE; cycles with scores: 2026-H1, 2026-H2"
        + System.lineSeparator());
  }

  @Test
  void shouldSayNoCycleHasAnyYetOnAnEmptyTopic() {
    StringWriter err = new StringWriter();

    CycleHint.printIfNoTeams(new PrintWriter(err), "2026-H2", List.of(), "participation");

    assertThat(err.toString()).startsWith("no teams in cycle 2026-H2; no cycle has participation yet");
  }

  @Test
  void shouldSayWhyWhenTheTopicHoldsNoTeamAtAll() {
    StringWriter withoutCycle = new StringWriter();
    StringWriter withCycle = new StringWriter();

    CycleHint.printIfNoTeams(new PrintWriter(withoutCycle), null, List.of(), "scores", "team-scores holds none.");
    CycleHint.printIfNoTeams(new PrintWriter(withCycle), "2026-H2", List.of(), "scores", "team-scores holds none.");

    assertThat(withoutCycle.toString()).isEqualTo("no team has scores yet: team-scores holds none."
        + System.lineSeparator());
    assertThat(withCycle.toString()).isEqualTo("no teams in cycle 2026-H2; no team has scores yet: team-scores holds "
        + "none." + System.lineSeparator());
  }

  @Test
  void shouldNameTheCyclesTheAppKnowsForACycleItDoesNot() {
    assertThat(CycleHint.unknownCycle("2026-h1", List.of("2026-H1", "2026-H2"), "team-scores", "p"))
        .isEqualTo("cycle 2026-h1 has no team on team-scores or p; cycles there: 2026-H1, 2026-H2");
    assertThat(CycleHint.unknownCycle("2026-h1", List.of(), "team-scores", "p"))
        .isEqualTo("cycle 2026-h1 has no team on team-scores or p; no cycle has any there yet (has the streams app "
            + "run?)");
    assertThat(CycleHint.unknownCycle("2026-H1", List.of("2026-H1"), "team-scores", "p")).isNull();
  }

  @Test
  void shouldSayNothingForAKnownCycleOrNoCycle() {
    StringWriter err = new StringWriter();

    CycleHint.printIfNoTeams(new PrintWriter(err), "2026-H2", List.of("2026-H2"), "scores");
    CycleHint.printIfNoTeams(new PrintWriter(err), null, List.of("2026-H2"), "scores");

    assertThat(err.toString()).isEmpty();
  }
}
