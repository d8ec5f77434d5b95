package dev.feedback360.streams.query;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.RaterTally;
import dev.feedback360.avro.internal.TeamRaterKey;
import dev.feedback360.streams.scoring.PackedCounters;
import dev.feedback360.streams.scoring.RaterTallies;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One team's rater tallies as entries {@code TeamRaterKey -> RaterTally} of the team aggregate store: the scores part
 * of a tally in {@code counts}, the roster part in {@code roster} (so tallies stored before rosters existed read).
 *
 * <p>For a team that had no state in the store when it was loaded (a tally is only ever written together with its
 * team's state, so such a team has no tally yet), the hash codes of the raters given a tally since are kept: a rater
 * whose hash was never seen has no tally, which answers a rater's first response in the team (most raters have one)
 * without a store lookup. Two raters sharing a hash code only cost a lookup; the tallies themselves are always read
 * from and written to the store.
 */
final class StoredRaterTallies implements RaterTallies {

  private final KeyValueStore<SpecificRecord, SpecificRecord> store;
  private final TeamKey team;
  /** The raters given a tally, when every tally of the team is written through this object; else null. */
  private final HashCodeSet written;

  /**
   * @param complete true when the store holds no tally of the team (the team has no state there yet): every tally
   *     the team will have is then written through this object
   */
  StoredRaterTallies(KeyValueStore<SpecificRecord, SpecificRecord> store, TeamKey team, boolean complete) {
    this.store = store;
    this.team = team;
    this.written = complete ? new HashCodeSet() : null;
  }

  @Override
  public void read(String raterId, int[] into) {
    RaterTally stored = written != null && !written.contains(raterId.hashCode()) ? null
        : TeamScoresStore.tally(store, key(raterId));
    if (stored == null) {
      Arrays.fill(into, 0);
      return;
    }
    PackedCounters.unpack(stored.getCounts(), into, 0, TeamAggregate.TALLY_LENGTH, "rater tally");
    PackedCounters.unpack(stored.getRoster(), into, TeamAggregate.TALLY_LENGTH, TeamAggregate.RATER_TALLY_LENGTH,
        "rater roster tally");
  }

  @Override
  public void put(String raterId, int[] tally) {
    ByteBuffer counts = PackedCounters.pack(tally, 0, TeamAggregate.TALLY_LENGTH);
    ByteBuffer roster = PackedCounters.pack(tally, TeamAggregate.TALLY_LENGTH, TeamAggregate.RATER_TALLY_LENGTH);
    if (counts.hasRemaining() || roster.hasRemaining()) {
      store.put(key(raterId), new RaterTally(counts, roster));
      if (written != null) {
        written.add(raterId.hashCode());
      }
    } else {
      // The hash stays: another rater may share it.
      store.delete(key(raterId));
    }
  }

  private TeamRaterKey key(String raterId) {
    return new TeamRaterKey(team.getCycleId(), team.getTeamId(), raterId);
  }
}
