package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.streams.scoring.LongSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link KeyHistory#readsAsBefore}, which looks one half of the other cells' sums up in the other half's, against
 * {@link KeyHistory#readsAsBeforeListing}, which lists every sum: the same answer for every changed cell and reading,
 * on seeded random versions and differences, sparse and dense, small and near the listing's limit.
 */
class ReadsAsBeforeTest {

  private static final int CELLS = 6;

  @Test
  void shouldAnswerAsListingEverySumDoes() {
    Random random = new Random(20261205L);
    KeyHistory.Sets sets = new KeyHistory.Sets();
    int yes = 0;
    int no = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      int spread = 1 + random.nextInt(trial % 3 == 0 ? 4 : 40);
      List<LongSet> differences = new ArrayList<>();
      for (int cell = 0; cell < CELLS; cell++) {
        LongSet set = new LongSet(16);
        int size = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(trial % 5 == 0 ? 12 : 4);
        for (int d = 0; d < size; d++) {
          set.add(random.nextInt(2 * spread + 1) - spread);
        }
        differences.add(set);
      }
      List<long[]> versions = new ArrayList<>();
      for (int v = 1 + random.nextInt(4); v > 0; v--) {
        versions.add(new long[] {random.nextInt(4), random.nextInt(2 * spread + 1) - spread, random.nextInt(50)});
      }
      List<Long> afterCells = new ArrayList<>();
      for (int at = 0; at < CELLS * 3; at++) {
        afterCells.add((long) random.nextInt(4));
      }
      int cell = random.nextInt(CELLS);
      int reading = 1 + random.nextInt(4);
      long scale = random.nextBoolean() ? 1 : 1 + random.nextInt(6);

      boolean listed = KeyHistory.readsAsBeforeListing(versions, differences, afterCells, cell, reading, scale, sets);
      boolean halves = KeyHistory.readsAsBefore(versions, differences, afterCells, cell, reading, scale, sets);

      assertThat(halves).as("trial %d: cell %d, reading %d, differences %s, versions %s", trial, cell, reading,
          describe(differences), describeVersions(versions)).isEqualTo(listed);
      if (listed) {
        yes++;
      } else {
        no++;
      }
    }
    // Both answers are common, so a lookup that always said yes, or always no, would fail above.
    assertThat(yes).as("trials read as before").isGreaterThan(1_000);
    assertThat(no).as("trials not read as before").isGreaterThan(1_000);
  }

  private static String describe(List<LongSet> differences) {
    StringBuilder text = new StringBuilder();
    for (LongSet set : differences) {
      text.append('{');
      for (int place = 0; place < set.size(); place++) {
        text.append(place == 0 ? "" : ",").append(set.get(place));
      }
      text.append('}');
    }
    return text.toString();
  }

  private static String describeVersions(List<long[]> versions) {
    StringBuilder text = new StringBuilder();
    for (long[] version : versions) {
      text.append(Arrays.toString(version));
    }
    return text.toString();
  }
}
