package dev.feedback360.streams.topology;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies change records to a team's exact totals (subtract before, add after), publishes what the publication rule
 * lets through, and emits the team's published scores, or a tombstone once no response of the team is counted any
 * more. An emptied team's state (no totals, just its last
 * change time) stays in the store, so the team's updatedAt is the same whatever order changes arrive in.
 */
final class TeamAggregateProcessor implements Processor<TeamKey, ResponseChange, TeamKey, TeamScores> {

  private final ScoringConfig scoring;
  private final ScoreCalculator calculator;
  private ProcessorContext<TeamKey, TeamScores> context;
  private KeyValueStore<SpecificRecord, SpecificRecord> store;

  TeamAggregateProcessor(ScoringConfig scoring) {
    this.scoring = scoring;
    this.calculator = new ScoreCalculator(scoring);
  }

  @Override
  public void init(ProcessorContext<TeamKey, TeamScores> context) {
    this.context = context;
    this.store = context.getStateStore(StoreNames.TEAM_AGGREGATES);
  }

  @Override
  public void process(Record<TeamKey, ResponseChange> record) {
    TeamKey team = record.key();
    ResponseChange change = record.value();
    TeamAggregateState stored = (TeamAggregateState) store.get(team);
    TeamAggregate aggregate = TeamAggregate.fromState(stored, new StoredRaterTallies(store, team), scoring);
    aggregate.change(change.getBefore(), change.getAfter(), Instant.ofEpochMilli(record.timestamp()));
    // An emptied team keeps its (small) state: its event times and what it published must survive, or updatedAt
    // and the publication rule would depend on the order in which partitions delivered a withdrawal and the team's
    // next responses.
    store.put(team, aggregate.toState());
    if (aggregate.isEmpty()) {
      if (stored != null && stored.getResponses() > 0) {
        context.forward(record.withValue(null));
      }
      return;
    }
    context.forward(record.withValue(calculator.scores(team, aggregate)));
  }
}
