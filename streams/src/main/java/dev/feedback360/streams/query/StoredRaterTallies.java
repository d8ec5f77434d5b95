package dev.feedback360.streams.query;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.RaterTally;
import dev.feedback360.avro.internal.TeamRaterKey;
import dev.feedback360.streams.scoring.PackedCounters;
import dev.feedback360.streams.scoring.RaterTallies;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/** One team's rater tallies as entries {@code TeamRaterKey -> RaterTally} of the team aggregate store. */
final class StoredRaterTallies implements RaterTallies {

  private final KeyValueStore<SpecificRecord, SpecificRecord> store;
  private final TeamKey team;

  StoredRaterTallies(KeyValueStore<SpecificRecord, SpecificRecord> store, TeamKey team) {
    this.store = store;
    this.team = team;
  }

  @Override
  public int[] get(String raterId) {
    RaterTally stored = TeamScoresStore.tally(store, key(raterId));
    if (stored == null) {
      return null;
    }
    int[] tally = new int[TeamAggregate.TALLY_LENGTH];
    PackedCounters.unpack(stored.getCounts(), tally, "rater tally");
    return tally;
  }

  @Override
  public void put(String raterId, int[] tally) {
    ByteBuffer counts = PackedCounters.pack(tally);
    if (counts.hasRemaining()) {
      store.put(key(raterId), new RaterTally(counts));
    } else {
      store.delete(key(raterId));
    }
  }

  private TeamRaterKey key(String raterId) {
    return new TeamRaterKey(team.getCycleId(), team.getTeamId(), raterId);
  }
}
