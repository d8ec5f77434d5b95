package dev.feedback360.streams.topology;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.RaterTally;
import dev.feedback360.avro.internal.TeamRaterKey;
import dev.feedback360.streams.scoring.RaterTallies;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.util.ArrayList;
import java.util.List;
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
    SpecificRecord stored = store.get(key(raterId));
    if (stored == null) {
      return null;
    }
    List<Integer> counts = ((RaterTally) stored).getCounts();
    if (counts.size() != TeamAggregate.TALLY_LENGTH) {
      throw new IllegalStateException("Stored rater tally has " + counts.size() + " counts where "
          + TeamAggregate.TALLY_LENGTH + " are expected; reset the application");
    }
    int[] tally = new int[counts.size()];
    for (int i = 0; i < tally.length; i++) {
      tally[i] = counts.get(i);
    }
    return tally;
  }

  @Override
  public void put(String raterId, int[] tally) {
    boolean zero = true;
    List<Integer> counts = new ArrayList<>(tally.length);
    for (int count : tally) {
      counts.add(count);
      zero &= count == 0;
    }
    if (zero) {
      store.delete(key(raterId));
    } else {
      store.put(key(raterId), new RaterTally(counts));
    }
  }

  private TeamRaterKey key(String raterId) {
    return new TeamRaterKey(team.getCycleId(), team.getTeamId(), raterId);
  }
}
