package dev.feedback360.streams.query;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.RaterTally;
import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.avro.internal.TeamRaterKey;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.streams.topology.StoreNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@value StoreNames#TEAM_AGGREGATES} store as what it means: the teams' totals and, derived from them by the
 * app's one {@link ScoreCalculator}, their scores. The store mixes two kinds of entries, {@code TeamKey ->
 * TeamAggregateState} (a team's totals) and {@code TeamRaterKey -> RaterTally} (one rater's reference counts in a
 * team); this class is the one place that knows it.
 *
 * <p>The topology's processor reads and writes through {@link #writable}; interactive queries read through
 * {@link #readOnly}. Exceptions of the underlying store (an {@code InvalidStateStoreException} while it migrates)
 * pass through.
 */
public final class TeamScoresStore {

  private final ReadOnlyKeyValueStore<SpecificRecord, SpecificRecord> entries;
  /** The same store when it may be written; null for a read-only view. */
  private final KeyValueStore<SpecificRecord, SpecificRecord> writable;
  private final ScoreCalculator calculator;

  private TeamScoresStore(ReadOnlyKeyValueStore<SpecificRecord, SpecificRecord> entries,
      KeyValueStore<SpecificRecord, SpecificRecord> writable, ScoreCalculator calculator) {
    this.entries = entries;
    this.writable = writable;
    this.calculator = calculator;
  }

  /** A view for queries: scores only, nothing written. */
  public static TeamScoresStore readOnly(ReadOnlyKeyValueStore<SpecificRecord, SpecificRecord> store,
      ScoreCalculator calculator) {
    return new TeamScoresStore(store, null, calculator);
  }

  /** The processor's view: teams' totals to change and put back, and their scores. */
  public static TeamScoresStore writable(KeyValueStore<SpecificRecord, SpecificRecord> store,
      ScoreCalculator calculator) {
    return new TeamScoresStore(store, store, calculator);
  }

  /**
   * The team's scores, or empty when no response of the team counts: never responded to, every response withdrawn
   * or moved away (team-scores holds a tombstone for it), or only nominated.
   */
  public Optional<TeamScores> team(TeamKey team) {
    TeamAggregateState state = state(team);
    return hasScores(state) ? Optional.of(scores(team, state)) : Optional.empty();
  }

  /**
   * The scores of every team with a counted response, of one cycle or (cycle null) of all, ordered by cycle and
   * team.
   */
  public List<TeamScores> teams(String cycle) {
    List<TeamScores> teams = new ArrayList<>();
    try (KeyValueIterator<SpecificRecord, SpecificRecord> all = entries.all()) {
      while (all.hasNext()) {
        KeyValue<SpecificRecord, SpecificRecord> entry = all.next();
        if (entry.key instanceof TeamKey team && (cycle == null || cycle.equals(team.getCycleId()))
            && hasScores((TeamAggregateState) entry.value)) {
          teams.add(scores(team, (TeamAggregateState) entry.value));
        }
      }
    }
    teams.sort(Comparator.comparing(TeamScores::getCycleId).thenComparing(TeamScores::getTeamId));
    return teams;
  }

  /** Cycle id to the number of teams with a counted response in that cycle, ordered by cycle. */
  public SortedMap<String, Integer> cycles() {
    SortedMap<String, Integer> cycles = new TreeMap<>();
    try (KeyValueIterator<SpecificRecord, SpecificRecord> all = entries.all()) {
      while (all.hasNext()) {
        KeyValue<SpecificRecord, SpecificRecord> entry = all.next();
        if (entry.key instanceof TeamKey team && hasScores((TeamAggregateState) entry.value)) {
          cycles.merge(team.getCycleId(), 1, Integer::sum);
        }
      }
    }
    return cycles;
  }

  /**
   * The team's totals to apply changes to, its rater tallies read and written in this store as the changes need
   * them; an empty team when the store has none. Only on a {@link #writable} store.
   */
  public TeamAggregate aggregate(TeamKey team) {
    TeamAggregateState state = state(team);
    // A tally is written only with its team's state (TeamAggregateProcessor puts the state after every change), so a
    // team without state has no tally yet: every tally it gets is written through this aggregate.
    return TeamAggregate.fromState(state, new StoredRaterTallies(requireWritable(), team, state == null),
        calculator.config());
  }

  /** Stores the team's totals (its rater tallies are already stored). Only on a {@link #writable} store. */
  public void put(TeamKey team, TeamAggregate aggregate) {
    requireWritable().put(team, aggregate.toState());
  }

  /** The scores the team's totals publish. */
  public TeamScores scores(TeamKey team, TeamAggregate aggregate) {
    return calculator.scores(team, aggregate);
  }

  private TeamScores scores(TeamKey team, TeamAggregateState state) {
    return scores(team, TeamAggregate.fromState(state, calculator.config()));
  }

  /**
   * Whether the team's state has scores to answer: the store keeps a team's state once its last response stopped
   * counting (its event times, what it published) and a team's that only has nominations, neither of which has a
   * record in team-scores.
   */
  private static boolean hasScores(TeamAggregateState state) {
    return state != null && state.getResponses() > 0;
  }

  private TeamAggregateState state(TeamKey team) {
    return (TeamAggregateState) entries.get(team);
  }

  /** A rater's tally in a team, or null. */
  static RaterTally tally(ReadOnlyKeyValueStore<SpecificRecord, SpecificRecord> store, TeamRaterKey rater) {
    return (RaterTally) store.get(rater);
  }

  private KeyValueStore<SpecificRecord, SpecificRecord> requireWritable() {
    if (writable == null) {
      throw new UnsupportedOperationException("This view of the team aggregates store is read-only");
    }
    return writable;
  }
}
