package dev.feedback360.streams.topology;

import static dev.feedback360.testkit.Responses.copy;
import static dev.feedback360.testkit.Responses.keyOf;
import static dev.feedback360.testkit.Responses.response;
import static dev.feedback360.testkit.WorkedExample.CYCLE;
import static dev.feedback360.testkit.WorkedExample.T0;
import static dev.feedback360.testkit.WorkedExample.TEAM;
import static dev.feedback360.testkit.WorkedExample.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.Channel;
import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.Style;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.schemas.SchemaCatalog;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.json.TeamScoresJson;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.testkit.Responses;
import dev.feedback360.testkit.WorkedExample;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeamScoresTopologyTest {

  private static final double EXACT = 1e-12;
  private static final TeamKey T1 = new TeamKey(CYCLE, TEAM);
  private static final TeamKey T2 = new TeamKey(CYCLE, "T2");
  private static final Topics TOPICS = Topics.defaults();

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<ResponseKey, SurveyResponse> responses;
  private TestInputTopic<byte[], byte[]> rawResponses;
  private TestOutputTopic<TeamKey, TeamScores> scores;
  private TestOutputTopic<byte[], byte[]> deadLetters;
  private TestOutputTopic<String, String> jsonScores;

  /**
   * The counting rules (which response counts, thresholds) are pinned with every change published (N = 1), the
   * exact view; the publication rule itself with its default N = k in PublicationRuleTest and the tests below that
   * start their own driver.
   */
  @BeforeEach
  void startDriver() {
    startDriver(new ScoringConfig(ScoringConfig.DEFAULT_MIN_RATERS, 1));
  }

  private void startDriver(int minRaters) {
    startDriver(new ScoringConfig(minRaters, 1));
  }

  private void startDriver(ScoringConfig scoring) {
    startDriver(scoring, InputScope.ALL);
  }

  private void startDriver(int minRaters, InputScope scope) {
    startDriver(new ScoringConfig(minRaters, 1), scope);
  }

  private void startDriver(ScoringConfig scoring, InputScope scope) {
    startDriver(scoring, scope, new InputPartitioning(TOPICS.responses(), 1));
  }

  private void startDriver(ScoringConfig scoring, InputScope scope, InputPartitioning partitioning) {
    if (driver != null) {
      driver.close();
    }
    StreamsSettings settings = new StreamsSettings("unused:9092", "topology-test", stateDir, TOPICS,
        TopicSettings.defaults(), scoring, Map.of());
    driver = new TopologyTestDriver(TeamScoresTopology.build(TOPICS, settings.scoring(), scope, partitioning),
        settings.toProperties());
    responses = driver.createInputTopic(TOPICS.responses(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.surveyResponse().serializer());
    rawResponses = driver.createInputTopic(TOPICS.responses(), new ByteArraySerializer(), new ByteArraySerializer());
    scores = driver.createOutputTopic(TOPICS.scores(), AvroSerdes.teamKey().deserializer(),
        AvroSerdes.teamScores().deserializer());
    deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    jsonScores = driver.createOutputTopic(TOPICS.scoresJson(), new StringDeserializer(), new StringDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void send(SurveyResponse response) {
    responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
  }

  private void withdraw(SurveyResponse response, Instant at) {
    responses.pipeInput(keyOf(response), null, at);
  }

  private Map<TeamKey, TeamScores> latestScores() {
    return scores.readKeyValuesToMap();
  }

  private TeamScores latest(TeamKey team) {
    return latestScores().get(team);
  }

  private void sendWorkedExample() {
    WorkedExample.responses().forEach(this::send);
  }

  @Test
  void shouldComputeTheWorkedExampleOfTheScoringDocument() {
    sendWorkedExample();

    TeamScores team = latest(T1);

    assertThat(team.getStatus()).isEqualTo(PublicationStatus.PUBLISHED);
    assertThat(team.getMinRaters()).isEqualTo(3);
    assertThat(team.getRaters().getSelf()).isEqualTo(1);
    assertThat(team.getRaters().getManager()).isEqualTo(1);
    assertThat(team.getRaters().getPeer()).isEqualTo(3);
    assertThat(team.getRaters().getDirectReport()).isEqualTo(2);
    assertThat(team.getRaters().getOther()).isZero();
    // CHANGE leader, peers only: 5,4,4,4,3,5 -> n=6, sum=25, mean=25/6; sum of squares 107,
    // variance (6*107 - 25^2) / (6*5) = 17/30.
    AxisScores change = team.getAxes().getChange();
    assertCell(change.getLeader(), 25.0 / 6, Math.sqrt(17.0 / 30), 6, 3);
    // CHANGE manager: 2,3,3,2,1,2 -> n=6, sum=13, sum of squares 31, variance (186 - 169) / 30 = 17/30.
    assertCell(change.getManager(), 13.0 / 6, Math.sqrt(17.0 / 30), 6, 3);
    assertThat(change.getBalance()).isCloseTo(2.0, within(EXACT));
    // SELF: one self-rater, fewer than k: no selfBalance, no gap (S1's own answers belong in S1's own report).
    assertThat(change.getSelfBalance()).isNull();
    assertThat(change.getGap()).isNull();
    // FOCUS leader: only P1 (4) and P2 (5) answered: 2 raters < k, suppressed but counted.
    AxisScores focus = team.getAxes().getFocus();
    assertCell(focus.getLeader(), null, null, 2, 2);
    // FOCUS manager: 3,2,3 -> mean 8/3, variance (3*22 - 64) / (3*2) = 1/3.
    assertCell(focus.getManager(), 8.0 / 3, Math.sqrt(1.0 / 3), 3, 3);
    assertThat(focus.getBalance()).isNull();
    assertThat(focus.getSelfBalance()).isNull();
    assertThat(focus.getGap()).isNull();
    // HORIZON: nobody observed it.
    AxisScores horizon = team.getAxes().getHorizon();
    assertCell(horizon.getLeader(), null, null, 0, 0);
    assertCell(horizon.getManager(), null, null, 0, 0);
    assertThat(horizon.getBalance()).isNull();
    assertThat(horizon.getSelfBalance()).isNull();
    // Overall: leader cells published: CHANGE (25/6); manager: CHANGE (13) + FOCUS (8) over 9 answers = 21/9.
    assertThat(team.getOverall().getLeaderMean()).isCloseTo(25.0 / 6, within(EXACT));
    assertThat(team.getOverall().getManagerMean()).isCloseTo(21.0 / 9, within(EXACT));
    assertThat(team.getOverall().getBalance()).isCloseTo(25.0 / 6 - 21.0 / 9, within(EXACT));
    assertThat(team.getOverall().getStyle()).isEqualTo(Style.LEADING);
    assertThat(team.getUpdatedAt()).isEqualTo(WorkedExample.lastSubmittedAt());
  }

  private static void assertCell(CellScores cell, Double mean, Double sd, int n, int raters) {
    if (mean == null) {
      assertThat(cell.getMean()).as("mean").isNull();
    } else {
      assertThat(cell.getMean()).as("mean").isCloseTo(mean, within(EXACT));
    }
    if (sd == null) {
      assertThat(cell.getSd()).as("sd").isNull();
    } else {
      assertThat(cell.getSd()).as("sd").isCloseTo(sd, within(EXACT));
    }
    assertThat(cell.getN()).as("n").isEqualTo(n);
    assertThat(cell.getRaters()).as("raters").isEqualTo(raters);
  }

  @Test
  void shouldIgnoreAStaleReSendOfAnOlderResponse() {
    sendWorkedExample();
    SurveyResponse p1 = WorkedExample.responses().get(0);
    SurveyResponse newer = copy(p1).setSubmittedAt(T0.plusSeconds(100))
        .setAnswers(response(CYCLE, TEAM, "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=1 CHANGE_L2=1").getAnswers())
        .build();
    send(newer);
    TeamScores afterCorrection = latest(T1);

    send(p1);

    assertThat(scores.isEmpty()).as("a stale re-send emits nothing").isTrue();
    // The correction still counts: CHANGE leader 1,1 (P1) + 4,4 (P2) + 3,5 (P3) = 18 over 6.
    assertThat(afterCorrection.getAxes().getChange().getLeader().getMean()).isCloseTo(18.0 / 6, within(EXACT));
    assertThat(driver.<ResponseKey, Object>getKeyValueStore(StoreNames.LATEST_RESPONSES).get(keyOf(p1)))
        .hasFieldOrPropertyWithValue("summary", ResponseStates.summary(newer));
  }

  @Test
  void shouldReplaceWithAResponseOfEqualSubmittedAtArrivingLater() {
    sendWorkedExample();
    SurveyResponse p1 = WorkedExample.responses().get(0);
    SurveyResponse sameTime = peer("P1", "S1", 1, "CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=2 CHANGE_M2=3 FOCUS_L1=4 "
        + "FOCUS_M1=3");
    assertThat(sameTime.getSubmittedAt()).isEqualTo(p1.getSubmittedAt());
    scores.readRecordsToList();

    send(sameTime);

    // CHANGE leader: 1,1 + 4,4 + 3,5 = 18 over 6 answers.
    assertThat(latest(T1).getAxes().getChange().getLeader().getMean()).isCloseTo(3.0, within(EXACT));
  }

  @Test
  void shouldChangeNothingOnAnExactDuplicate() {
    sendWorkedExample();
    TeamScores before = latest(T1);

    WorkedExample.responses().forEach(this::send);

    assertThat(scores.isEmpty()).isTrue();
    assertThat(before.getRaters().getPeer()).isEqualTo(3);
  }

  @Test
  void shouldMoveACorrectedResponseToItsNewTeam() {
    sendWorkedExample();
    SurveyResponse p3 = WorkedExample.responses().get(2);
    scores.readRecordsToList();

    send(copy(p3).setTeamId("T2").setSubmittedAt(T0.plusSeconds(60)).build());

    Map<TeamKey, TeamScores> updated = latestScores();
    // T1 keeps only two peers: the group falls under k and every "others" cell is suppressed.
    TeamScores t1 = updated.get(T1);
    assertThat(t1.getRaters().getPeer()).isEqualTo(2);
    assertThat(t1.getStatus()).isEqualTo(PublicationStatus.SUPPRESSED);
    assertThat(t1.getAxes().getChange().getLeader().getN()).isZero();
    // T2 holds one peer only.
    TeamScores t2 = updated.get(T2);
    assertThat(t2.getRaters().getPeer()).isEqualTo(1);
    assertThat(t2.getStatus()).isEqualTo(PublicationStatus.SUPPRESSED);
  }

  @Test
  void shouldEraseAWithdrawnResponseAndKeepItErasedAgainstOlderReSends() {
    sendWorkedExample();
    SurveyResponse p3 = WorkedExample.responses().get(2);
    scores.readRecordsToList();

    withdraw(p3, T0.plusSeconds(3600));
    TeamScores withdrawn = latest(T1);
    send(p3);
    send(copy(p3).setSubmittedAt(T0.plusSeconds(1800)).build());

    assertThat(withdrawn.getRaters().getPeer()).isEqualTo(2);
    assertThat(withdrawn.getStatus()).isEqualTo(PublicationStatus.SUPPRESSED);
    assertThat(withdrawn.getUpdatedAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(scores.isEmpty()).as("re-sends older than the withdrawal count nothing").isTrue();
  }

  @Test
  void shouldKeepErasedEvenWhenTheWithdrawalCarriesAnOlderTimestampThanTheResponse() {
    sendWorkedExample();
    SurveyResponse p3 = WorkedExample.responses().get(2);
    scores.readRecordsToList();

    withdraw(p3, T0);
    send(p3);

    assertThat(latest(T1).getRaters().getPeer()).isEqualTo(2);
  }

  @Test
  void shouldPublishAgainWhenANewRaterLiftsTheGroupBackToTheThreshold() {
    sendWorkedExample();
    withdraw(WorkedExample.responses().get(2), T0.plusSeconds(3600));
    assertThat(latest(T1).getStatus()).isEqualTo(PublicationStatus.SUPPRESSED);

    send(peer("P4", "S2", 4000, "CHANGE_L1=3 CHANGE_L2=5 CHANGE_M1=1 CHANGE_M2=2"));

    TeamScores team = latest(T1);
    assertThat(team.getStatus()).isEqualTo(PublicationStatus.PUBLISHED);
    assertThat(team.getRaters().getPeer()).isEqualTo(3);
    assertThat(team.getAxes().getChange().getLeader().getMean()).isCloseTo(25.0 / 6, within(EXACT));
  }

  @Test
  void shouldKeepUpdatedAtAtTheLatestChangeWhateverOrderChangesArriveIn() {
    sendWorkedExample();

    send(peer("P5", "S2", 2, "CHANGE_L1=4"));

    assertThat(latest(T1).getUpdatedAt()).isEqualTo(WorkedExample.lastSubmittedAt());
  }

  @Test
  void shouldTombstoneATeamLeftWithNoResponses() {
    SurveyResponse only = response(CYCLE, "T9", "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=4");
    send(only);
    assertThat(scores.readRecord().value().getTeamId()).isEqualTo("T9");

    withdraw(only, T0.plusSeconds(10));

    TestRecord<TeamKey, TeamScores> tombstone = scores.readRecord();
    assertThat(tombstone.key()).isEqualTo(new TeamKey(CYCLE, "T9"));
    assertThat(tombstone.value()).isNull();
    assertThat(driver.<TeamKey, TeamAggregateState>getKeyValueStore(StoreNames.TEAM_AGGREGATES)
        .get(new TeamKey(CYCLE, "T9")))
        .as("only event times and what was published are kept").satisfies(state -> {
          assertThat(state.getResponses()).isZero();
          assertThat(state.getCells().remaining()).isZero();
          assertThat(state.getGroupRaters().remaining()).isZero();
        });
  }

  @Test
  void shouldKeepUpdatedAtIndependentOfWhetherAWithdrawalArrivesBeforeOrAfterTheTeamsNextResponse() {
    SurveyResponse manager = response(CYCLE, "T9", "S1", "M1", RaterGroup.MANAGER, T0, "CHANGE_L1=4");
    SurveyResponse peer = response(CYCLE, "T9", "S2", "P1", RaterGroup.PEER, T0.plusSeconds(5), "CHANGE_L1=3");
    send(manager);
    // The withdrawal (event time T0 + 60 s) reaches the team before the peer's earlier response does.
    withdraw(manager, T0.plusSeconds(60));
    send(peer);

    assertThat(latest(new TeamKey(CYCLE, "T9")).getUpdatedAt()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void shouldTombstoneAnEmptiedTeamOnlyOnce() {
    SurveyResponse only = response(CYCLE, "T9", "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=4");
    send(only);
    withdraw(only, T0.plusSeconds(10));
    scores.readRecordsToList();

    withdraw(only, T0.plusSeconds(20));

    assertThat(scores.isEmpty()).isTrue();
  }

  @Test
  void shouldTombstoneTheOldTeamWhenItsOnlyResponseMoves() {
    SurveyResponse only = response(CYCLE, "T9", "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=4");
    send(only);
    scores.readRecordsToList();

    send(copy(only).setTeamId("T8").setSubmittedAt(T0.plusSeconds(1)).build());

    List<KeyValue<TeamKey, TeamScores>> out = scores.readKeyValuesToList();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).key.getTeamId()).isEqualTo("T9");
    assertThat(out.get(0).value).isNull();
    assertThat(out.get(1).key.getTeamId()).isEqualTo("T8");
  }

  @Test
  void shouldExcludeNotObservedAnswersFromMeansAndCounts() {
    send(peer("P1", "S1", 1, "CHANGE_L1=4 CHANGE_L2=NA"));
    send(peer("P2", "S1", 2, "CHANGE_L1=NA CHANGE_L2=NA"));
    send(peer("P3", "S1", 3, "CHANGE_L1=2 CHANGE_L2=NA"));
    send(peer("P4", "S1", 4, "CHANGE_L1=3"));

    TeamScores team = latest(T1);
    // P2 gave no score at all: not a rater. Leader cell: 4, 2, 3 from three raters.
    assertThat(team.getRaters().getPeer()).isEqualTo(3);
    assertCell(team.getAxes().getChange().getLeader(), 3.0, 1.0, 3, 3);
    assertCell(team.getAxes().getChange().getManager(), null, null, 0, 0);
  }

  @Test
  void shouldCountARaterWhoRatesSeveralSubjectsOnce() {
    send(peer("P1", "S1", 1, "CHANGE_L1=4"));
    send(peer("P1", "S2", 2, "CHANGE_L1=4"));
    send(peer("P2", "S1", 3, "CHANGE_L1=2"));

    TeamScores team = latest(T1);

    assertThat(team.getRaters().getPeer()).isEqualTo(2);
    assertThat(team.getStatus()).isEqualTo(PublicationStatus.SUPPRESSED);
  }

  @Test
  void shouldSuppressOnlyTheCellsWithFewerThanKRaters() {
    send(peer("P1", "S1", 1, "CHANGE_L1=4 CHANGE_M1=2"));
    send(peer("P2", "S1", 2, "CHANGE_L1=5 CHANGE_M1=NA"));
    send(peer("P3", "S1", 3, "CHANGE_L1=3 CHANGE_M1=1"));

    AxisScores change = latest(T1).getAxes().getChange();

    assertCell(change.getLeader(), 4.0, 1.0, 3, 3);
    assertCell(change.getManager(), null, null, 2, 2);
    assertThat(change.getBalance()).isNull();
  }

  @Test
  void shouldPoolOnlyPublishableGroupsInOthersCells() {
    // Three direct reports (publishable) and two peers (not): the peers' 1s must not move the mean.
    send(response(CYCLE, TEAM, "S1", "D1", RaterGroup.DIRECT_REPORT, T0, "FOCUS_L1=5"));
    send(response(CYCLE, TEAM, "S1", "D2", RaterGroup.DIRECT_REPORT, T0, "FOCUS_L1=4"));
    send(response(CYCLE, TEAM, "S1", "D3", RaterGroup.DIRECT_REPORT, T0, "FOCUS_L1=3"));
    send(response(CYCLE, TEAM, "S2", "P1", RaterGroup.PEER, T0, "FOCUS_L1=1"));
    send(response(CYCLE, TEAM, "S2", "P2", RaterGroup.PEER, T0, "FOCUS_L1=1"));

    CellScores focusLeader = latest(T1).getAxes().getFocus().getLeader();

    assertCell(focusLeader, 4.0, 1.0, 3, 3);
  }

  @Test
  void shouldApplyTheThresholdItIsConfiguredWith() {
    startDriver(2);
    send(peer("P1", "S1", 1, "CHANGE_L1=4"));
    send(peer("P2", "S1", 2, "CHANGE_L1=2"));

    TeamScores team = latest(T1);

    assertThat(team.getMinRaters()).isEqualTo(2);
    assertCell(team.getAxes().getChange().getLeader(), 3.0, Math.sqrt(2.0), 2, 2);
  }

  /**
   * The test driver does not capture the dead letters of its deserialization handler; that they reach the
   * dead-letter topic with their raw bytes is checked on a real broker by TeamScoresAppTest.
   */
  @Test
  void shouldSkipUndecodableBytesAndKeepCounting() {
    rawResponses.pipeInput(new byte[] {1, 2, 3}, "not avro at all".getBytes(StandardCharsets.UTF_8), T0);
    send(peer("P1", "S1", 1, "CHANGE_L1=4"));

    assertThat(latest(T1).getRaters().getPeer()).isEqualTo(1);
  }

  @Test
  void shouldSendAnOutOfRangeScoreToTheDeadLetterTopicWithItsReason() {
    sendWorkedExample();
    TeamScores before = latest(T1);
    SurveyResponse bad = peer("P9", "S1", 9, "CHANGE_L1=7");
    byte[] rawValue = AvroSerdes.surveyResponse().encode(bad);

    send(bad);

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(dead.value()).isEqualTo(rawValue);
    assertThat(header(dead, "__streams.errors.message")).contains("Score 7", "CHANGE_L1", "1..5");
    assertThat(scores.isEmpty()).as("scores unchanged").isTrue();
    assertThat(before.getRaters().getPeer()).isEqualTo(3);
  }

  @Test
  void shouldSendAnOversizedResponseToTheDeadLetterTopic() {
    SurveyResponse huge = copy(peer("P1", "S1", 1, "CHANGE_L1=4"))
        .setResponseId("x".repeat(10_000))
        .build();

    send(huge);

    assertThat(header(deadLetters.readRecord(), "__streams.errors.message"))
        .isEqualTo("Oversized responseId: 10000 characters, at most 128");
    assertThat(scores.isEmpty()).isTrue();
  }

  @Test
  void shouldCountIdLengthsInCodePointsAsTheProducerDoes() {
    // U+20000, outside the Basic Multilingual Plane: one character, two UTF-16 units. 128 of them are the longest
    // id the producer sends (256 UTF-16 units); 129 of them are one too many.
    String wide = new String(Character.toChars(0x20000));
    SurveyResponse longest = copy(peer("P1", "S1", 1, "CHANGE_L1=4")).setResponseId(wide.repeat(128)).build();
    SurveyResponse tooLong = copy(peer("P2", "S1", 2, "CHANGE_L1=4")).setResponseId(wide.repeat(129)).build();

    send(longest);

    assertThat(deadLetters.isEmpty()).as("the longest id the producer sends passes the checks").isTrue();

    send(tooLong);

    assertThat(header(deadLetters.readRecord(), "__streams.errors.message"))
        .isEqualTo("Oversized responseId: 129 characters, at most 128");
  }

  /**
   * The app stamps what it writes for a response with its submittedAt, and the broker refuses records stamped more
   * than an hour ahead of its clock: a response sent with a submittedAt two hours after the time it was sent (a clock
   * ahead, local time written as UTC) aborted every transaction holding it and stopped the app at every restart
   * (sixty-fifth review). It is a dead letter now, and the responses after it count.
   */
  @Test
  void shouldSendAResponseFromMoreThanAnHourAfterItWasSentToTheDeadLetterTopicAndGoOn() {
    SurveyResponse future = peer("P1", "S1", 1, "CHANGE_L1=4");
    Instant sent = future.getSubmittedAt().minus(Duration.ofHours(2));

    responses.pipeInput(keyOf(future), future, sent);
    send(peer("P2", "S1", 2, "CHANGE_L1=4"));

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(dead.key()).isEqualTo(AvroSerdes.responseKey().encode(keyOf(future)));
    assertThat(header(dead, "__streams.errors.message"))
        .contains("submittedAt " + future.getSubmittedAt(),
            "more than 60 minutes after the record's timestamp " + sent);
    assertThat(latest(T1).getRaters().getPeer()).as("the response after it counts, it does not").isEqualTo(1);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldCountAResponseUpToAnHourAfterItWasSent() {
    SurveyResponse ahead = peer("P1", "S1", 1, "CHANGE_L1=4");

    responses.pipeInput(keyOf(ahead), ahead, ahead.getSubmittedAt().minus(Duration.ofHours(1)));

    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(latest(T1).getRaters().getPeer()).isEqualTo(1);
  }

  /** Kafka Streams drops a record whose event time is negative before any processor sees it, without a trace. */
  @Test
  void shouldSendAResponseSubmittedBefore1970ToTheDeadLetterTopic() {
    SurveyResponse old = copy(peer("P1", "S1", 1, "CHANGE_L1=4")).setSubmittedAt(Instant.parse("1969-12-31T00:00:00Z"))
        .build();

    responses.pipeInput(keyOf(old), old, T0);

    assertThat(header(deadLetters.readRecord(), "__streams.errors.message"))
        .contains("submittedAt 1969-12-31T00:00:00Z is before 1970-01-01T00:00:00Z");
    assertThat(scores.isEmpty()).isTrue();
  }

  @Test
  void shouldSendARecordWhoseKeyDisagreesWithItsValueToTheDeadLetterTopic() {
    SurveyResponse response = peer("P1", "S1", 1, "CHANGE_L1=4");

    responses.pipeInput(new ResponseKey(CYCLE, "S1", "someone-else"), response, T0);

    assertThat(header(deadLetters.readRecord(), "__streams.errors.message")).contains("Key and value disagree");
    assertThat(scores.isEmpty()).isTrue();
  }

  /**
   * The test driver delivers every record on partition 0. With the topic declared as 4 partitions, a key that a
   * Java producer (its own partitioner, {@code BuiltInPartitioner}) would send to partition 0 counts; one it would
   * send elsewhere is what a client with another partitioner produces, and is refused.
   */
  @Test
  void shouldSendARecordOffItsKeysPartitionToTheDeadLetterTopicAndNotCountIt() {
    startDriver(new ScoringConfig(1, 1), InputScope.ALL, new InputPartitioning(TOPICS.responses(), 4));
    SurveyResponse placed = firstPeerWhoseKeyAJavaProducerSendsTo(4, partition -> partition == 0);
    SurveyResponse misplaced = firstPeerWhoseKeyAJavaProducerSendsTo(4, partition -> partition != 0);

    send(placed);
    send(misplaced);

    assertThat(latest(T1).getRaters().getPeer()).isEqualTo(1);
    assertThat(scores.isEmpty()).as("the misplaced record changed nothing").isTrue();
    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(dead.key()).isEqualTo(AvroSerdes.responseKey().encode(keyOf(misplaced)));
    assertThat(header(dead, "__streams.errors.message"))
        .contains("Misplaced record", "on partition 0 of " + TOPICS.responses(), "partitioner=murmur2_random")
        .contains("on partition " + BuiltInPartitioner.partitionForKey(dead.key(), 4) + " of 4");
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldSayThatAMisplacedWithdrawalWasNotAppliedAndItsResponseStaysCounted() {
    // Review 111: a tombstone sent with librdkafka's default partitioner was dead-lettered as "not counted", which
    // reads as if nothing were lost; the erasure was.
    startDriver(new ScoringConfig(1, 1), InputScope.ALL, new InputPartitioning(TOPICS.responses(), 4));
    SurveyResponse misplaced = firstPeerWhoseKeyAJavaProducerSendsTo(4, partition -> partition != 0);

    responses.pipeInput(keyOf(misplaced), null, misplaced.getSubmittedAt().plusSeconds(60));

    assertThat(header(deadLetters.readRecord(), "__streams.errors.message")).contains("Misplaced record",
        "this withdrawal (a tombstone) was not applied: the response it withdraws, if any, stays counted until the "
            + "withdrawal is sent again",
        "partitioner=murmur2_random").doesNotContain("it was not counted");
  }

  private static SurveyResponse firstPeerWhoseKeyAJavaProducerSendsTo(int partitions, IntPredicate wanted) {
    for (int i = 1;; i++) {
      SurveyResponse response = peer("P" + i, "S1", i, "CHANGE_L1=4");
      byte[] key = AvroSerdes.responseKey().encode(keyOf(response));
      if (wanted.test(BuiltInPartitioner.partitionForKey(key, partitions))) {
        return response;
      }
    }
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header " + name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldPublishNoneOfTheInputRecordsHeaders() {
    // Review 71: a producer's headers (a submitter's address, a trace id) were copied onto every output record the
    // change published, naming the rater behind each record, each correction and each withdrawal.
    TestInputTopic<ResponseKey, Nomination> nominations = driver.createInputTopic(TOPICS.nominations(),
        AvroSerdes.responseKey().serializer(), AvroSerdes.nomination().serializer());
    TestOutputTopic<String, String> participation = driver.createOutputTopic(TOPICS.participationJson(),
        new StringDeserializer(), new StringDeserializer());
    Nomination nominee = RosterDriver.nomination(CYCLE, TEAM, "S1", "P1", RaterGroup.PEER, T0);
    nominations.pipeInput(new TestRecord<>(RosterDriver.key(nominee), nominee, named("hr@example.org"), T0));
    List<SurveyResponse> sent = List.of(peer("P1", "S1", 1, "CHANGE_L1=4"), peer("P2", "S1", 2, "CHANGE_L1=2"),
        peer("P3", "S1", 3, "CHANGE_L1=5"));
    for (SurveyResponse response : sent) {
      responses.pipeInput(new TestRecord<>(keyOf(response), response,
          named(response.getRaterId() + "@example.org"), response.getSubmittedAt()));
    }
    SurveyResponse corrected = peer("P2", "S1", 4, "CHANGE_L1=3");
    responses.pipeInput(new TestRecord<>(keyOf(corrected), corrected, named("p2@example.org"), T0.plusSeconds(4)));
    responses.pipeInput(new TestRecord<>(keyOf(corrected), null, named("erasure@example.org"), T0.plusSeconds(5)));

    List<TestRecord<TeamKey, TeamScores>> avro = scores.readRecordsToList();
    List<TestRecord<String, String>> json = jsonScores.readRecordsToList();
    List<TestRecord<String, String>> rates = participation.readRecordsToList();

    assertThat(avro).hasSize(5);
    assertThat(json).hasSize(5);
    assertThat(rates).isNotEmpty();
    assertThat(avro).allSatisfy(record -> assertThat(record.headers().toArray()).isEmpty());
    assertThat(json).allSatisfy(record -> assertThat(record.headers().toArray()).isEmpty());
    assertThat(rates).allSatisfy(record -> assertThat(record.headers().toArray()).isEmpty());
  }

  private static RecordHeaders named(String submitter) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("x-submitted-by", submitter.getBytes(StandardCharsets.UTF_8));
    headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(
        StandardCharsets.UTF_8));
    return headers;
  }

  /**
   * --withhold-sd: every record carries no sd, the means as ever (the rule's waits then read the sums in place of the
   * squares: SpreadAttackTest).
   */
  @Test
  void shouldPublishEverySdAsNullAndTheMeansAsEverWhenSdIsWithheld() {
    List<SurveyResponse> sequence = new ArrayList<>();
    Random random = new Random(54);
    RaterGroup[] groups = {RaterGroup.PEER, RaterGroup.DIRECT_REPORT, RaterGroup.SELF};
    for (int i = 0; i < 40; i++) {
      StringBuilder answers = new StringBuilder();
      for (String item : Responses.ITEMS) {
        answers.append(item).append('=').append(1 + random.nextInt(5)).append(' ');
      }
      RaterGroup group = groups[i % groups.length];
      int rater = random.nextInt(12);
      sequence.add(response(CYCLE, TEAM, group == RaterGroup.SELF ? "S" + rater : "S1",
          group == RaterGroup.SELF ? "S" + rater : group.name() + rater, group, T0.plusSeconds(i), answers.toString()));
    }
    startDriver(ScoringConfig.defaults());
    sequence.forEach(this::send);
    List<TeamScores> withSd = scores.readValuesToList();
    startDriver(ScoringConfig.defaults().withholdingSd(true));
    sequence.forEach(this::send);
    List<TeamScores> withheld = scores.readValuesToList();
    List<String> withheldJson = jsonScores.readValuesToList();

    assertThat(withSd).as("records that show an sd").anySatisfy(record -> assertThat(
        record.getAxes().getFocus().getLeader().getSd()).isNotNull());
    assertThat(withheld).as("records that show a mean").anySatisfy(record -> assertThat(
        record.getAxes().getFocus().getLeader().getMean()).isNotNull());
    assertThat(withheldJson).hasSameSizeAs(withheld).allSatisfy(line -> assertThat(line)
        .contains("\"sd\":null").doesNotContainPattern("\"sd\":[^n]"));
    for (TeamScores record : withheld) {
      for (AxisScores axis : List.of(record.getAxes().getChange(), record.getAxes().getFocus(),
          record.getAxes().getHorizon())) {
        assertThat(axis.getLeader().getSd()).isNull();
        assertThat(axis.getManager().getSd()).isNull();
      }
    }
    TeamScores last = withheld.get(withheld.size() - 1);
    assertThat(last.getAxes().getFocus().getLeader().getMean())
        .as("the mean of the totals as published").isNotNull();
  }

  @Test
  void shouldMirrorEveryScoresRecordAsJsonInTheSameOrder() {
    SurveyResponse only = response(CYCLE, "T9", "S9", "P9", RaterGroup.PEER, T0, "CHANGE_L1=4");
    sendWorkedExample();
    send(only);
    withdraw(only, T0.plusSeconds(10));

    List<KeyValue<TeamKey, TeamScores>> avro = scores.readKeyValuesToList();
    List<KeyValue<String, String>> json = jsonScores.readKeyValuesToList();

    assertThat(json).hasSameSizeAs(avro);
    for (int i = 0; i < avro.size(); i++) {
      KeyValue<TeamKey, TeamScores> expected = avro.get(i);
      assertThat(json.get(i).key).isEqualTo(expected.key.getCycleId() + "/" + expected.key.getTeamId());
      assertThat(json.get(i).value)
          .isEqualTo(expected.value == null ? null : TeamScoresJson.toJsonLine(expected.value));
    }
    assertThat(json.get(json.size() - 1)).isEqualTo(KeyValue.pair(CYCLE + "/T9", null));
  }

  @Test
  void shouldKeyTwoTeamsWhoseCycleAndTeamJoinAlikeApartOnTheJsonTopic() {
    // A review found cycle "2026" with team "H1/x" and cycle "2026/H1" with team "x" both keyed "2026/H1/x": on the
    // compacted topic one team's scores replaced the other's, and the dashboard lost a team.
    send(response("2026", "H1/x", "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=4"));
    send(response("2026/H1", "x", "S2", "P2", RaterGroup.PEER, T0.plusSeconds(1), "CHANGE_L1=2"));

    Map<String, String> json = jsonScores.readKeyValuesToMap();

    assertThat(json).containsOnlyKeys("2026/H1/x", "2026%2FH1/x");
    assertThat(json.get("2026/H1/x")).contains("\"cycleId\":\"2026\"", "\"teamId\":\"H1/x\"");
    assertThat(json.get("2026%2FH1/x")).contains("\"cycleId\":\"2026/H1\"", "\"teamId\":\"x\"");
  }

  @Test
  void shouldCountOnlyResponsesUpToTheInstantOfAnAsOfReplayButEveryWithdrawal() {
    startDriver(3, new InputScope(T0.plusSeconds(3), null));
    sendWorkedExample();
    // Only P1, P2, P3 were submitted by T0 + 3 s: the peers' cells as in the worked example, nothing else.
    TeamScores asOf = latest(T1);
    assertThat(asOf.getRaters().getPeer()).isEqualTo(3);
    assertThat(asOf.getRaters().getSelf()).isZero();
    assertThat(asOf.getRaters().getDirectReport()).isZero();
    assertThat(asOf.getAxes().getChange().getLeader().getMean()).isCloseTo(25.0 / 6, within(EXACT));

    withdraw(WorkedExample.responses().get(2), T0.plusSeconds(86_400));

    assertThat(latest(T1).getRaters().getPeer()).as("a later withdrawal still applies").isEqualTo(2);
  }

  @Test
  void shouldCountOnlyTheChosenCycle() {
    startDriver(3, new InputScope(null, "2027-H1"));
    sendWorkedExample();
    send(response("2027-H1", TEAM, "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=4"));

    assertThat(latestScores()).containsOnlyKeys(new TeamKey("2027-H1", TEAM));
  }

  @Test
  void shouldCountATopicHoldingBothVersionOneAndVersionTwoResponses() throws Exception {
    Schema v1 = SchemaCatalog.get().releasedVersions(SurveyResponse.getClassSchema().getFullName()).get(0);
    BinaryMessageEncoder<SurveyResponse> v1Writer = new BinaryMessageEncoder<>(SpecificData.get(), v1);
    List<SurveyResponse> example = WorkedExample.responses();
    for (int i = 0; i < example.size(); i++) {
      SurveyResponse response = example.get(i);
      if (i % 2 == 0) {
        ByteBuffer buffer = v1Writer.encode(response);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        rawResponses.pipeInput(AvroSerdes.responseKey().encode(keyOf(response)), bytes,
            response.getSubmittedAt());
      } else {
        send(copy(response).setChannel(Channel.WEB).build());
      }
    }

    TeamScores team = latest(T1);

    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(team.getRaters().getPeer()).isEqualTo(3);
    assertThat(team.getAxes().getChange().getLeader().getMean()).isCloseTo(25.0 / 6, within(EXACT));
  }

  @Test
  void shouldNameEveryOperatorStoreAndInternalTopic() {
    String description = TeamScoresTopology.build(TOPICS, ScoringConfig.defaults()).describe().toString();

    assertThat(description)
        .contains("Source: responses-source (topics: [survey-responses])")
        .contains("Processor: latest-response (stores: [latest-responses])")
        .contains("Sink: team-changes-repartition-sink (topic: team-changes-repartition)")
        .contains("Source: team-changes-repartition-source (topics: [team-changes-repartition])")
        .contains("Processor: team-aggregate (stores: [team-aggregates])")
        .contains("Sink: team-scores-sink (topic: team-scores)")
        .contains("Processor: team-scores-to-json")
        .contains("Sink: team-scores-json-sink (topic: team-scores-json)")
        .doesNotContain("KSTREAM-", "KTABLE-");
  }

  @Test
  void shouldListExactlyTheInternalTopicsKafkaStreamsCreatesForTheTopology() {
    TopologyDescription description = TeamScoresTopology.build(TOPICS, ScoringConfig.defaults()).describe();
    Set<String> internal = new TreeSet<>();
    for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Processor processor) {
          // Every store is logged (the stores keep Kafka Streams' default): one changelog each.
          processor.stores().forEach(store -> internal.add("app-" + store + "-changelog"));
        }
        if (node instanceof TopologyDescription.Sink sink && sink.topic().endsWith("-repartition")) {
          internal.add("app-" + sink.topic());
        }
      }
    }

    assertThat(TeamScoresTopology.internalTopics("app")).containsExactlyInAnyOrderElementsOf(internal);
  }

  @Test
  void shouldKeepTheResponsesUsedInTestsOnTheDefaultInstrument() {
    assertThat(Responses.ITEMS).hasSize(12);
  }
}
