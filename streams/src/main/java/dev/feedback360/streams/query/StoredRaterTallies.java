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
  private final HashCodes written;

  /**
   * @param complete true when the store holds no tally of the team (the team has no state there yet): every tally
   *     the team will have is then written through this object
   */
  StoredRaterTallies(KeyValueStore<SpecificRecord, SpecificRecord> store, TeamKey team, boolean complete) {
    this.store = store;
    this.team = team;
    this.written = complete ? new HashCodes() : null;
  }

  @Override
  public int[] get(String raterId) {
    if (written != null && !written.contains(raterId.hashCode())) {
      return null;
    }
    RaterTally stored = TeamScoresStore.tally(store, key(raterId));
    if (stored == null) {
      return null;
    }
    int[] scores = new int[TeamAggregate.TALLY_LENGTH];
    PackedCounters.unpack(stored.getCounts(), scores, "rater tally");
    int[] roster = new int[TeamAggregate.ROSTER_TALLY_LENGTH];
    PackedCounters.unpack(stored.getRoster(), roster, "rater roster tally");
    int[] tally = Arrays.copyOf(scores, TeamAggregate.RATER_TALLY_LENGTH);
    System.arraycopy(roster, 0, tally, TeamAggregate.TALLY_LENGTH, roster.length);
    return tally;
  }

  @Override
  public void put(String raterId, int[] tally) {
    ByteBuffer counts = PackedCounters.pack(Arrays.copyOf(tally, TeamAggregate.TALLY_LENGTH));
    ByteBuffer roster = PackedCounters.pack(
        Arrays.copyOfRange(tally, TeamAggregate.TALLY_LENGTH, TeamAggregate.RATER_TALLY_LENGTH));
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

  /** A set of ints, open addressing: about 8 bytes per rater of a team. */
  private static final class HashCodes {
    private int[] slots = new int[16];
    private int size;

    boolean contains(int hash) {
      int stored = stored(hash);
      int mask = slots.length - 1;
      for (int i = mix(stored) & mask; slots[i] != 0; i = (i + 1) & mask) {
        if (slots[i] == stored) {
          return true;
        }
      }
      return false;
    }

    void add(int hash) {
      if (contains(hash)) {
        return;
      }
      if ((size + 1) * 2 > slots.length) {
        int[] old = slots;
        slots = new int[old.length * 2];
        for (int value : old) {
          if (value != 0) {
            insert(value);
          }
        }
      }
      insert(stored(hash));
      size++;
    }

    /** 0 marks an empty slot, so hash code 0 is kept as 1: one more shared hash code, which costs a lookup only. */
    private static int stored(int hash) {
      return hash == 0 ? 1 : hash;
    }

    private void insert(int hash) {
      int mask = slots.length - 1;
      int i = mix(hash) & mask;
      while (slots[i] != 0) {
        i = (i + 1) & mask;
      }
      slots[i] = hash;
    }

    private static int mix(int hash) {
      int h = hash * 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }
}
