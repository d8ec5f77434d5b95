package dev.feedback360.streams.scoring;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a team's per-rater reference counts live: in memory for a stand-alone {@link TeamAggregate}, in the state
 * store (one entry per rater) in the streams app, so that updating a team touches one small entry per rater
 * instead of rewriting every rater of the team.
 *
 * <p>A tally is an {@code int[]} of {@link TeamAggregate#RATER_TALLY_LENGTH}: per rater group g, at {@code g * 7} the
 * rater's counted responses in that group with at least one score, and at {@code g * 7 + 1 + cell} those that
 * scored the cell; then, after {@link TeamAggregate#TALLY_LENGTH}, per group g at {@code g * 2} the rater's
 * nominations in this team and group and at {@code g * 2 + 1} those answered.
 */
public interface RaterTallies {

  /**
   * Reads the rater's tally into {@code into} ({@link TeamAggregate#RATER_TALLY_LENGTH} long): all zero when none of
   * their responses is counted. The caller owns the array: a team's change reads every tally into the same one.
   */
  void read(String raterId, int[] into);

  /** Stores the rater's tally (what is kept is a copy: the caller reuses the array); all zero removes the rater. */
  void put(String raterId, int[] tally);

  /** Tallies in a HashMap. */
  static RaterTallies inMemory() {
    Map<String, int[]> tallies = new HashMap<>();
    return new RaterTallies() {
      @Override
      public void read(String raterId, int[] into) {
        int[] tally = tallies.get(raterId);
        if (tally == null) {
          Arrays.fill(into, 0);
        } else {
          System.arraycopy(tally, 0, into, 0, into.length);
        }
      }

      @Override
      public void put(String raterId, int[] tally) {
        if (TeamAggregate.isZero(tally)) {
          tallies.remove(raterId);
        } else {
          tallies.put(raterId, tally.clone());
        }
      }
    };
  }
}
