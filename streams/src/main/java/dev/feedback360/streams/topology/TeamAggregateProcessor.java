package dev.feedback360.streams.topology;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.streams.json.TeamParticipationJson;
import dev.feedback360.streams.metrics.PipelineMetrics;
import dev.feedback360.streams.query.TeamScoresStore;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Applies change records to a team's exact totals (subtract before, add after) and participation counters, publishes
 * what the publication rule lets through, and emits the team's published scores when a change touched them (or a
 * tombstone once no response of the team is counted any more), and its participation when a participation figure
 * moved (or a tombstone once the team has neither nomination nor response). An emptied team's state (no totals,
 * just its last change times) stays in the store, so the team's updatedAt is the same whatever order changes arrive
 * in.
 *
 * <p>The teams it changed last are kept in memory as working {@link TeamAggregate}s (at most {@value #WORKING_TEAMS}
 * per task, least recently changed out first), so that a team's own state is not read back and decoded from the store
 * on every change: it is still written to the store, and its changelog, on every change. The working copies are
 * what the store holds, field for field (the state's packed form loses nothing); they are dropped whenever the
 * processor is (re)initialized or closed (a revived task restores its store first) and for a team whose change threw,
 * which is then read from the store again. A working team that was new when loaded also knows which raters have a
 * tally (their hash codes, about 8 bytes a rater), so a rater's first response in it is not looked up in the store.
 */
final class TeamAggregateProcessor implements Processor<TeamKey, ResponseChange, TeamKey, TeamUpdate> {

  /**
   * Working teams kept per task: about 10 MiB at most (3 to 10 KiB a team, its pending raters and the hash codes of
   * its raters included).
   */
  static final int WORKING_TEAMS = 1024;

  private final ScoreCalculator calculator;
  private final Roster roster;
  private final Map<TeamKey, TeamAggregate> working = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<TeamKey, TeamAggregate> eldest) {
      return size() > WORKING_TEAMS;
    }
  };
  private ProcessorContext<TeamKey, TeamUpdate> context;
  private TeamScoresStore store;
  private PipelineMetrics metrics;

  TeamAggregateProcessor(ScoreCalculator calculator, Roster roster) {
    this.calculator = calculator;
    this.roster = roster;
  }

  @Override
  public void init(ProcessorContext<TeamKey, TeamUpdate> context) {
    this.context = context;
    this.store = TeamScoresStore.writable(context.getStateStore(StoreNames.TEAM_AGGREGATES), calculator);
    this.metrics = PipelineMetrics.from(context.appConfigs());
    working.clear();
  }

  @Override
  public void close() {
    working.clear();
  }

  @Override
  public void process(Record<TeamKey, ResponseChange> record) {
    TeamKey team = record.key();
    try {
      process(team, record);
    } catch (RuntimeException | Error e) {
      // The working copy may be half changed: the store's entry is the truth for the next change.
      working.remove(team);
      throw e;
    }
  }

  private void process(TeamKey team, Record<TeamKey, ResponseChange> record) {
    ResponseChange change = record.value();
    TeamAggregate aggregate = working.get(team);
    if (aggregate == null) {
      aggregate = store.aggregate(team);
      working.put(team, aggregate);
    }
    boolean hadResponses = !aggregate.isEmpty();
    boolean hadParticipation = aggregate.hasParticipation();
    aggregate.change(change.getBefore(), change.getAfter(), change.getRoster(), change.getMovedCells(),
        Instant.ofEpochMilli(record.timestamp()));
    // An emptied team keeps its (small) state: its event times and what it published must survive, or updatedAt
    // and the publication rule would depend on the order in which partitions delivered a withdrawal and the team's
    // next responses.
    store.put(team, aggregate);
    if (change.getBefore() != null || change.getAfter() != null) {
      if (!aggregate.isEmpty()) {
        TeamScores scores = store.scores(team, aggregate);
        metrics.teamUpdate(scores);
        context.forward(published(record, new TeamUpdate.Scores(scores)));
      } else if (hadResponses) {
        metrics.teamUpdate(null);
        context.forward(published(record, new TeamUpdate.Scores(null)));
      }
    }
    if (aggregate.participationChanged() || hadParticipation != aggregate.hasParticipation()) {
      if (aggregate.hasParticipation()) {
        context.forward(published(record, new TeamUpdate.Participation(TeamParticipationJson.toJsonLine(
            aggregate.participation(team.getCycleId(), team.getTeamId(), roster.optionName())))));
      } else if (hadParticipation) {
        context.forward(published(record, new TeamUpdate.Participation(null)));
      }
    }
  }

  /**
   * An output record of the change: its team and time, and no headers. The key side forwards none, but a record
   * written to the repartition topic by a version that still forwarded the input's headers (before review 71) may
   * carry them, and they would name the rater on every output.
   */
  private static Record<TeamKey, TeamUpdate> published(Record<TeamKey, ResponseChange> change, TeamUpdate update) {
    return new Record<>(change.key(), update, change.timestamp());
  }
}
