package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.producer.nudge.NudgeList;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class NudgeCommandTest {

  @Test
  void shouldSayTheNominatedRatersAreATotalOverEveryGroupNotACountPerGroup() {
    // Team T1: 3 managers nominated, 1 answered; 5 peers nominated, 4 answered. In all: 3 + 5 = 8 nominated over
    // 2 groups, 1 + 4 = 5 answered; the 3 that have not answered are listed.
    NudgeList.Result<String> result = new NudgeList.Result<>(List.of("m2", "m3", "p5"), List.of(
        new NudgeList.Group("T1", RaterGroup.MANAGER, 3, 1, 1, true),
        new NudgeList.Group("T1", RaterGroup.PEER, 5, 4, 4, false)));
    StringWriter err = new StringWriter();

    NudgeCommand.printCounts(new PrintWriter(err), "2026-H2", null, false, 3, result);

    assertThat(err.toString().lines().toList()).containsExactly(
        "Cycle 2026-H2: 8 raters nominated in all, over 2 groups; 5 of them answered; 3 rows listed.",
        "  T1           MANAGER       invited 3, responded 1, counted raters 1 of k=3  AT RISK",
        "  T1           PEER          invited 5, responded 4, counted raters 4 of k=3");
  }

  @Test
  void shouldCountOneRaterOneGroupAndOneRowInTheSingular() {
    // T1: 1 manager nominated, who has not answered: 1 rater, 1 group, 0 answered, 1 row listed.
    NudgeList.Result<String> result = new NudgeList.Result<>(List.of("m1"), List.of(
        new NudgeList.Group("T1", RaterGroup.MANAGER, 1, 0, 0, true)));
    StringWriter err = new StringWriter();

    NudgeCommand.printCounts(new PrintWriter(err), "2026-H2", "T1", false, 3, result);

    assertThat(err.toString().lines().findFirst()).hasValue(
        "Cycle 2026-H2, team T1: 1 rater nominated in all, over 1 group; 0 of them answered; 1 row listed.");
  }

  @Test
  void shouldNameTheCyclesOfTheFileWhenTheCycleAskedForHasNoNomination() {
    StringWriter err = new StringWriter();

    NudgeCommand.printIfNothingNominated(new PrintWriter(err), "2026-h2", null, nominations());

    assertThat(err.toString()).isEqualTo("no teams in cycle 2026-h2; cycles with nominations: 2026-H1, 2026-H2"
        + System.lineSeparator());
  }

  @Test
  void shouldNameTheTeamsOfTheCycleWhenTheTeamAskedForHasNoNominationInIt() {
    StringWriter err = new StringWriter();

    NudgeCommand.printIfNothingNominated(new PrintWriter(err), "2026-H2", "Paymnets", nominations());

    assertThat(err.toString()).isEqualTo("no nominations of team Paymnets in cycle 2026-H2; teams with nominations "
        + "in it: Payments, Platform" + System.lineSeparator());
  }

  @Test
  void shouldSayNothingMoreWhenTheCycleAndTeamHaveNominations() {
    StringWriter err = new StringWriter();

    NudgeCommand.printIfNothingNominated(new PrintWriter(err), "2026-H2", "Payments", nominations());
    NudgeCommand.printIfNothingNominated(new PrintWriter(err), "2026-H1", null, nominations());

    assertThat(err.toString()).isEmpty();
  }

  /** Payments and Platform nominated in 2026-H2, Sales in 2026-H1. */
  private static List<NudgeList.Nominated<String>> nominations() {
    return List.of(nominated("2026-H2", "Payments"), nominated("2026-H2", "Platform"),
        nominated("2026-H1", "Sales"));
  }

  private static NudgeList.Nominated<String> nominated(String cycle, String team) {
    return new NudgeList.Nominated<>(new ResponseKey(cycle, "s-" + team, "r1"), team, RaterGroup.PEER, "row");
  }
}
