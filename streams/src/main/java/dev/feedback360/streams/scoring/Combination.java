package dev.feedback360.streams.scoring;

import static dev.feedback360.streams.scoring.TeamAggregate.CELLS;
import static dev.feedback360.streams.scoring.TeamAggregate.POLES;
import static dev.feedback360.streams.scoring.TeamAggregate.POOLED_PARTS;
import static dev.feedback360.streams.scoring.TeamAggregate.SELF_PARTS;

import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Cells (their parts, bits) added or subtracted, as a reader of one record can: each term a cell's parts in
 * {@code cells}, with its sign in {@code signs}.
 *
 * @param withSquares whether a record shows the terms' spreads (their sums of squares read too; SELF shows none)
 * @param all every term's parts (bits)
 * @param summed whether every sign is +1 (then the terms' counts add up, as one cell of them all shows it)
 * @param asSums whether the rule reads the combination as sums of the terms (false for a {@code balance} of means,
 *     whose cells the pairs of cells read as sums already)
 * @param means whether the rule also reads it as a difference of means, weighted by the terms' counts, where a
 *     record shows it so ({@code selfBalance}, its mixes, {@code gap}, each {@code balance})
 */
record Combination(long[] cells, long[] signs, boolean withSquares, long all, boolean summed, boolean asSums,
    boolean means) {

  /** Read as sums, and also as means where a record shows it so ({@code selfBalance}, its mixes, {@code gap}). */
  Combination(long[] cells, long[] signs, boolean withSquares) {
    this(cells, signs, withSquares, union(cells), LongStream.of(signs).allMatch(sign -> sign > 0), true,
        (union(cells) & SELF_PARTS) != 0);
  }

  /**
   * Read as means only (a {@code balance}, whose cells the pairs of cells read as sums already): each term's cells
   * pooled into one mean.
   */
  static Combination ofMeans(long[] cells, long[] signs) {
    return new Combination(cells, signs, false, union(cells), false, false, true);
  }

  /** The parts of every term (bits). */
  private static long union(long[] cells) {
    return LongStream.of(cells).reduce(0, (a, b) -> a | b);
  }

  /** Every combination the publication rule checks ({@link PublicationChecks}). */
  static final List<Combination> ALL = combinations();

  private static List<Combination> combinations() {
    long[] pooled = new long[CELLS];
    long[] self = new long[CELLS];
    for (int cell = 0; cell < CELLS; cell++) {
      pooled[cell] = POOLED_PARTS[cell];
      self[cell] = 1L << (RaterGroup.SELF.ordinal() * CELLS + cell);
    }
    int leader = Pole.LEADER.ordinal();
    int manager = Pole.MANAGER.ordinal();
    int axes = CELLS / POLES;
    List<Combination> all = new ArrayList<>();
    for (int a = 0; a < CELLS; a++) {
      for (int b = a + 1; b < CELLS; b++) {
        all.add(new Combination(new long[] {pooled[a], pooled[b]}, new long[] {1, 1}, true));
        all.add(new Combination(new long[] {pooled[a], pooled[b]}, new long[] {1, -1}, true));
      }
    }
    long[] leaders = new long[axes];
    long[] managers = new long[axes];
    long[] both = new long[2 * axes];
    long[] plus = new long[axes];
    long[] balance = new long[2 * axes];
    for (int axis = 0; axis < axes; axis++) {
      leaders[axis] = pooled[axis * POLES + leader];
      managers[axis] = pooled[axis * POLES + manager];
      both[axis] = leaders[axis];
      both[axes + axis] = managers[axis];
      plus[axis] = 1;
      balance[axis] = 1;
      balance[axes + axis] = -1;
    }
    all.add(new Combination(leaders, plus, true));
    all.add(new Combination(managers, plus, true));
    all.add(new Combination(both, balance, true));
    // Each axis's balance and the overall balance, as the differences of means the records show.
    long allLeaders = 0;
    long allManagers = 0;
    for (int axis = 0; axis < axes; axis++) {
      all.add(Combination.ofMeans(new long[] {leaders[axis], managers[axis]}, new long[] {1, -1}));
      allLeaders |= leaders[axis];
      allManagers |= managers[axis];
    }
    all.add(Combination.ofMeans(new long[] {allLeaders, allManagers}, new long[] {1, -1}));
    for (int axis = 0; axis < axes; axis++) {
      long selfLeader = self[axis * POLES + leader];
      long selfManager = self[axis * POLES + manager];
      all.add(new Combination(new long[] {selfLeader, selfManager}, new long[] {1, -1}, false));
      all.add(new Combination(new long[] {selfLeader, selfManager, leaders[axis], managers[axis]},
          new long[] {1, -1, -1, 1}, false));
      // selfBalance plus balance: answers copied between SELF and the pooled groups (a self-assessment exported under
      // a peer's id, withdrawn and sent again as SELF) cancel in it, as copies between pooled groups cancel in a cell
      // (review 115).
      all.add(new Combination(new long[] {selfLeader, selfManager, leaders[axis], managers[axis]},
          new long[] {1, -1, 1, -1}, false));
      for (int other = axis + 1; other < axes; other++) {
        long otherLeader = self[other * POLES + leader];
        long otherManager = self[other * POLES + manager];
        all.add(new Combination(new long[] {selfLeader, selfManager, otherLeader, otherManager},
            new long[] {1, -1, 1, -1}, false));
        all.add(new Combination(new long[] {selfLeader, selfManager, otherLeader, otherManager},
            new long[] {1, -1, -1, 1}, false));
      }
    }
    return List.copyOf(all);
  }
}
