package dev.feedback360.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PendingChanges#count}, kept as changes come, against the raters' own pending deltas, counted afresh. */
class PendingChangesTest {

  @Test
  void shouldCountThePendingRatersOfEveryPartThroughChangesPublicationsAndPacking() {
    Random random = new Random(360);
    PendingChanges changes = new PendingChanges();
    // The model: per (rater, part) the net change in n since the part was last published.
    Map<String, long[]> model = new HashMap<>();
    for (int step = 0; step < 20_000; step++) {
      int part = random.nextInt(TeamAggregate.PARTS);
      if (random.nextInt(40) == 0) {
        changes.published(part);
        model.values().forEach(net -> net[part] = 0);
      } else {
        String rater = "r" + random.nextInt(8);
        // +1 or -1 score of 3: a rater's changes often cancel back to nothing pending.
        long n = random.nextBoolean() ? 1 : -1;
        changes.record(rater, part, n, 3 * n, 9 * n, 0, 0);
        model.computeIfAbsent(rater, r -> new long[TeamAggregate.PARTS])[part] += n;
      }
      if (step % 500 == 0) {
        changes = PendingChanges.unpack(changes.pack());
      }
      for (int p = 0; p < TeamAggregate.PARTS; p++) {
        int at = p;
        long expected = model.values().stream().filter(net -> net[at] != 0).count();
        assertThat(changes.count(p)).as("raters pending on part %d at step %d", p, step).isEqualTo(expected);
      }
    }
  }
}
