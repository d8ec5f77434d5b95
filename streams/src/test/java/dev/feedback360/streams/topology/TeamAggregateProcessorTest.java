package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.testkit.Responses;
import dev.feedback360.testkit.WorkedExample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The processor keeps the teams it changed last as working aggregates instead of reading them back from the store on
 * every change: what it emits must stay what a processor reading every team from the store emits.
 */
class TeamAggregateProcessorTest {

  private static final TeamKey TEAM = new TeamKey(WorkedExample.CYCLE, WorkedExample.TEAM);
  private static final long T0 = WorkedExample.responses().get(0).getSubmittedAt().toEpochMilli();
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
    ResponseChange never = new ResponseChange(contribution(responses.get(1)), null, null, 0);

    for (int i = 0; i < responses.size(); i++) {
      ResponseChange add = new ResponseChange(null, contribution(responses.get(i)), null, 0);
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
      ResponseChange subtract = new ResponseChange(contribution(response), null, null, 0);
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

  @Test
  void shouldPublishWithoutTheHeadersOfARepartitionRecordThatStillCarriesThem() {
    // A version before review 71 forwarded the input's headers onto the repartition topic; records it wrote there
    // may still be read after an upgrade, and their headers (a submitter's address) must not reach the outputs.
    MockProcessorContext<TeamKey, TeamUpdate> context = context();
    TeamAggregateProcessor processor = new TeamAggregateProcessor(CALCULATOR, Roster.OPEN);
    processor.init(context);
    RecordHeaders headers = new RecordHeaders();
    headers.add("x-submitted-by", "p1@example.org".getBytes(StandardCharsets.UTF_8));

    for (SurveyResponse response : WorkedExample.responses()) {
      ResponseChange add = new ResponseChange(null, contribution(response), null, 0);
      processor.process(new Record<>(TEAM, add, response.getSubmittedAt().toEpochMilli(), headers));
    }

    assertThat(context.forwarded()).isNotEmpty()
        .allSatisfy(forwarded -> assertThat(forwarded.record().headers().toArray()).isEmpty());
  }

  /**
   * Random changes (first responses, corrections, moves between teams, withdrawals) over a few teams, applied by a
   * processor that keeps its working teams and their rater tallies, restarted now and then (its teams then come back
   * from the store, tallies included), and by one that reads every team and tally from its store on every change.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void shouldEmitWhatAProcessorReadingTheStoreEmitsWhateverItKeepsInMemory(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    MockProcessorContext<TeamKey, TeamUpdate> kept = context();
    TeamAggregateProcessor working = new TeamAggregateProcessor(CALCULATOR, Roster.OPEN);
    working.init(kept);
    MockProcessorContext<TeamKey, TeamUpdate> reread = context();
    TeamAggregateProcessor fresh = new TeamAggregateProcessor(CALCULATOR, Roster.OPEN);
    RaterGroup[] groups = RaterGroup.values();
    // Rater ids whose String hash codes collide ("Aa" and "BB" hash alike): the processor may tell raters apart by
    // hash code only where that cannot be wrong.
    String[] raters = {"RAa", "RBB", "RAaAa", "RAaBB", "RBBAa", "RBBBB", "R6", "R7"};
    // Per key (subject s, rater r): the response counted now, or none.
    Map<String, SurveyResponse> counted = new HashMap<>();
    long time = T0;

    for (int step = 0; step < 400; step++) {
      int subject = random.nextInt(3);
      int rater = random.nextInt(raters.length);
      String key = subject + "/" + rater;
      SurveyResponse before = counted.get(key);
      SurveyResponse after = null;
      time += 1_000;
      if (before == null || random.nextInt(4) != 0) {
        // A correction mostly stays in its team; a first response, and now and then a correction, picks any team.
        String team = before != null && random.nextInt(5) != 0 ? before.getTeamId() : "T" + random.nextInt(3);
        after = Responses.response(WorkedExample.CYCLE, team, "S" + subject, raters[rater],
            groups[rater % groups.length], Instant.ofEpochMilli(time),
            "CHANGE_L1=" + (1 + random.nextInt(5)) + " FOCUS_M1=" + (1 + random.nextInt(5))
                + (random.nextBoolean() ? " HORIZON_L2=" + (1 + random.nextInt(5)) : ""));
        counted.put(key, after);
      } else {
        counted.remove(key);
      }
      List<Record<TeamKey, ResponseChange>> changes = new ArrayList<>();
      if (before != null && after != null && before.getTeamId().equals(after.getTeamId())) {
        changes.add(change(before, after, time));
      } else {
        if (before != null) {
          changes.add(change(before, null, time));
        }
        if (after != null) {
          changes.add(change(null, after, time));
        }
      }
      for (Record<TeamKey, ResponseChange> change : changes) {
        if (random.nextInt(40) == 0) {
          // A revived task: the working teams and their tallies are gone, the store is the truth.
          working.close();
          working.init(kept);
        }
        working.process(change);
        fresh.init(reread);
        fresh.process(change);
      }
    }

    assertThat(kept.forwarded()).hasSizeGreaterThan(100);
    assertThat(kept.forwarded().stream().map(forwarded -> forwarded.record().value()).toList())
        .isEqualTo(reread.forwarded().stream().map(forwarded -> forwarded.record().value()).toList());
    assertThat(entries(store(kept))).isEqualTo(entries(store(reread)));
  }

  private static Record<TeamKey, ResponseChange> change(SurveyResponse before, SurveyResponse after, long time) {
    String team = (after != null ? after : before).getTeamId();
    return new Record<>(new TeamKey(WorkedExample.CYCLE, team), new ResponseChange(
        before == null ? null : contribution(before), after == null ? null : contribution(after), null, 0), time);
  }

  private static Map<SpecificRecord, SpecificRecord> entries(KeyValueStore<SpecificRecord, SpecificRecord> store) {
    Map<SpecificRecord, SpecificRecord> entries = new HashMap<>();
    try (KeyValueIterator<SpecificRecord, SpecificRecord> all = store.all()) {
      all.forEachRemaining(entry -> entries.put(entry.key, entry.value));
    }
    return entries;
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
