package dev.feedback360.streams.query;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.RaterTally;
import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.avro.internal.TeamRaterKey;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.streams.topology.StoreNames;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@value StoreNames#TEAM_AGGREGATES} store as what it means: the teams' totals and, derived from them by the
 * app's one {@link ScoreCalculator}, their scores. The store mixes two kinds of entries, {@code TeamKey ->
 * TeamAggregateState} (a team's totals) and {@code TeamRaterKey -> RaterTally} (one rater's reference counts in a
 * team); this class is the one place that knows it.
 *
 * <p>Only the topology's processor reads it: nothing answers queries from it, as under exactly-once it also holds
 * the changes of a transaction still open (the dashboard answers from the committed {@code team-scores-json}).
 */
public final class TeamScoresStore {

  private final KeyValueStore<SpecificRecord, SpecificRecord> entries;
  private final ScoreCalculator calculator;

  private TeamScoresStore(KeyValueStore<SpecificRecord, SpecificRecord> entries, ScoreCalculator calculator) {
    this.entries = entries;
    this.calculator = calculator;
  }

  /** The processor's view: teams' totals to change and put back, and their scores. */
  public static TeamScoresStore writable(KeyValueStore<SpecificRecord, SpecificRecord> store,
      ScoreCalculator calculator) {
    return new TeamScoresStore(store, calculator);
  }

  /**
   * The team's totals to apply changes to, its rater tallies read and written in this store as the changes need
   * them; an empty team when the store has none.
   */
  public TeamAggregate aggregate(TeamKey team) {
    TeamAggregateState state = state(team);
    // A tally is written only with its team's state (TeamAggregateProcessor puts the state after every change), so a
    // team without state has no tally yet: every tally it gets is written through this aggregate.
    return TeamAggregate.fromState(state, new StoredRaterTallies(entries, team, state == null),
        calculator.config());
  }

  /** Stores the team's totals (its rater tallies are already stored). */
  public void put(TeamKey team, TeamAggregate aggregate) {
    entries.put(team, aggregate.toState());
  }

  /** The scores the team's totals publish. */
  public TeamScores scores(TeamKey team, TeamAggregate aggregate) {
    return calculator.scores(team, aggregate);
  }

  private TeamAggregateState state(TeamKey team) {
    return (TeamAggregateState) entries.get(team);
  }

  /** A rater's tally in a team, or null. */
  static RaterTally tally(ReadOnlyKeyValueStore<SpecificRecord, SpecificRecord> store, TeamRaterKey rater) {
    return (RaterTally) store.get(rater);
  }
}
