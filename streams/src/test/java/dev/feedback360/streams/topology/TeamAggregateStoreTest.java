package dev.feedback360.streams.topology;

import static dev.feedback360.testkit.Responses.keyOf;
import static dev.feedback360.testkit.Responses.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.avro.internal.TeamRaterKey;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the team aggregate store holds: one fixed-size entry per team and one small tally per live rater of the
 * team, so state grows with teams and live raters and never with corrections; a team left with no responses keeps
 * only its tiny team entry.
 */
class TeamAggregateStoreTest {

  private static final String CYCLE = "2026-H2";
  private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
  private static final Topics TOPICS = Topics.defaults();

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<ResponseKey, SurveyResponse> responses;

  @BeforeEach
  void startDriver() {
    StreamsSettings settings = new StreamsSettings("unused:9092", "store-test", stateDir, TOPICS,
        TopicSettings.defaults(), ScoringConfig.defaults(), Map.of());
    driver = new TopologyTestDriver(TeamScoresTopology.build(TOPICS, settings.scoring()), settings.toProperties());
    responses = driver.createInputTopic(TOPICS.responses(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.surveyResponse().serializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldHoldOneEntryPerTeamAndOnePerLiveRaterWhateverTheCorrections() {
    SurveyResponse p1 = peer("P1", "S1", 0, 4);
    SurveyResponse p2 = peer("P2", "S1", 1, 3);
    SurveyResponse p1OnS2 = peer("P1", "S2", 2, 5);
    List.of(p1, p2, p1OnS2).forEach(this::send);

    // 1 team entry + 2 raters (P1 rates two subjects of the team but has one tally).
    assertThat(entries()).hasSize(3);

    for (int i = 1; i <= 20; i++) {
      send(peer("P2", "S1", 10 + i, 1 + i % 5));
    }

    assertThat(entries()).hasSize(3);
    assertThat(entries()).filteredOn(TeamRaterKey.class::isInstance).extracting(k -> ((TeamRaterKey) k).getRaterId())
        .containsExactlyInAnyOrder("P1", "P2");
  }

  @Test
  void shouldKeepOnlyTheTeamEntryWhenEveryResponseOfATeamIsWithdrawn() {
    SurveyResponse p1 = peer("P1", "S1", 0, 4);
    SurveyResponse p2 = peer("P2", "S1", 1, 3);
    send(p1);
    send(p2);

    responses.pipeInput(keyOf(p1), null, T0.plusSeconds(60));
    responses.pipeInput(keyOf(p2), null, T0.plusSeconds(61));

    // The emptied team keeps its event times and what it published (see TeamAggregateProcessor); no rater tally
    // is left.
    assertThat(entries()).containsExactly(new TeamKey(CYCLE, "T1"));
    assertThat(teamState().getResponses()).isZero();
  }

  @Test
  void shouldKeepTheTeamEntryOfFixedSizeWhateverTheNumberOfRaters() {
    // Compared at equal numbers of pending raters (none: 3 and 51 are multiples of N = 3): the team entry holds
    // fewer than N pending raters per part, whatever the team's size.
    for (int i = 0; i < 3; i++) {
      send(peer("P" + i, "S1", i, 1 + i % 5));
    }
    TeamAggregateState small = teamState();
    for (int i = 3; i < 51; i++) {
      send(peer("P" + i, "S1", i, 1 + i % 5));
    }
    TeamAggregateState large = teamState();

    assertThat(small.getPending().remaining()).isZero();
    assertThat(large.getPending().remaining()).isZero();
    assertThat(AvroSerdes.teamAggregateState().encode(large).length)
        .isLessThan(AvroSerdes.teamAggregateState().encode(small).length + 32);
    assertThat(large.getResponses()).isEqualTo(51);
  }

  @Test
  void shouldKeepFewerThanNPendingRatersWhateverTheNumberOfCorrections() {
    for (int i = 0; i < 3; i++) {
      send(peer("P" + i, "S1", i, 3));
    }
    for (int correction = 1; correction <= 40; correction++) {
      send(peer("P" + (correction % 2), "S1", 100 + correction, 1 + correction % 5));
      TeamAggregateState state = teamState();
      assertThat(state.getPending().remaining()).as("after correction " + correction).isLessThan(200);
    }
  }

  private TeamAggregateState teamState() {
    KeyValueStore<SpecificRecord, SpecificRecord> store = driver.getKeyValueStore(StoreNames.TEAM_AGGREGATES);
    return (TeamAggregateState) store.get(new TeamKey(CYCLE, "T1"));
  }

  private List<SpecificRecord> entries() {
    KeyValueStore<SpecificRecord, SpecificRecord> store = driver.getKeyValueStore(StoreNames.TEAM_AGGREGATES);
    List<SpecificRecord> keys = new ArrayList<>();
    try (var all = store.all()) {
      all.forEachRemaining(entry -> keys.add(entry.key));
    }
    return keys;
  }

  private void send(SurveyResponse response) {
    responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
  }

  private static SurveyResponse peer(String rater, String subject, int secondsAfterT0, int score) {
    return response(CYCLE, "T1", subject, rater, RaterGroup.PEER, T0.plusSeconds(secondsAfterT0),
        "CHANGE_L1=" + score + " FOCUS_M1=" + score);
  }
}
