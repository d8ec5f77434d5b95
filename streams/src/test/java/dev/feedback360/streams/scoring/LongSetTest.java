package dev.feedback360.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LongSetTest {

  @Test
  void shouldHoldWhatALinkedHashSetHoldsInTheSameOrderAlsoWhenEmptiedAndFilledAgain() {
    Random random = new Random(42);
    LongSet reused = new LongSet(4);
    for (int run = 0; run < 200; run++) {
      // Half the runs on a new set, half on one set emptied after every run, as the rule's searches reuse theirs.
      LongSet set = run % 2 == 0 ? new LongSet(1 + random.nextInt(8)) : reused;
      Set<Long> model = new LinkedHashSet<>();
      int adds = random.nextInt(3000);
      // Values from a small range repeat; some far apart collide in the low bits.
      for (int i = 0; i < adds; i++) {
        long value = random.nextBoolean() ? random.nextInt(64) - 32 : ((long) random.nextInt(16) << 32) - 5;
        assertThat(set.add(value)).isEqualTo(model.add(value));
      }
      List<Long> values = new ArrayList<>();
      for (int place = 0; place < set.size(); place++) {
        values.add(set.get(place));
      }
      assertThat(values).containsExactlyElementsOf(model);
      for (long probe = -40; probe < 40; probe++) {
        assertThat(set.contains(probe)).isEqualTo(model.contains(probe));
      }
      assertThat(set.contains(Long.MIN_VALUE)).isEqualTo(model.contains(Long.MIN_VALUE));
      if (set == reused) {
        reused.clear();
        assertThat(reused.size()).isZero();
        assertThat(reused.contains(values.isEmpty() ? 0 : values.get(0))).as("emptied").isFalse();
      }
    }
  }
}
