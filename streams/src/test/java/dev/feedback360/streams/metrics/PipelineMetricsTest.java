package dev.feedback360.streams.metrics;

import static dev.feedback360.testkit.Responses.answer;
import static dev.feedback360.testkit.Responses.copy;
import static dev.feedback360.testkit.Responses.keyOf;
import static dev.feedback360.testkit.WorkedExample.T0;
import static dev.feedback360.testkit.WorkedExample.peer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputPartitioning;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.testkit.WorkedExample;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's counters, counted by the production topology and exception handlers under TopologyTestDriver. */
class PipelineMetricsTest {

  private static final Topics TOPICS = Topics.defaults();

  @TempDir
  Path stateDir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<ResponseKey, SurveyResponse> responses;
  private TestInputTopic<byte[], byte[]> rawResponses;
  private TestInputTopic<byte[], byte[]> rawNominations;
  private TestOutputTopic<TeamKey, TeamScores> scores;

  /** k = 2, every change published (N = 1): the statuses below follow from the rater counts alone. */
  @BeforeEach
  void startDriver() {
    StreamsSettings settings = new StreamsSettings("unused:9092", "metrics-test", stateDir, TOPICS,
        TopicSettings.defaults(), new ScoringConfig(2, 1), Map.of());
    Properties props = settings.toProperties();
    props.put(PipelineMetrics.CONFIG, new PipelineMetrics(registry));
    driver = new TopologyTestDriver(TeamScoresTopology.build(TOPICS, settings.scoring(), InputScope.ALL,
        new InputPartitioning(TOPICS.responses(), 1)), props);
    responses = driver.createInputTopic(TOPICS.responses(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.surveyResponse().serializer());
    rawResponses = driver.createInputTopic(TOPICS.responses(), new ByteArraySerializer(), new ByteArraySerializer());
    rawNominations = driver.createInputTopic(TOPICS.nominations(), new ByteArraySerializer(),
        new ByteArraySerializer());
    scores = driver.createOutputTopic(TOPICS.scores(), AvroSerdes.teamKey().deserializer(),
        AvroSerdes.teamScores().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldStartEveryOutcomeAndReasonAtZero() {
    for (PipelineMetrics.ResponseOutcome outcome : PipelineMetrics.ResponseOutcome.values()) {
      assertThat(responses(outcome)).as(outcome.name()).isZero();
    }
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      assertThat(deadLetters(reason)).as(reason.name()).isZero();
    }
    assertThat(registry.find(PipelineMetrics.TEAM_UPDATES).counters()).hasSize(3);
  }

  @Test
  void shouldCountEachInputRecordByWhatItDid() {
    SurveyResponse p1 = WorkedExample.responses().get(0);
    SurveyResponse p3 = WorkedExample.responses().get(2);

    WorkedExample.responses().forEach(this::send); // 7 new
    send(p1); // an exact duplicate: unchanged
    send(copy(p1).setSubmittedAt(T0.plusSeconds(100)).build()); // a newer P1: a correction
    send(p1); // the older P1 again, a stale re-send: unchanged
    withdraw(p3, T0.plusSeconds(200)); // erases P3: a withdrawal
    withdraw(peer("P9", "S1", 9, "CHANGE_L1=4"), T0.plusSeconds(300)); // nothing counted for P9

    assertThat(responses(PipelineMetrics.ResponseOutcome.NEW)).isEqualTo(7);
    assertThat(responses(PipelineMetrics.ResponseOutcome.UNCHANGED)).isEqualTo(2);
    assertThat(responses(PipelineMetrics.ResponseOutcome.CORRECTION)).isEqualTo(1);
    assertThat(responses(PipelineMetrics.ResponseOutcome.WITHDRAWAL)).isEqualTo(1);
    assertThat(responses(PipelineMetrics.ResponseOutcome.WITHDRAWAL_NOOP)).isEqualTo(1);
  }

  @Test
  void shouldCountEachTeamUpdateByItsPublicationStatus() {
    SurveyResponse p1 = WorkedExample.responses().get(0);

    WorkedExample.responses().forEach(this::send);
    send(copy(p1).setSubmittedAt(T0.plusSeconds(100)).build());
    withdraw(WorkedExample.responses().get(2), T0.plusSeconds(200));

    // By hand, k = 2: P1 alone is one peer, every cell suppressed; from P2 on two peers publish their cells. Nine
    // changes of T1 (7 new, 1 correction, 1 withdrawal leaving P1 and P2): 1 suppressed, then 8 published.
    assertThat(teamUpdates(PipelineMetrics.TeamOutcome.SUPPRESSED)).isEqualTo(1);
    assertThat(teamUpdates(PipelineMetrics.TeamOutcome.PUBLISHED)).isEqualTo(8);
    assertThat(teamUpdates(PipelineMetrics.TeamOutcome.REMOVED)).isZero();
    List<TestRecord<TeamKey, TeamScores>> emitted = scores.readRecordsToList();
    assertThat(emitted).extracting(record -> record.value().getStatus())
        .containsExactly(PublicationStatus.SUPPRESSED, PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED,
            PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED,
            PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED, PublicationStatus.PUBLISHED);
  }

  @Test
  void shouldCountATombstoneAsARemovedTeam() {
    SurveyResponse only = peer("P1", "S1", 1, "CHANGE_L1=4");

    send(only);
    withdraw(only, T0.plusSeconds(60));

    assertThat(teamUpdates(PipelineMetrics.TeamOutcome.SUPPRESSED)).isEqualTo(1);
    assertThat(teamUpdates(PipelineMetrics.TeamOutcome.REMOVED)).isEqualTo(1);
    assertThat(scores.readRecordsToList()).extracting(TestRecord::value).element(1).isNull();
  }

  @Test
  void shouldCountEveryDeadLetterByItsReasonAndNotAsAResponse() {
    send(peer("P1", "S1", 1, "CHANGE_L1=7"));
    send(copy(peer("P2", "S1", 2, "")).setAnswers(List.of(answer("CHANGE_L1", 4), answer("CHANGE_L1", 5))).build());
    send(copy(peer("P3", "S1", 3, "CHANGE_L1=4")).setTeamId(" ").build());
    rawResponses.pipeInput(null, AvroSerdes.surveyResponse().encode(peer("P4", "S1", 4, "CHANGE_L1=4")), T0);
    rawResponses.pipeInput(new byte[] {1, 2, 3}, "not avro at all".getBytes(StandardCharsets.UTF_8), T0);

    assertThat(deadLetters(DeadLetterReason.SCORE_OUT_OF_RANGE)).isEqualTo(1);
    assertThat(deadLetters(DeadLetterReason.DUPLICATE_ITEM)).isEqualTo(1);
    assertThat(deadLetters(DeadLetterReason.BLANK_TEAM)).isEqualTo(1);
    assertThat(deadLetters(DeadLetterReason.MISSING_KEY)).isEqualTo(1);
    assertThat(deadLetters(DeadLetterReason.UNDECODABLE)).isEqualTo(1);

    assertThat(registry.find(PipelineMetrics.DEAD_LETTERS).counters())
        .extracting(counter -> counter.count()).containsOnly(0.0, 1.0);
    assertThat(registry.find(PipelineMetrics.RESPONSES).counters()).extracting(counter -> counter.count())
        .containsOnly(0.0);

    rawNominations.pipeInput(null, AvroSerdes.nomination().encode(new Nomination("2026-H2", "T1", "S1", "P5",
        RaterGroup.PEER, T0)), T0);
    assertThat(deadLetters(DeadLetterReason.MISSING_KEY)).as("a nomination without a key too").isEqualTo(2);
    assertThat(deadLetters(DeadLetterReason.INVALID)).isZero();
  }

  @Test
  void shouldCountNothingWithoutCountersInTheConfiguration() {
    assertThat(PipelineMetrics.from(Map.of())).isNotNull();
    PipelineMetrics.from(Map.of()).response(false, false, true);

    assertThat(responses(PipelineMetrics.ResponseOutcome.NEW)).isZero();
  }

  private void send(SurveyResponse response) {
    responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
  }

  private void withdraw(SurveyResponse response, Instant at) {
    responses.pipeInput(keyOf(response), null, at);
  }

  private double responses(PipelineMetrics.ResponseOutcome outcome) {
    return registry.get(PipelineMetrics.RESPONSES).tag("outcome", PipelineMetrics.tag(outcome)).counter().count();
  }

  private double teamUpdates(PipelineMetrics.TeamOutcome outcome) {
    return registry.get(PipelineMetrics.TEAM_UPDATES).tag("outcome", PipelineMetrics.tag(outcome)).counter()
        .count();
  }

  private double deadLetters(DeadLetterReason reason) {
    return registry.get(PipelineMetrics.DEAD_LETTERS).tag("reason", reason.tag()).counter().count();
  }

}
