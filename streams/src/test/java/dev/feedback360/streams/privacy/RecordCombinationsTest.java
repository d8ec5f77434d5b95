package dev.feedback360.streams.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordCombinationsTest {

  /**
   * A record of raters with contribution 1 each, or with the totals given as rater=value (value the sum); rater/S1 is
   * the rater's form for S1.
   */
  private static Map<RecordCombinations.Term, Long> record(String... raters) {
    Map<RecordCombinations.Term, Long> terms = new HashMap<>();
    for (String rater : raters) {
      String[] parts = rater.split("=");
      long sum = parts.length > 1 ? Long.parseLong(parts[1]) : 1;
      String form = parts[0];
      terms.merge(new RecordCombinations.Term(form.split("/")[0], form, new Contribution(1, sum, sum * sum)), 1L,
          Long::sum);
    }
    return terms;
  }

  @Test
  void shouldSingleOutNobodyWhenEveryRecordAddsABatchOfThree() {
    var combinations = new RecordCombinations(List.of(record("A", "B", "C"), record("A", "B", "C", "D", "E", "F"),
        record("A", "B", "C", "D", "E", "F", "G", "H", "I")));

    assertThat(combinations.fewerThan(3)).isNull();
  }

  @Test
  void shouldSingleOutTwoRatersThroughTwoBatchesWhoseMovesCancel() {
    // P and Q leave beside V's arrival, an unrelated batch follows, P and Q come back beside G's arrival: each two
    // records differ by three raters or more, (r2 - r1) + (r4 - r3) is V and G alone.
    List<Map<RecordCombinations.Term, Long>> records = List.of(record("A", "B", "C", "P", "Q"),
        record("A", "B", "C", "V"), record("A", "B", "C", "V", "D", "E", "F"),
        record("A", "B", "C", "V", "D", "E", "F", "P", "Q", "G"));
    var combinations = new RecordCombinations(records);

    RecordCombinations.Isolated isolated = combinations.fewerThan(3);

    assertThat(isolated).isNotNull();
    assertThat(isolated.raters()).containsExactly("G", "V");
    assertThat(combinations.vanishesOutside(isolated.coefficients(), Set.of("G", "V"))).isTrue();
    assertThat(combinations.vanishesOutside(isolated.coefficients(), Set.of("V"))).isFalse();
    assertThat(combinations.fewerThan(2)).as("nobody alone").isNull();
  }

  @Test
  void shouldReadARevertedContributionAsTheSameUnknown() {
    // X goes from 2 to 4 and back to 2 beside V: X's 2 is one unknown, so the last record less the first is V alone.
    var reverted = new RecordCombinations(List.of(record("A", "B", "C", "X=2"), record("A", "B", "C", "X=4"),
        record("A", "B", "C", "X=2", "V")));
    var corrected = new RecordCombinations(List.of(record("A", "B", "C", "X=2"), record("A", "B", "C", "X=4"),
        record("A", "B", "C", "X=3", "V")));

    assertThat(reverted.vanishesOutside(new long[] {-1, 0, 1}, Set.of("V"))).isTrue();
    assertThat(corrected.vanishesOutside(new long[] {-1, 0, 1}, Set.of("V"))).isFalse();
    assertThat(corrected.fewerThan(3).raters()).as("X's two corrections, one after the other").containsExactly("X");
  }

  @Test
  void shouldReadARatersFormsForTwoSubjectsApart() {
    // R's S1 form goes 2 -> 4 while the S2 form stays 3, then S2 goes 3 -> 5, then S1 back to 2 beside V: the records
    // with coefficients 1, -1, 1, -1 cancel R's forms and leave V. Summed per rater, R's four totals (5, 7, 9, 7) are
    // three unknowns that no such combination cancels.
    var byForm = new RecordCombinations(List.of(record("A", "B", "C", "R/S1=2", "R/S2=3"),
        record("A", "B", "C", "R/S1=4", "R/S2=3"), record("A", "B", "C", "R/S1=4", "R/S2=5"),
        record("A", "B", "C", "R/S1=2", "R/S2=5", "V")));
    var byRater = new RecordCombinations(List.of(record("A", "B", "C", "R=5"), record("A", "B", "C", "R=7"),
        record("A", "B", "C", "R=9"), record("A", "B", "C", "R=7", "V")));

    assertThat(byForm.vanishesOutside(new long[] {-1, 1, -1, 1}, Set.of("V"))).isTrue();
    assertThat(byRater.vanishesOutside(new long[] {-1, 1, -1, 1}, Set.of("V"))).isFalse();
  }

  @Test
  void shouldCountATermInTwoPartsTwice() {
    // R's same totals in two groups' parts of one record (a relabel while the old part still shows them).
    Map<RecordCombinations.Term, Long> twice = record("A", "B", "C", "R");
    twice.merge(new RecordCombinations.Term("R", "R", new Contribution(1, 1, 1)), 1L, Long::sum);
    var combinations = new RecordCombinations(List.of(record("A", "B", "C", "R"), twice));

    RecordCombinations.Isolated isolated = combinations.fewerThan(3);

    assertThat(isolated).isNotNull();
    assertThat(isolated.raters()).containsExactly("R");
    assertThat(isolated.coefficients()).containsExactly(-1, 1);
  }
}
