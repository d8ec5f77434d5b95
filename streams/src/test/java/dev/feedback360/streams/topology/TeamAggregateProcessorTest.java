package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.testkit.WorkedExample;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The processor keeps the teams it changed last as working aggregates instead of reading them back from the store on
 * every change: what it emits must stay what a processor reading every team from the store emits.
 */
class TeamAggregateProcessorTest {

  private static final TeamKey TEAM = new TeamKey(WorkedExample.CYCLE, WorkedExample.TEAM);
  private static final ScoreCalculator CALCULATOR = new ScoreCalculator(ScoringConfig.defaults());

  @Test
  void shouldEmitWhatAProcessorReadingTheStoreEmitsAfterAChangeThrew() {
    List<SurveyResponse> responses = WorkedExample.responses();
    MockProcessorContext<TeamKey, TeamUpdate> kept = context();
    TeamAggregateProcessor working = new TeamAggregateProcessor(CALCULATOR, Roster.OPEN);
    working.init(kept);
    MockProcessorContext<TeamKey, TeamUpdate> reread = context();
    TeamAggregateProcessor fresh = new TeamAggregateProcessor(CALCULATOR, Roster.OPEN);
    fresh.init(reread);
    // Takes out a response of a rater never counted: it throws after the team's response count moved.
    ResponseChange never = new ResponseChange(contribution(responses.get(1)), null, null);

    for (int i = 0; i < responses.size(); i++) {
      ResponseChange add = new ResponseChange(null, contribution(responses.get(i)), null);
      long time = responses.get(i).getSubmittedAt().toEpochMilli();
      if (i == 1) {
        // Without the second rater counted yet: the working copy is left half changed by the failure.
        assertThatThrownBy(() -> working.process(new Record<>(TEAM, never, time)))
            .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fresh.process(new Record<>(TEAM, never, time)))
            .isInstanceOf(IllegalStateException.class);
      }
      working.process(new Record<>(TEAM, add, time));
      // The other processor reads the team from its store on every change, as before working aggregates.
      fresh.init(reread);
      fresh.process(new Record<>(TEAM, add, time));
    }
    // Every response out again: a count left wrong by the failure would empty the team a change early.
    for (SurveyResponse response : responses) {
      ResponseChange subtract = new ResponseChange(contribution(response), null, null);
      long time = response.getSubmittedAt().toEpochMilli() + 60_000;
      working.process(new Record<>(TEAM, subtract, time));
      fresh.init(reread);
      fresh.process(new Record<>(TEAM, subtract, time));
    }

    assertThat(store(kept).get(TEAM)).isNotNull().isEqualTo(store(reread).get(TEAM));
    assertThat(kept.forwarded()).isNotEmpty();
    assertThat(kept.forwarded().stream().map(forwarded -> forwarded.record().value()).toList())
        .isEqualTo(reread.forwarded().stream().map(forwarded -> forwarded.record().value()).toList());
  }

  private static KeyValueStore<SpecificRecord, SpecificRecord>
      store(MockProcessorContext<TeamKey, TeamUpdate> context) {
    return context.getStateStore(StoreNames.TEAM_AGGREGATES);
  }

  private static ResponseContribution contribution(SurveyResponse response) {
    return TeamAggregate.contribution(response);
  }

  private static MockProcessorContext<TeamKey, TeamUpdate> context() {
    MockProcessorContext<TeamKey, TeamUpdate> context = new MockProcessorContext<>();
    KeyValueStore<SpecificRecord, SpecificRecord> store = Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(StoreNames.TEAM_AGGREGATES), AvroSerdes.teamStoreKey(),
        AvroSerdes.teamStoreValue())
        .withLoggingDisabled()
        .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    return context;
  }
}
