package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.RaterGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyHistory#oneScoreValueFromAForm}: which cells differ from one of a key's earlier forms by scores of one
 * value added or taken away, and which changes count.
 */
class OneScoreValueFromAFormTest {

  @Test
  void shouldReadScoresOfOneValueAddedOrTakenAwayAsSuch() {
    assertThat(fromForm(cell(2, 7, 29), cell(3, 10, 38))).as("a blank filled in with a 3").isTrue();
    assertThat(fromForm(cell(3, 10, 38), cell(2, 7, 29))).as("a 3 blanked").isTrue();
    assertThat(fromForm(cell(1, 2, 4), cell(4, 17, 79))).as("three 5s added").isTrue();
    assertThat(fromForm(cell(4, 8, 20), cell(2, 6, 18))).as("two 1s taken away").isTrue();
  }

  @Test
  void shouldCountEveryOtherChange() {
    assertThat(fromForm(cell(2, 7, 29), cell(2, 8, 38))).as("an answer edited, 4 -> 5").isFalse();
    assertThat(fromForm(cell(2, 7, 29), cell(4, 13, 49))).as("a 2 and a 4 added: mean 3, not one value").isFalse();
    assertThat(fromForm(cell(1, 5, 25), cell(2, 7, 25))).as("a 3 added and the 5 edited to 4").isFalse();
    assertThat(fromForm(cell(2, 2, 2), cell(3, 2, 2))).as("a 0, which is no score").isFalse();
    assertThat(fromForm(cell(2, 10, 50), cell(3, 16, 86))).as("a 6, which is no score").isFalse();
    assertThat(KeyHistory.oneScoreValueFromAForm(List.of(), RaterGroup.PEER, cell(2, 6, 18), 0, true))
        .as("first answers on the cell, all alike: no earlier form").isFalse();
  }

  @Test
  void shouldReadACellAnEarlierFormLeftBlankAsNothing() {
    // Forty-ninth review: H's form without the cell published first, then the cell filled in with 3 and 3.
    assertThat(fromForm(cell(0, 0, 0), cell(2, 6, 18))).as("3 and 3 where the form left the cell blank").isTrue();
    assertThat(fromForm(cell(0, 0, 0), cell(1, 4, 16))).as("a lone 4 there").isTrue();
    assertThat(fromForm(cell(0, 0, 0), cell(2, 7, 29))).as("a 2 and a 5 there").isFalse();
  }

  @Test
  void shouldReadTheCellAgainstEveryEarlierFormOfTheSameGroup() {
    // 2, then 4 (an edit), now 2 and 3: a 3 added to the first form, though not to the second.
    List<Long> forms = new ArrayList<>(form(RaterGroup.PEER, cell(1, 2, 4)));
    forms.addAll(form(RaterGroup.PEER, cell(1, 4, 16)));
    assertThat(KeyHistory.oneScoreValueFromAForm(forms, RaterGroup.PEER, cell(2, 5, 13), 0, true)).isTrue();
    assertThat(KeyHistory.oneScoreValueFromAForm(forms.subList(19, 38), RaterGroup.PEER, cell(2, 5, 13), 0, true))
        .as("the second form alone").isFalse();
    assertThat(KeyHistory.oneScoreValueFromAForm(forms, RaterGroup.OTHER, cell(2, 5, 13), 0, true))
        .as("forms of another group").isFalse();
  }

  private static boolean fromForm(List<Long> earlier, List<Long> now) {
    return KeyHistory.oneScoreValueFromAForm(form(RaterGroup.PEER, earlier), RaterGroup.PEER, now, 0, true);
  }

  /** An earlier form as the key keeps it: the group's ordinal, then its cells. */
  private static List<Long> form(RaterGroup group, List<Long> cells) {
    List<Long> form = new ArrayList<>();
    form.add((long) group.ordinal());
    form.addAll(cells);
    return form;
  }

  /** A response's cells with the first holding (n, sum, squares), the others empty. */
  private static List<Long> cell(long n, long sum, long squares) {
    Long[] cells = new Long[18];
    Arrays.fill(cells, 0L);
    cells[0] = n;
    cells[1] = sum;
    cells[2] = squares;
    return List.of(cells);
  }
}
