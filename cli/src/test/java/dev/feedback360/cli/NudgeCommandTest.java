package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.RaterGroup;
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
}
