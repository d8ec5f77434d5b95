package dev.feedback360.streams.topology;

import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.RaterTallies;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The teams one of {@link ScoresFold}'s team threads folds, and their rater tallies. A team changed lately is held
 * in its working form; the others are held packed, as the topology's team store keeps a team ({@link
 * TeamAggregate#toState}, Avro-encoded), and restored when a change reaches them. The working form takes some
 * kilobytes however few a team's raters (its fixed arrays) where the packed form of a small team takes a few hundred
 * bytes, so a replay over many small teams needs heap for the teams it changes lately, not for every team it has
 * seen (review 68: 100,000 teams of a few raters each ran a 512 MiB replay out of heap).
 *
 * <p>At most {@code working} teams are held in their working form; the one to pack when another is needed is
 * chosen by the clock rule (a team changed since the clock's hand last passed it is passed over once). A team packed
 * and restored goes through exactly what the topology's store puts every team through between two changes, so the
 * results are the same ({@code ScoresFoldPropertyTest} folds with one working team per thread).
 *
 * <p>Used by one thread at a time: its team thread while folding, then the fold's caller once the team threads are
 * done.
 */
final class HeldTeams {

  private static final AvroSerde<TeamAggregateState> STATE_SERDE = AvroSerdes.teamAggregateState();

  private final int thread;
  private final int threads;
  private final int working;
  private final ScoringConfig config;
  private final TallyTable tallies = new TallyTable();
  /** Per team of this thread (index {@code team / threads}): its working form, or null. */
  private TeamAggregate[] live = new TeamAggregate[64];
  /** Per team of this thread: its packed form while not in its working form, or null (a team never changed). */
  private byte[][] packed = new byte[64][];
  /** Per team of this thread: changed since the clock's hand last passed it. */
  private boolean[] changedLately = new boolean[64];
  /** The teams in their working form, by local index, in the clock's order. */
  private int[] clock = new int[16];
  private int inWorkingForm;
  private int hand;
  private long packings;

  /**
   * @param thread this thread's number, from 0
   * @param threads the fold's team threads (team {@code t} is folded by thread {@code t % threads})
   * @param working teams held in their working form at most, at least 1
   */
  HeldTeams(int thread, int threads, int working, ScoringConfig config) {
    if (working < 1) {
      throw new IllegalArgumentException("A fold holds at least 1 team in its working form, not " + working);
    }
    this.thread = thread;
    this.threads = threads;
    this.working = working;
    this.config = config;
  }

  /** The team's working form to change, restored or created when it has none; another team may be packed. */
  TeamAggregate forChange(int team) {
    int local = local(team);
    TeamAggregate aggregate = live[local];
    if (aggregate == null) {
      aggregate = TeamAggregate.fromState(packed[local] == null ? null : STATE_SERDE.decode(packed[local]),
          new TeamTallies(team, tallies), config);
      packed[local] = null;
      admit(local, aggregate);
    }
    changedLately[local] = true;
    return aggregate;
  }

  /**
   * The team as it stands, to read its scores (not to change: a packed team is restored without its tallies); an
   * empty team for one never changed.
   */
  TeamAggregate forReading(int team) {
    int local = local(team);
    if (live[local] != null) {
      return live[local];
    }
    return TeamAggregate.fromState(packed[local] == null ? null : STATE_SERDE.decode(packed[local]), config);
  }

  /** How many times a team was packed to make room for another. */
  long packings() {
    return packings;
  }

  private int local(int team) {
    if (team % threads != thread) {
      throw new IllegalArgumentException("Team " + team + " is folded by thread " + team % threads + ", not " + thread);
    }
    int local = team / threads;
    if (local >= live.length) {
      int capacity = Math.max(local + 1, live.length * 2);
      live = Arrays.copyOf(live, capacity);
      packed = Arrays.copyOf(packed, capacity);
      changedLately = Arrays.copyOf(changedLately, capacity);
    }
    return local;
  }

  /** Puts the team in its working form, packing the first one the clock's hand finds not changed lately. */
  private void admit(int local, TeamAggregate aggregate) {
    if (inWorkingForm < working) {
      if (inWorkingForm == clock.length) {
        clock = Arrays.copyOf(clock, (int) Math.min(working, clock.length * 2L));
      }
      clock[inWorkingForm++] = local;
    } else {
      while (changedLately[clock[hand]]) {
        changedLately[clock[hand]] = false;
        hand = (hand + 1) % working;
      }
      int out = clock[hand];
      packed[out] = STATE_SERDE.encode(live[out].toState());
      live[out] = null;
      packings++;
      clock[hand] = local;
      hand = (hand + 1) % working;
    }
    live[local] = aggregate;
  }

  /**
   * The rater tallies of this thread's teams: key = team index (4 bytes) + the rater id, compacted; per key one byte
   * per count.
   */
  private static final class TallyTable {
    private final ByteKeyTable keys = new ByteKeyTable();
    private final CompactKey keyBuffer = new CompactKey();
    private final List<byte[]> counts = new ArrayList<>();
  }

  /**
   * One team's rater tallies in its thread's table: one byte per count (a rater's responses in one team are at most
   * one per subject of the team; more than 255 stops the replay).
   */
  private static final class TeamTallies implements RaterTallies {
    private static final int PER_CHUNK = 4096;
    private static final int MAX_COUNT = 255;
    private final int team;
    private final ByteKeyTable tallyKeys;
    private final CompactKey tallyKeyBuffer;
    private final List<byte[]> tallyCounts;
    /** The rater of the last get and the id found for them (-1: absent): the put that follows uses it. */
    private String lastRater;
    private int lastId;

    TeamTallies(int team, TallyTable table) {
      this.team = team;
      this.tallyKeys = table.keys;
      this.tallyKeyBuffer = table.keyBuffer;
      this.tallyCounts = table.counts;
    }

    @Override
    public void read(String raterId, int[] into) {
      CompactKey key = key(raterId);
      int id = tallyKeys.find(key.bytes(), 0, key.size());
      lastRater = raterId;
      lastId = id;
      if (id < 0) {
        Arrays.fill(into, 0);
        return;
      }
      byte[] chunk = tallyCounts.get(id / PER_CHUNK);
      int at = (id % PER_CHUNK) * TeamAggregate.RATER_TALLY_LENGTH;
      for (int i = 0; i < into.length; i++) {
        into[i] = chunk[at + i] & 0xff;
      }
    }

    @Override
    public void put(String raterId, int[] tally) {
      int id;
      if (raterId.equals(lastRater) && lastId >= 0) {
        id = lastId;
      } else {
        CompactKey key = key(raterId);
        id = tallyKeys.findOrAdd(key.bytes(), 0, key.size());
      }
      lastRater = raterId;
      lastId = id;
      while (tallyCounts.size() <= id / PER_CHUNK) {
        tallyCounts.add(new byte[PER_CHUNK * TeamAggregate.RATER_TALLY_LENGTH]);
      }
      byte[] chunk = tallyCounts.get(id / PER_CHUNK);
      int at = (id % PER_CHUNK) * TeamAggregate.RATER_TALLY_LENGTH;
      for (int i = 0; i < tally.length; i++) {
        if (tally[i] > MAX_COUNT) {
          throw new IllegalStateException("A rater has " + tally[i] + " counted responses in one team, more than "
              + "the fast replay holds per rater and team (" + MAX_COUNT + "); replay with --mode topology");
        }
        chunk[at + i] = (byte) tally[i];
      }
    }

    private CompactKey key(String raterId) {
      return tallyKeyBuffer.clear().putInt(team).putRater(raterId);
    }
  }
}
