package dev.feedback360.streams.query;

import static dev.feedback360.testkit.Responses.keyOf;
import static dev.feedback360.testkit.Responses.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputPartitioning;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.streams.topology.StoreNames;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The team aggregates store read as scores: the same records the topology publishes, whatever else it holds. */
class TeamScoresStoreTest {

  private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
  private static final Topics TOPICS = Topics.defaults();
  private static final ScoreCalculator CALCULATOR = new ScoreCalculator(ScoringConfig.defaults());

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<ResponseKey, SurveyResponse> responses;
  private TestInputTopic<ResponseKey, Nomination> nominations;
  private TestOutputTopic<TeamKey, TeamScores> scores;

  @BeforeEach
  void startDriver() {
    StreamsSettings settings = new StreamsSettings("unused:9092", "query-test", stateDir, TOPICS,
        TopicSettings.defaults(), CALCULATOR.config(), Map.of());
    driver = new TopologyTestDriver(TeamScoresTopology.build(TOPICS, CALCULATOR, InputScope.ALL,
        new InputPartitioning(TOPICS.responses(), 1)),
        settings.toProperties());
    responses = driver.createInputTopic(TOPICS.responses(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.surveyResponse().serializer());
    nominations = driver.createInputTopic(TOPICS.nominations(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.nomination().serializer());
    scores = driver.createOutputTopic(TOPICS.scores(), AvroSerdes.teamKey().deserializer(),
        AvroSerdes.teamScores().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldAnswerTheScoresTheTopologyPublishedLast() {
    // Three peers of T1 (k = 3): PUBLISHED; one peer of T2: SUPPRESSED; one peer of T3 in another cycle.
    send(peer("2026-H2", "T1", "P1", 0, 4));
    send(peer("2026-H2", "T1", "P2", 1, 3));
    send(peer("2026-H2", "T1", "P3", 2, 5));
    send(peer("2026-H2", "T2", "P4", 3, 2));
    send(peer("2026-H1", "T3", "P5", 4, 1));
    Map<TeamKey, TeamScores> published = scores.readKeyValuesToMap();

    TeamScoresStore store = readOnly();

    TeamKey t1 = new TeamKey("2026-H2", "T1");
    assertThat(store.team(t1)).hasValue(published.get(t1));
    assertThat(store.team(t1).orElseThrow().getStatus()).isEqualTo(PublicationStatus.PUBLISHED);
    assertThat(store.team(new TeamKey("2026-H2", "T9"))).isEmpty();
    assertThat(store.teams("2026-H2")).extracting(TeamScores::getTeamId).containsExactly("T1", "T2");
    assertThat(store.teams(null)).extracting(TeamScores::getTeamId).containsExactly("T3", "T1", "T2");
    assertThat(store.cycles()).containsExactly(Map.entry("2026-H1", 1), Map.entry("2026-H2", 2));
  }

  @Test
  void shouldAnswerNoScoresForATeamWhoseResponsesAllStoppedCountingOrThatIsOnlyNominated() {
    // T1 keeps a counted response; every response of T2 is withdrawn; T3's only response moves to T1; T4 is only
    // nominated. The store keeps T2's, T3's and T4's state, but team-scores has a tombstone or nothing for them.
    send(peer("2026-H2", "T1", "P1", 0, 4));
    SurveyResponse leaving = peer("2026-H2", "T2", "P2", 1, 3);
    send(leaving);
    send(peer("2026-H2", "T3", "P3", 2, 5));
    responses.pipeInput(keyOf(leaving), null, T0.plusSeconds(3));
    send(peer("2026-H2", "T1", "P3", 4, 5));
    nominations.pipeInput(new ResponseKey("2026-H2", "S9", "P9"),
        new Nomination("2026-H2", "T4", "S9", "P9", RaterGroup.PEER, T0.plusSeconds(5)), T0.plusSeconds(5));
    Map<TeamKey, TeamScores> published = scores.readKeyValuesToMap();
    assertThat(published).containsEntry(new TeamKey("2026-H2", "T2"), null)
        .containsEntry(new TeamKey("2026-H2", "T3"), null)
        .doesNotContainKey(new TeamKey("2026-H2", "T4"));

    TeamScoresStore store = readOnly();

    assertThat(store.team(new TeamKey("2026-H2", "T1"))).isPresent();
    assertThat(store.team(new TeamKey("2026-H2", "T2"))).isEmpty();
    assertThat(store.team(new TeamKey("2026-H2", "T3"))).isEmpty();
    assertThat(store.team(new TeamKey("2026-H2", "T4"))).isEmpty();
    assertThat(store.teams("2026-H2")).extracting(TeamScores::getTeamId).containsExactly("T1");
    assertThat(store.teams(null)).extracting(TeamScores::getTeamId).containsExactly("T1");
    assertThat(store.cycles()).containsExactly(Map.entry("2026-H2", 1));
  }

  @Test
  void shouldRefuseToChangeTeamsThroughAReadOnlyView() {
    assertThatThrownBy(() -> readOnly().aggregate(new TeamKey("2026-H2", "T1")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private TeamScoresStore readOnly() {
    return TeamScoresStore.readOnly(driver.getKeyValueStore(StoreNames.TEAM_AGGREGATES), CALCULATOR);
  }

  private void send(SurveyResponse response) {
    responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
  }

  private static SurveyResponse peer(String cycle, String team, String rater, int secondsAfterT0, int score) {
    return response(cycle, team, "S1", rater, RaterGroup.PEER, T0.plusSeconds(secondsAfterT0),
        "CHANGE_L1=" + score + " FOCUS_M1=" + score);
  }
}
