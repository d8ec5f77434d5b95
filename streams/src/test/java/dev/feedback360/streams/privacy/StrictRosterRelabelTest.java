package dev.feedback360.streams.privacy;

import static dev.feedback360.streams.privacy.AttackHarness.answer;
import static dev.feedback360.streams.privacy.AttackHarness.nomination;
import static dev.feedback360.streams.privacy.AttackHarness.totals;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.streams.privacy.AttackHarness.Seen;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.testkit.Responses;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HR relabels responses under {@code --roster strict} (k = N = 3): the relabel attack of docs/privacy.md ("A response
 * moved to another group or team counts towards N in neither") when each response is re-sent in its new group before
 * its nomination follows. The re-sent response is held until then, so the move happens in two steps: the old response
 * leaves the scores, and later the held one enters them. Both steps must count as a move where the scores are the
 * same, or PEER would publish three departures and OTHER three arrivals, and the records before and after would
 * differ by the one edit among them.
 */
class StrictRosterRelabelTest {

  private static final String TEAM = "T1";
  /** Six cells, one item each; P4's re-sent form changes the first (CHANGE leader) from 4 to 1. */
  private static final Integer[][] PEERS = {{1, 2, 3, 4, 5, 1}, {2, 3, 4, 5, 1, 2}, {3, 4, 5, 1, 2, 3},
      {4, 5, 1, 2, 3, 4}, {5, 1, 2, 3, 4, 5}, {1, 3, 5, 2, 4, 1}};
  private static final Integer[] P4_EDITED = {1, 5, 1, 2, 3, 4};

  @TempDir
  Path stateDir;

  private AttackHarness harness;
  private int second;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private void honestPhase() {
    harness = new AttackHarness(stateDir, Roster.STRICT, 3, 3);
    for (int i = 0; i < PEERS.length; i++) {
      rate("P" + (i + 1), RaterGroup.PEER, PEERS[i]);
    }
    rate("O1", RaterGroup.OTHER, 2, 2, 2, 2, 2, 2);
    rate("O2", RaterGroup.OTHER, 3, 1, 4, 1, 5, 2);
    rate("O3", RaterGroup.OTHER, 4, 4, 3, 3, 1, 1);
  }

  private void rate(String rater, RaterGroup group, Integer... scores) {
    harness.nominateAndAnswer(TEAM, "S1", rater, group, ++second, scores);
    second++;
  }

  private JsonNode last() {
    return harness.lastScores(TEAM);
  }

  private List<Seen> since(int count) {
    List<Seen> records = harness.scores(TEAM);
    return records.subList(count, records.size());
  }

  @Test
  void shouldCountNeitherStepOfAResponseRelabelledBeforeItsNomination() {
    honestPhase();
    JsonNode before = last();
    int published = harness.scores(TEAM).size();

    // HR re-sends P4, P5 and P6 as OTHER (P4's form edited), then moves their nominations: each response is held
    // out of the scores in between.
    harness.send(answer(TEAM, "S1", "P4", RaterGroup.OTHER, ++second, P4_EDITED));
    harness.send(answer(TEAM, "S1", "P5", RaterGroup.OTHER, ++second, PEERS[4]));
    harness.send(answer(TEAM, "S1", "P6", RaterGroup.OTHER, ++second, PEERS[5]));
    JsonNode held = last();
    for (String rater : List.of("P4", "P5", "P6")) {
      harness.nominate(nomination(TEAM, "S1", rater, RaterGroup.OTHER, ++second));
    }

    assertThat(held.path("raters").path("PEER").asInt()).as("the three left PEER").isEqualTo(3);
    assertThat(last().path("raters").path("OTHER").asInt()).as("and entered OTHER").isEqualTo(6);
    // Counted as changes, PEER's three departures and OTHER's three arrivals would each publish, and the pooled
    // cells would differ from before by P4's edit alone (-3 on CHANGE leader). As moves, nothing is published yet:
    // only P4's edited cell counts, one change in each group.
    assertThat(since(published)).isNotEmpty().allSatisfy(seen -> assertThat(totals(seen.value()))
        .as("published totals after step %d", seen.step()).isDeepEqualTo(totals(before)));
    assertThat(last().path("pendingRaters").asInt()).isEqualTo(3);
  }

  @Test
  void shouldCountAResponseSentAgainAfterItsNominationMovedAwayAsAnArrivalOnly() {
    honestPhase();

    // HR moves P4's, P5's and P6's nominations to OTHER first: their responses are erased like withdrawals (real
    // changes of PEER), then HR re-sends the forms as OTHER, P4's edited.
    for (String rater : List.of("P4", "P5", "P6")) {
      harness.nominate(nomination(TEAM, "S1", rater, RaterGroup.OTHER, ++second));
    }
    JsonNode erased = last();
    int published = harness.scores(TEAM).size();
    harness.send(answer(TEAM, "S1", "P4", RaterGroup.OTHER, ++second, P4_EDITED));
    harness.send(answer(TEAM, "S1", "P5", RaterGroup.OTHER, ++second, PEERS[4]));
    harness.send(answer(TEAM, "S1", "P6", RaterGroup.OTHER, ++second, PEERS[5]));

    assertThat(erased.path("raters").path("PEER").asInt()).as("the three left PEER").isEqualTo(3);
    assertThat(last().path("raters").path("OTHER").asInt()).as("and entered OTHER").isEqualTo(6);
    // Counted, OTHER's three returns would publish, and with PEER's three erasures the pooled cells would differ
    // from before by P4's edit alone. The key keeps no trace of what was erased, so a response entering the scores
    // after an erasure counts nowhere, like an arrival.
    assertThat(since(published)).isNotEmpty().allSatisfy(seen -> assertThat(totals(seen.value()))
        .as("published totals after step %d", seen.step()).isDeepEqualTo(totals(erased)));
  }

  @Test
  void shouldCountAResponseHeldSinceItArrivedAsNewWhenItsNominationCounts() {
    honestPhase();
    JsonNode before = last();

    // Three OTHER raters answer before HR nominates them: held, then new raters of OTHER, not moves.
    harness.send(answer(TEAM, "S1", "O4", RaterGroup.OTHER, ++second, 5, 5, 5, 5, 5, 5));
    harness.send(answer(TEAM, "S1", "O5", RaterGroup.OTHER, ++second, 4, 4, 4, 4, 4, 4));
    harness.send(answer(TEAM, "S1", "O6", RaterGroup.OTHER, ++second, 3, 3, 3, 3, 3, 3));
    for (String rater : List.of("O4", "O5", "O6")) {
      harness.nominate(nomination(TEAM, "S1", rater, RaterGroup.OTHER, ++second));
    }

    long[][] after = totals(last());
    long[][] expected = totals(before);
    for (int cell = 0; cell < expected.length; cell++) {
      // n + 3, sum + 12, sum of squares + 50 in every cell.
      assertThat(after[cell]).as("cell %d", cell)
          .containsExactly(expected[cell][0] + 3, expected[cell][1] + 12, expected[cell][2] + 50);
    }
    assertThat(last().path("pendingRaters").asInt()).isZero();
  }

  /**
   * Fifty-fourth review: H answers before HR nominates them, so the response is held, and HR's export fix, sent as a
   * correction under the same id, sets H's CHANGE leader answer to 3 while it waits. Then V answers, the attacker O1
   * corrects their own CHANGE leader answer, and H's nomination arrives. Counted as a first form, H filled the batch
   * {H, O1, V}, and the records less O1's change, read about 3, were V's answer. A cell a correction made while the
   * response was held left holding scores of one value counts nowhere, as for a form not yet shown; H's other cells,
   * never corrected, count.
   */
  @Test
  void shouldNotCountAHeldResponseFixedToOneValueWhenItsNominationArrives() {
    honestPhase();
    JsonNode before = last();
    int published = harness.scores(TEAM).size();

    harness.send(answer(TEAM, "S1", "H", RaterGroup.OTHER, ++second, 1, 2, 3, 4, 5, 1));
    harness.send(answer(TEAM, "S1", "H", RaterGroup.OTHER, ++second, 3, 2, 3, 4, 5, 1));
    rate("V", RaterGroup.OTHER, 5, 2, 4, 1, 3, 2);
    harness.send(answer(TEAM, "S1", "O1", RaterGroup.OTHER, ++second, 3, 2, 2, 2, 2, 2));
    harness.nominate(nomination(TEAM, "S1", "H", RaterGroup.OTHER, ++second));

    // Every cell waits: CHANGE leader has two counted changes (V, O1), the others two (H, V).
    assertThat(since(published)).isNotEmpty().allSatisfy(seen -> assertThat(totals(seen.value()))
        .as("published totals after step %d", seen.step()).isDeepEqualTo(totals(before)));
    assertThat(last().path("pendingRaters").asInt()).isEqualTo(3);

    // A third counted change publishes, H's 3 riding with it.
    rate("W", RaterGroup.OTHER, 4, 4, 4, 4, 4, 4);
    long[] changeLeader = totals(before)[0];
    assertThat(totals(last())[0]).as("CHANGE leader with H's 3, V's 5, O1's 2 -> 3 and W's 4")
        .containsExactly(changeLeader[0] + 3, changeLeader[1] + 3 + 5 + 1 + 4, changeLeader[2] + 9 + 25 + 5 + 16);
    assertThat(last().path("pendingRaters").asInt()).isZero();
  }

  /**
   * The same by HR alone, on both ways a response is held: H answers before its nomination and is fixed to 3 while
   * held; J, nominated OTHER, answers as PEER (held: the wrong group) and HR's relabel carries the fix to 3. Beside
   * V's first answer, the CHANGE leader cell waits, though the three raters' other cells, first answers, publish.
   */
  @Test
  void shouldNotCountHeldResponsesFixedToOneValueByHrAlone() {
    honestPhase();
    long[][] before = totals(last());
    int published = harness.scores(TEAM).size();

    harness.send(answer(TEAM, "S1", "H", RaterGroup.OTHER, ++second, 1, 2, 3, 4, 5, 1));
    harness.send(answer(TEAM, "S1", "H", RaterGroup.OTHER, ++second, 3, 2, 3, 4, 5, 1));
    harness.nominate(nomination(TEAM, "S1", "J", RaterGroup.OTHER, ++second));
    harness.send(answer(TEAM, "S1", "J", RaterGroup.PEER, ++second, 4, 1, 1, 2, 2, 3));
    rate("V", RaterGroup.OTHER, 5, 2, 4, 1, 3, 2);
    harness.nominate(nomination(TEAM, "S1", "H", RaterGroup.OTHER, ++second));
    harness.send(answer(TEAM, "S1", "J", RaterGroup.OTHER, ++second, 3, 1, 1, 2, 2, 3));

    assertThat(since(published)).isNotEmpty().allSatisfy(seen -> assertThat(totals(seen.value())[0])
        .as("CHANGE leader after step %d", seen.step()).containsExactly(before[0]));
    assertThat(totals(last())[1]).as("FOCUS leader: H's 2, J's 1 and V's 2, first answers, published")
        .containsExactly(before[1][0] + 3, before[1][1] + 5, before[1][2] + 9);
    assertThat(last().path("raters").path("OTHER").asInt()).isEqualTo(6);
  }

  /**
   * Fifty-fifth review: HR rebuilds held forms' CHANGE leader cell one value at a time (blanked, then a 2, then a 4;
   * blanked, then a 4, then a 2) while they wait for their nominations, beside V's first answer. The cells enter as
   * 2 and 4, not one value, but each step added one value, which the scores' own corrections hold step by step: as
   * first forms the two filled V's batch, and the records less HR's cells were V's answers.
   */
  @Test
  void shouldNotCountAHeldCellRebuiltOneValueAtATime() {
    honestPhase();
    long[][] before = totals(last());
    int published = harness.scores(TEAM).size();

    for (String rater : List.of("H", "J")) {
      send(rater, "CHANGE_L1=3 CHANGE_L2=1 FOCUS_L1=3");
    }
    rate("V", RaterGroup.OTHER, 5, 2, 4, 1, 3, 2);
    send("H", "FOCUS_L1=3");
    send("H", "CHANGE_L1=2 FOCUS_L1=3");
    send("H", "CHANGE_L1=2 CHANGE_L2=4 FOCUS_L1=3");
    send("J", "FOCUS_L1=3");
    send("J", "CHANGE_L1=4 FOCUS_L1=3");
    send("J", "CHANGE_L1=4 CHANGE_L2=2 FOCUS_L1=3");
    for (String rater : List.of("H", "J")) {
      harness.nominate(nomination(TEAM, "S1", rater, RaterGroup.OTHER, ++second));
    }

    assertThat(since(published)).isNotEmpty().allSatisfy(seen -> assertThat(totals(seen.value())[0])
        .as("CHANGE leader after step %d", seen.step()).containsExactly(before[0]));
    assertThat(totals(last())[2]).as("FOCUS leader: H's and J's 3, V's 4, first answers, published")
        .containsExactly(before[2][0] + 3, before[2][1] + 10, before[2][2] + 34);
  }

  /** An OTHER response of S1 in team T1 with the items given ("CHANGE_L1=2 ..."; the others not observed). */
  private void send(String rater, String items) {
    harness.send(Responses.response(AttackHarness.CYCLE, TEAM, "S1", rater, RaterGroup.OTHER,
        AttackHarness.T0.plusSeconds(++second), items));
  }
}
