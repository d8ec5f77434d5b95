package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RosterRule#oneScoreValue}: which changes of a cell are scores of one value added or taken away. */
class OneScoreValueTest {

  @Test
  void shouldReadScoresOfOneValueAddedOrTakenAwayAsSuch() {
    assertThat(oneScoreValue(cell(2, 7, 29), cell(3, 10, 38))).as("a blank filled in with a 3").isTrue();
    assertThat(oneScoreValue(cell(3, 10, 38), cell(2, 7, 29))).as("a 3 blanked").isTrue();
    assertThat(oneScoreValue(cell(1, 2, 4), cell(4, 17, 79))).as("three 5s added").isTrue();
    assertThat(oneScoreValue(cell(4, 8, 20), cell(2, 6, 18))).as("two 1s taken away").isTrue();
  }

  @Test
  void shouldCountEveryOtherChange() {
    assertThat(oneScoreValue(cell(2, 7, 29), cell(2, 8, 38))).as("an answer edited, 4 -> 5").isFalse();
    assertThat(oneScoreValue(cell(2, 7, 29), cell(4, 13, 49))).as("a 2 and a 4 added: mean 3, not one value")
        .isFalse();
    assertThat(oneScoreValue(cell(1, 5, 25), cell(2, 7, 25))).as("a 3 added and the 5 edited to 4").isFalse();
    assertThat(oneScoreValue(cell(2, 7, 29), cell(2, 7, 29))).as("nothing").isFalse();
    assertThat(oneScoreValue(cell(2, 2, 2), cell(3, 2, 2))).as("a 0, which is no score").isFalse();
    assertThat(oneScoreValue(cell(2, 10, 50), cell(3, 16, 86))).as("a 6, which is no score").isFalse();
  }

  private static boolean oneScoreValue(List<Long> before, List<Long> after) {
    return RosterRule.oneScoreValue(before, after, 0);
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
