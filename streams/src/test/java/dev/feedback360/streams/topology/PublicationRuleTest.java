package dev.feedback360.streams.topology;

import static dev.feedback360.testkit.Responses.keyOf;
import static dev.feedback360.testkit.Responses.response;
import static dev.feedback360.testkit.WorkedExample.CYCLE;
import static dev.feedback360.testkit.WorkedExample.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.feedback360.avro.AxesScores;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The publication rule (docs/privacy.md) with its default N = k = 3: a rater group's part of a cell changes only once
 * three of its raters changed it; a group below k is withheld at once and comes back with its last published part.
 * Scores are one item per rater (CHANGE_L1), so every expected mean is a small fraction worked out in a comment.
 */
class PublicationRuleTest {

  private static final double EXACT = 1e-12;
  private static final Topics TOPICS = Topics.defaults();
  private static final TeamKey T1 = new TeamKey(CYCLE, "T1");
  private static final TeamKey T2 = new TeamKey(CYCLE, "T2");

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<ResponseKey, SurveyResponse> responses;
  private TestOutputTopic<TeamKey, TeamScores> scores;

  private void start(ScoringConfig scoring) {
    close();
    latest.clear();
    StreamsSettings settings = new StreamsSettings("unused:9092", "publication-test", stateDir, TOPICS,
        TopicSettings.defaults(), scoring, Map.of());
    driver = new TopologyTestDriver(TeamScoresTopology.build(TOPICS, scoring), settings.toProperties());
    responses = driver.createInputTopic(TOPICS.responses(), AvroSerdes.responseKey().serializer(),
        AvroSerdes.surveyResponse().serializer());
    scores = driver.createOutputTopic(TOPICS.scores(), AvroSerdes.teamKey().deserializer(),
        AvroSerdes.teamScores().deserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  /**
   * A response scoring one CHANGE leader item. (Not a manager item with the same score as well: a rater who moves
   * both by as much changes no leader-less-manager combination, and a batch of such raters waits, docs/privacy.md.)
   */
  private static SurveyResponse rater(String rater, RaterGroup group, int second, int score) {
    String subject = group == RaterGroup.SELF ? rater : "S1";
    return response(CYCLE, "T1", subject, rater, group, T0.plusSeconds(second), "CHANGE_L1=" + score);
  }

  /** A response scoring one CHANGE leader item and one CHANGE manager item alike. */
  private static SurveyResponse bothPoles(String rater, RaterGroup group, int second, int score) {
    String subject = group == RaterGroup.SELF ? rater : "S1";
    return response(CYCLE, "T1", subject, rater, group, T0.plusSeconds(second),
        "CHANGE_L1=" + score + " CHANGE_M1=" + score);
  }

  private TeamScores send(SurveyResponse response) {
    responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
    return scores.readKeyValuesToMap().get(T1);
  }

  private TeamScores withdraw(SurveyResponse response, int second) {
    responses.pipeInput(keyOf(response), null, T0.plusSeconds(second));
    return scores.readKeyValuesToMap().get(T1);
  }

  /** Every team's latest scores record, for the tests that move responses between teams ({@link #peer}). */
  private final Map<TeamKey, TeamScores> latest = new HashMap<>();
  private int second;

  /** A PEER response at {@code where} ("team/subject/rater"), one second after the last one. */
  private void peer(String where, String scoresLine) {
    String[] at = where.split("/");
    SurveyResponse response = response(CYCLE, at[0], at[1], at[2], RaterGroup.PEER, T0.plusSeconds(++second),
        scoresLine);
    responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
    latest.putAll(scores.readKeyValuesToMap());
  }

  /**
   * T1: P1, P2 and P3 rate S0 3, and A, B and C rate S1 {@code a}, {@code b} and {@code c}; T2: Q1, Q2 and Q3 rate
   * {@code t2Subject} {@code t2Score}. All PEER, CHANGE leader only; both teams published.
   */
  private void twoTeams(int a, int b, int c, String t2Subject, int t2Score) {
    for (String rater : List.of("P1", "P2", "P3")) {
      peer("T1/S0/" + rater, "CHANGE_L1=3");
    }
    peer("T1/S1/A", "CHANGE_L1=" + a);
    peer("T1/S1/B", "CHANGE_L1=" + b);
    peer("T1/S1/C", "CHANGE_L1=" + c);
    for (String rater : List.of("Q1", "Q2", "Q3")) {
      peer("T2/" + t2Subject + "/" + rater, "CHANGE_L1=" + t2Score);
    }
  }

  /** Every record each team published during the last {@link #script}. */
  private final Map<TeamKey, List<TeamScores>> published = new HashMap<>();
  /** T1's latest record when the last {@link #script} started (null before any). */
  private TeamScores beforeScript;

  /**
   * Sends the lines one second apart, "sub TEAM SUBJECT RATER GROUP ITEM=score..." (a response) or "wd SUBJECT
   * RATER" (a withdrawal), and keeps every record published meanwhile in {@link #published}.
   */
  private void script(String... lines) {
    published.clear();
    beforeScript = latest.get(T1);
    for (String line : lines) {
      String[] words = line.trim().split("\\s+");
      Instant at = T0.plusSeconds(++second);
      if (words[0].equals("wd")) {
        responses.pipeInput(new ResponseKey(CYCLE, words[1], words[2]), null, at);
      } else {
        SurveyResponse response = response(CYCLE, words[1], words[2], words[3], RaterGroup.valueOf(words[4]), at,
            String.join(" ", Arrays.copyOfRange(words, 5, words.length)));
        responses.pipeInput(keyOf(response), response, at);
      }
      for (KeyValue<TeamKey, TeamScores> record : scores.readKeyValuesToList()) {
        published.computeIfAbsent(record.key, team -> new ArrayList<>()).add(record.value);
        latest.put(record.key, record.value);
      }
    }
  }

  /**
   * T1, all published: PEER P1 to P3, R, C, W, U1 to U3; OTHER O1, O2, X, Y, Z, Q (the ninth review's setup).
   * Returns CHANGE leader as published.
   */
  private CellScores peersAndOthers() {
    script("sub T1 S1 P1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=5",
        "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=4", "sub T1 S1 R PEER CHANGE_L1=2",
        "sub T1 S1 C PEER CHANGE_L1=2 CHANGE_L2=5", "sub T1 S1 W PEER CHANGE_L1=3",
        "sub T1 S1 U1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 U2 PEER CHANGE_L1=1 CHANGE_L2=2",
        "sub T1 S1 U3 PEER CHANGE_L1=5 CHANGE_L2=5", "sub T1 S1 O1 OTHER CHANGE_L1=3 CHANGE_L2=3",
        "sub T1 S1 O2 OTHER CHANGE_L1=2 CHANGE_L2=2", "sub T1 S1 X OTHER CHANGE_L1=5", "sub T1 S1 Y OTHER CHANGE_L1=3",
        "sub T1 S1 Z OTHER CHANGE_L1=1 CHANGE_L2=4", "sub T1 S1 Q OTHER CHANGE_L1=4 CHANGE_L2=2");
    return changeLeader(latest.get(T1));
  }

  /** Asserts that every record the team published in the last {@link #script} shows CHANGE leader as it was. */
  private void assertHeld(TeamKey team, CellScores before) {
    assertThat(published.get(team)).as("records of %s", team.getTeamId()).isNotEmpty()
        .allSatisfy(record -> assertThat(changeLeader(record)).isEqualTo(before));
  }

  private static CellScores changeLeader(TeamScores team) {
    return team.getAxes().getChange().getLeader();
  }

  @Test
  void shouldHoldNewRatersBackUntilNOfThemHaveAnswered() {
    start(ScoringConfig.defaults());
    send(rater("P1", RaterGroup.PEER, 1, 4));
    send(rater("P2", RaterGroup.PEER, 2, 2));
    TeamScores three = send(rater("P3", RaterGroup.PEER, 3, 3));

    TeamScores four = send(rater("P4", RaterGroup.PEER, 4, 5));
    TeamScores five = send(rater("P5", RaterGroup.PEER, 5, 1));
    TeamScores six = send(rater("P6", RaterGroup.PEER, 6, 5));

    // 4, 2, 3 -> 9 / 3 = 3.
    assertThat(changeLeader(three).getMean()).isCloseTo(3.0, within(EXACT));
    assertThat(three.getPendingRaters()).isZero();
    // P4 and P5 are counted (raters live) but not yet in any mean.
    assertThat(changeLeader(four)).isEqualTo(changeLeader(three));
    assertThat(changeLeader(five)).isEqualTo(changeLeader(three));
    assertThat(four.getPendingRaters()).isEqualTo(1);
    assertThat(five.getPendingRaters()).isEqualTo(2);
    assertThat(five.getRaters().getPeer()).isEqualTo(5);
    assertThat(five.getUpdatedAt()).as("the last change to what is published").isEqualTo(T0.plusSeconds(3));
    // P6 makes three: 4 + 2 + 3 + 5 + 1 + 5 = 20 over 6.
    assertThat(changeLeader(six).getMean()).isCloseTo(20.0 / 6, within(EXACT));
    assertThat(changeLeader(six).getN()).isEqualTo(6);
    assertThat(changeLeader(six).getRaters()).isEqualTo(6);
    assertThat(six.getPendingRaters()).isZero();
    assertThat(six.getUpdatedAt()).isEqualTo(T0.plusSeconds(6));
  }

  @Test
  void shouldDateWhatIsPublishedByTheLatestChangeItReflectsWhateverTheArrivalOrder() {
    start(ScoringConfig.defaults());
    send(rater("P3", RaterGroup.PEER, 3, 3));
    send(rater("P1", RaterGroup.PEER, 1, 3));

    TeamScores published = send(rater("P2", RaterGroup.PEER, 2, 3));
    TeamScores pending = send(rater("P4", RaterGroup.PEER, 9, 3));

    assertThat(published.getUpdatedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(pending.getUpdatedAt()).as("P4's answer is not published").isEqualTo(T0.plusSeconds(3));
  }

  @Test
  void shouldNotPublishACorrectionOrAWithdrawalAloneButKeepTheGroupThreshold() {
    start(ScoringConfig.defaults());
    for (int i = 1; i <= 4; i++) {
      send(rater("P" + i, RaterGroup.PEER, i, i));
    }
    TeamScores published = send(rater("P5", RaterGroup.PEER, 5, 5));
    TeamScores republished = send(rater("P6", RaterGroup.PEER, 6, 3));

    TeamScores corrected = send(rater("P1", RaterGroup.PEER, 10, 5));
    TeamScores withdrawn = withdraw(rater("P2", RaterGroup.PEER, 2, 2), 11);
    TeamScores third = send(rater("P7", RaterGroup.PEER, 12, 4));
    TeamScores fourth = send(rater("P8", RaterGroup.PEER, 13, 1));

    assertThat(published.getPendingRaters()).isEqualTo(2);
    // 1 + 2 + 3 + 4 + 5 + 3 = 18 over 6.
    assertThat(changeLeader(republished).getMean()).isCloseTo(3.0, within(EXACT));
    assertThat(changeLeader(corrected)).isEqualTo(changeLeader(republished));
    assertThat(changeLeader(withdrawn)).as("the withdrawal waits").isEqualTo(changeLeader(republished));
    assertThat(withdrawn.getRaters().getPeer()).as("counts are live").isEqualTo(5);
    assertThat(withdrawn.getPendingRaters()).isEqualTo(2);
    // A withdrawal counts towards N nowhere (its response may come back elsewhere uncounted): P1's correction and
    // P7's answer are two changes, P8's the third.
    assertThat(changeLeader(third)).isEqualTo(changeLeader(republished));
    assertThat(third.getPendingRaters()).isEqualTo(3);
    // P1 now 5, P2 gone, P7 and P8 in: 5 + 3 + 4 + 5 + 3 + 4 + 1 = 25 over 7. (P8 answering 2, P2's withdrawn
    // answer, would cancel P2 out: that batch would show P1's and P7's changes alone, and waits.)
    assertThat(changeLeader(fourth).getMean()).isCloseTo(25.0 / 7, within(EXACT));
    assertThat(changeLeader(fourth).getRaters()).isEqualTo(7);
    assertThat(fourth.getPendingRaters()).isZero();
  }

  @Test
  void shouldForgetAPendingChangeThatWasUndoneBeforePublication() {
    start(ScoringConfig.defaults());
    for (int i = 1; i <= 3; i++) {
      send(rater("P" + i, RaterGroup.PEER, i, 3));
    }

    TeamScores changed = send(rater("P1", RaterGroup.PEER, 10, 5));
    TeamScores undone = send(rater("P1", RaterGroup.PEER, 11, 3));
    TeamScores second = send(rater("P2", RaterGroup.PEER, 12, 1));
    TeamScores third = send(rater("P3", RaterGroup.PEER, 13, 1));

    assertThat(changed.getPendingRaters()).isEqualTo(1);
    assertThat(undone.getPendingRaters()).as("P1 is back to what is published").isZero();
    // P2 and P3 changed, P1 did not (net): two changes, fewer than N; the published 3s stand.
    assertThat(second.getPendingRaters()).isEqualTo(1);
    assertThat(third.getPendingRaters()).isEqualTo(2);
    assertThat(changeLeader(third).getMean()).isCloseTo(3.0, within(EXACT));
  }

  @Test
  void shouldHoldBackABatchWhoseOtherChangesCancelDownToFewerThanNRaters() {
    start(ScoringConfig.defaults());
    send(rater("P1", RaterGroup.PEER, 1, 3));
    send(rater("P2", RaterGroup.PEER, 2, 2));
    send(rater("P3", RaterGroup.PEER, 3, 4));
    TeamScores baseline = send(rater("P4", RaterGroup.PEER, 4, 3));
    send(rater("P5", RaterGroup.PEER, 5, 3));
    TeamScores published = send(rater("P6", RaterGroup.PEER, 6, 3));

    // P2 moves 2 -> 4 and P3 4 -> 2: the cell's totals are back where they were; P1's 3 -> 5 would then be the
    // whole difference of the next record although three raters changed.
    send(rater("P2", RaterGroup.PEER, 10, 4));
    send(rater("P3", RaterGroup.PEER, 11, 2));
    TeamScores cancelling = send(rater("P1", RaterGroup.PEER, 12, 5));
    // Four raters changed, but the difference would be P1's 3 -> 5 and P4's 3 -> 1 summed: two raters, fewer than N
    // (PrivacyAttackIT met such a pair end to end: one response added, another withdrawn).
    TeamScores pair = send(rater("P4", RaterGroup.PEER, 13, 1));
    // P5's 3 -> 4: the four changes before add up to nothing in the sum, so the mean's difference would be P5's
    // change alone (fourteenth review: a cancellation in the sum, not in the squares, is one too).
    TeamScores fifth = send(rater("P5", RaterGroup.PEER, 14, 4));
    TeamScores seventh = send(rater("P7", RaterGroup.PEER, 15, 5));
    TeamScores eighth = send(rater("P8", RaterGroup.PEER, 16, 2));

    assertThat(baseline.getPendingRaters()).isEqualTo(1);
    // 3 + 2 + 4 + 3 + 3 + 3 = 18 over 6.
    assertThat(changeLeader(published).getMean()).isCloseTo(3.0, within(EXACT));
    assertThat(changeLeader(cancelling)).as("held: its difference would be P1's change alone")
        .isEqualTo(changeLeader(published));
    assertThat(cancelling.getPendingRaters()).isEqualTo(3);
    assertThat(changeLeader(pair)).as("held: its difference would be P1's and P4's changes alone")
        .isEqualTo(changeLeader(published));
    assertThat(pair.getPendingRaters()).isEqualTo(4);
    assertThat(changeLeader(fifth)).as("held: the sum's difference would be P5's change alone")
        .isEqualTo(changeLeader(published));
    assertThat(changeLeader(seventh)).as("held: the count's and sum's difference would be P5's and P7's")
        .isEqualTo(changeLeader(published));
    // P8 breaks the coincidence (no one or two of the seven changes add up to the net change in count and sum, or in
    // count and squares): 5 + 4 + 2 + 1 + 4 + 3 + 5 + 2 = 26 over 8, published with all seven changes.
    assertThat(changeLeader(eighth).getMean()).isCloseTo(26.0 / 8, within(EXACT));
    assertThat(eighth.getPendingRaters()).isZero();
  }

  @Test
  void shouldWithholdAGroupThatFallsBelowKAtOnceAndBringBackItsLastPublishedPart() {
    start(ScoringConfig.defaults());
    for (int i = 1; i <= 3; i++) {
      send(rater("D" + i, RaterGroup.DIRECT_REPORT, i, 5));
    }
    send(rater("P1", RaterGroup.PEER, 4, 1));
    send(rater("P2", RaterGroup.PEER, 5, 2));
    TeamScores both = send(rater("P3", RaterGroup.PEER, 6, 3));

    TeamScores peerLeft = withdraw(rater("P3", RaterGroup.PEER, 6, 3), 7);
    TeamScores peerBack = send(rater("P4", RaterGroup.PEER, 8, 1));

    // Both groups: 5, 5, 5, 1, 2, 3 -> 21 over 6.
    assertThat(changeLeader(both).getMean()).isCloseTo(3.5, within(EXACT));
    // P3's withdrawal drops the peers to two: their part is withheld at once, the direct reports' 5s remain.
    assertThat(peerLeft.getRaters().getPeer()).isEqualTo(2);
    assertThat(changeLeader(peerLeft).getMean()).isCloseTo(5.0, within(EXACT));
    assertThat(changeLeader(peerLeft).getRaters()).isEqualTo(3);
    // P4 brings the peers back to three; only two of them (P3 gone, P4 new) changed since their part was
    // published, so the part comes back as published: the cell equals the first record, never {P1, P2, P4}
    // (which minus the first record would give P4's answers minus P3's).
    assertThat(changeLeader(peerBack)).isEqualTo(changeLeader(both));
    assertThat(peerBack.getPendingRaters()).isEqualTo(2);
  }

  @Test
  void shouldTreatSelfLikeAnyGroup() {
    start(ScoringConfig.defaults());
    for (int i = 1; i <= 3; i++) {
      send(bothPoles("P" + i, RaterGroup.PEER, i, 3));
    }
    TeamScores oneSelf = send(bothPoles("S1", RaterGroup.SELF, 10, 5));
    send(bothPoles("S2", RaterGroup.SELF, 11, 4));
    TeamScores threeSelves = send(response(CYCLE, "T1", "S3", "S3", RaterGroup.SELF, T0.plusSeconds(12),
        "CHANGE_L1=3 CHANGE_M1=1"));

    assertThat(oneSelf.getRaters().getSelf()).isEqualTo(1);
    assertThat(oneSelf.getAxes().getChange().getSelfBalance()).isNull();
    assertThat(oneSelf.getAxes().getChange().getGap()).isNull();
    // Self leader 5, 4, 3 -> 4; self manager 5, 4, 1 -> 10 / 3; selfBalance 2/3; others' balance 3 - 3 = 0.
    assertThat(threeSelves.getAxes().getChange().getSelfBalance()).isCloseTo(4.0 - 10.0 / 3, within(EXACT));
    assertThat(threeSelves.getAxes().getChange().getGap()).isCloseTo(4.0 - 10.0 / 3, within(EXACT));
    assertThat(changeLeader(threeSelves).getRaters()).as("SELF never enters the others' cells").isEqualTo(3);
  }

  @Test
  void shouldPublishEveryChangeWithMinChangeOne() {
    start(new ScoringConfig(3, 1));
    for (int i = 1; i <= 3; i++) {
      send(rater("P" + i, RaterGroup.PEER, i, 3));
    }

    TeamScores four = send(rater("P4", RaterGroup.PEER, 4, 5));

    // 3 + 3 + 3 + 5 = 14 over 4.
    assertThat(changeLeader(four).getMean()).isCloseTo(3.5, within(EXACT));
    assertThat(four.getPendingRaters()).isZero();
    assertThat(four.getMinChange()).isEqualTo(1);
  }

  @Test
  void shouldNotLetRatersDroppingAnItemLeaveAShownPartOnFewerThanNRaters() {
    start(ScoringConfig.defaults());
    for (int i = 1; i <= 3; i++) {
      send(rater("D" + i, RaterGroup.DIRECT_REPORT, i, 4));
    }
    for (int i = 1; i <= 3; i++) {
      send(rater("P" + i, RaterGroup.PEER, 3 + i, 1));
    }
    send(response(CYCLE, "T1", "S1", "P4", RaterGroup.PEER, T0.plusSeconds(7), "CHANGE_M1=2"));
    TeamScores before = send(response(CYCLE, "T1", "S1", "P5", RaterGroup.PEER, T0.plusSeconds(8),
        "CHANGE_M1=2"));

    // Three changes on the peers' CHANGE leader part: P1 and P2 drop the item, P3 changes it. Published, the part
    // would stand on P3 alone, and the peers leaving the pool later would reveal P3's answer as the difference.
    // Taking one's scores off a cell is a revert (to before one answered): it counts towards N nowhere, so the part
    // waits for three raters who change it and keep scores on it.
    send(response(CYCLE, "T1", "S1", "P1", RaterGroup.PEER, T0.plusSeconds(9), "CHANGE_M1=2"));
    send(response(CYCLE, "T1", "S1", "P2", RaterGroup.PEER, T0.plusSeconds(10), "CHANGE_M1=2"));
    TeamScores after = send(response(CYCLE, "T1", "S1", "P3", RaterGroup.PEER, T0.plusSeconds(11),
        "CHANGE_L1=2 CHANGE_M1=2"));
    // P4 and P5 filling the item they left blank with one answer would count nowhere either (scores of one value
    // added to what their forms held there): P6 and P7 answer it for the first time.
    send(response(CYCLE, "T1", "S1", "P6", RaterGroup.PEER, T0.plusSeconds(12), "CHANGE_L1=5 CHANGE_M1=2"));
    TeamScores last = send(response(CYCLE, "T1", "S1", "P7", RaterGroup.PEER, T0.plusSeconds(13),
        "CHANGE_L1=3 CHANGE_M1=2"));

    // Before: 4, 4, 4, 1, 1, 1 -> 15 over 6.
    assertThat(changeLeader(before).getMean()).isCloseTo(2.5, within(EXACT));
    assertThat(changeLeader(after)).isEqualTo(changeLeader(before));
    // P1 to P3, and P4 and P5 on CHANGE manager: P1's and P2's 2s there, added where their forms had no score, count
    // nowhere (scores of one value added), so P4's and P5's first answers wait for a third.
    assertThat(after.getPendingRaters()).isEqualTo(5);
    // P3, P6 and P7 count: 4, 4, 4, 2, 5, 3 -> 22 over 6.
    assertThat(changeLeader(last).getN()).isEqualTo(6);
    assertThat(changeLeader(last).getMean()).isCloseTo(22.0 / 6, within(EXACT));
    assertThat(last.getRaters().getPeer()).isEqualTo(7);
  }

  @Test
  void shouldNotCountAResponseMovedToAnotherGroupWithItsAnswersTowardsN() {
    start(ScoringConfig.defaults());
    int[] peers = {4, 2, 3, 5, 1, 5};
    for (int i = 0; i < peers.length; i++) {
      send(rater("P" + (i + 1), RaterGroup.PEER, i + 1, peers[i]));
    }
    send(rater("O1", RaterGroup.OTHER, 7, 2));
    send(rater("O2", RaterGroup.OTHER, 8, 2));
    TeamScores before = send(rater("O3", RaterGroup.OTHER, 9, 4));

    // HR relabels P4, P5 and P6 as OTHER; P4's re-sent form also changes the answer 5 -> 1. Both parts now have
    // three pending raters, but in the pooled cell P5's and P6's moves cancel: publishing both parts would show
    // P4's edit alone (-4 on the sum) as the difference of two consecutive records.
    List<TeamScores> relabelled = List.of(send(rater("P4", RaterGroup.OTHER, 20, 1)),
        send(rater("P5", RaterGroup.OTHER, 21, 1)), send(rater("P6", RaterGroup.OTHER, 22, 5)));

    // 4 + 2 + 3 + 5 + 1 + 5 + 2 + 2 + 4 = 28 over 9.
    assertThat(changeLeader(before).getMean()).isCloseTo(28.0 / 9, within(EXACT));
    assertThat(relabelled).allSatisfy(record -> assertThat(changeLeader(record)).isEqualTo(changeLeader(before)));
    assertThat(relabelled.get(2).getRaters().getOther()).isEqualTo(6);
    assertThat(relabelled.get(2).getPendingRaters()).isEqualTo(3);

    // P4's edit came with the relabel, which took P4's one answer, a 5, out of PEER: scores of one value, which count
    // nowhere (forty-sixth review), so P4 counts in neither group. Three new OTHER raters make three changes beyond
    // moves there: OTHER publishes, P4, P5 and P6 with it, while PEER still shows them. PEER: 4 + 2 + 3 + 5 + 1 + 5 =
    // 20; OTHER: 2 + 2 + 4 + 1 + 1 + 5 + 3 + 3 + 1 = 22; 42 over 15 scores, from 12 distinct raters. (O6 answering 2
    // would make the counted raters' sum, 8, what P6's 5 and O4's 3 make: that batch waits for a fourth.)
    TeamScores four = send(rater("O4", RaterGroup.OTHER, 23, 3));
    TeamScores five = send(rater("O5", RaterGroup.OTHER, 24, 3));
    TeamScores six = send(rater("O6", RaterGroup.OTHER, 25, 1));

    assertThat(List.of(four, five)).allSatisfy(record -> assertThat(changeLeader(record))
        .isEqualTo(changeLeader(before)));
    assertThat(changeLeader(six).getMean()).isCloseTo(42.0 / 15, within(EXACT));
    assertThat(changeLeader(six).getN()).isEqualTo(15);
    assertThat(changeLeader(six).getRaters()).isEqualTo(12);

    // PEER publishes once three of its raters changed by more than a move (P7, P8 and P9 joined). The exact view:
    // PEER 4 + 2 + 3 + 4 + 4 + 4 = 21; with OTHER's 22, 43 over 15.
    TeamScores seven = send(rater("P7", RaterGroup.PEER, 26, 4));
    TeamScores eight = send(rater("P8", RaterGroup.PEER, 27, 4));
    TeamScores nine = send(rater("P9", RaterGroup.PEER, 28, 4));

    assertThat(List.of(seven, eight)).allSatisfy(record -> assertThat(changeLeader(record))
        .isEqualTo(changeLeader(six)));
    assertThat(changeLeader(nine).getMean()).isCloseTo(43.0 / 15, within(EXACT));
    assertThat(changeLeader(nine).getN()).isEqualTo(15);
    assertThat(nine.getPendingRaters()).isZero();
  }

  @Test
  void shouldNotCountARelabelWhoseEditWasRevertedTowardsNInEitherGroup() {
    start(ScoringConfig.defaults());
    int[] peers = {2, 3, 4, 4, 2, 5};
    for (int i = 0; i < peers.length; i++) {
      send(rater("P" + (i + 1), RaterGroup.PEER, i + 1, peers[i]));
    }
    send(rater("O1", RaterGroup.OTHER, 7, 4));
    send(rater("O2", RaterGroup.OTHER, 8, 4));
    TeamScores before = send(rater("O3", RaterGroup.OTHER, 9, 4));

    // Found by the third attacker's review: P5 and P6 are relabelled OTHER with an edit each, then the edits are
    // reverted. Net, each is a move (its old answer left PEER and entered OTHER), but by the path each was more than
    // a move. Counted in both groups, P4's relabel with an edit made three in each and both parts were published in
    // one record that differed from the one before by P4's 4 -> 1 alone.
    List<TeamScores> after = List.of(send(rater("P5", RaterGroup.OTHER, 20, 5)),
        send(rater("P5", RaterGroup.OTHER, 21, 2)), send(rater("P6", RaterGroup.OTHER, 22, 1)),
        send(rater("P6", RaterGroup.OTHER, 23, 5)), send(rater("P4", RaterGroup.OTHER, 24, 1)));

    // 2 + 3 + 4 + 4 + 2 + 5 + 4 + 4 + 4 = 32 over 9.
    assertThat(changeLeader(before).getMean()).isCloseTo(32.0 / 9, within(EXACT));
    assertThat(after).allSatisfy(record -> assertThat(changeLeader(record)).isEqualTo(changeLeader(before)));
    assertThat(after.get(4).getRaters().getOther()).isEqualTo(6);
  }

  @Test
  void shouldHoldTwoGroupsPartsThatOneRelabelWouldPublishWhenTogetherTheyCancelDownToOneRater() {
    start(ScoringConfig.defaults());
    int[] peers = {2, 3, 3, 4, 1, 5};
    String[] peerIds = {"P1", "P2", "E", "P3", "P4", "P5"};
    for (int i = 0; i < peers.length; i++) {
      send(rater(peerIds[i], RaterGroup.PEER, i + 1, peers[i]));
    }
    send(rater("O1", RaterGroup.OTHER, 7, 4));
    send(rater("O2", RaterGroup.OTHER, 8, 3));
    TeamScores before = send(rater("O3", RaterGroup.OTHER, 9, 2));

    // Two trades across the groups (P1 2 -> 4 and O1 4 -> 2; P2 3 -> 2 and O3 2 -> 3), then E relabelled OTHER with
    // 3 -> 5. Each group's batch (P1, P2, E out; O1, O3, E in) passes alone, but published in one record the pooled
    // cell would differ by E's edit alone (found by the third attacker's review).
    send(rater("P1", RaterGroup.PEER, 20, 4));
    send(rater("O1", RaterGroup.OTHER, 21, 2));
    send(rater("P2", RaterGroup.PEER, 22, 2));
    send(rater("O3", RaterGroup.OTHER, 23, 3));
    TeamScores relabel = send(rater("E", RaterGroup.OTHER, 24, 5));
    // A new PEER rater: PEER alone publishes its batch of four (P1, P2, E out, P6). (P6 answering 4 would cancel P2's
    // and E's changes in the sum, leaving P1's as the mean's difference: held too.)
    TeamScores peer = send(rater("P6", RaterGroup.PEER, 25, 5));

    // 2 + 3 + 3 + 4 + 1 + 5 + 4 + 3 + 2 = 27 over 9.
    assertThat(changeLeader(before).getMean()).isCloseTo(27.0 / 9, within(EXACT));
    assertThat(changeLeader(relabel)).as("both parts held").isEqualTo(changeLeader(before));
    assertThat(relabel.getPendingRaters()).isEqualTo(5);
    // PEER: 4 + 2 + 4 + 1 + 5 + 5 = 21 over 6; OTHER as published: 9 over 3; 30 over 9.
    assertThat(changeLeader(peer).getMean()).isCloseTo(30.0 / 9, within(EXACT));
    assertThat(peer.getPendingRaters()).isEqualTo(3);
  }

  @Test
  void shouldNotDateARecordByACorrectionInAGroupOfExactlyK() {
    start(ScoringConfig.defaults());
    for (int i = 1; i <= 4; i++) {
      send(rater("P" + i, RaterGroup.PEER, i, i));
    }
    send(rater("O1", RaterGroup.OTHER, 5, 2));
    send(rater("O2", RaterGroup.OTHER, 6, 2));
    // (With O2 at 3 and O3 at 4, OTHER's part less PEER's, 9 - 6, would be O2's 3: were PEER to leave the pool, the
    // records around OTHER's entry would differ in the sum by what O2 answered, so OTHER's first batch would wait.)
    TeamScores published = send(rater("O3", RaterGroup.OTHER, 7, 5));

    TeamScores peerCorrected = send(rater("P1", RaterGroup.PEER, 8, 5));
    TeamScores otherCorrected = send(rater("O1", RaterGroup.OTHER, 9, 5));

    // O1's correction takes it out of a group of exactly k and puts it back: no change of the pool, so updatedAt
    // must not say that, and when, a rater of that group corrected something (found by the third review).
    assertThat(published.getUpdatedAt()).isEqualTo(T0.plusSeconds(7));
    assertThat(peerCorrected.getUpdatedAt()).isEqualTo(T0.plusSeconds(7));
    assertThat(otherCorrected.getUpdatedAt()).isEqualTo(T0.plusSeconds(7));
    assertThat(changeLeader(otherCorrected)).isEqualTo(changeLeader(published));
  }

  @Test
  void shouldNotDateARecordByAPartPublishedWhileItsGroupIsOutOfThePool() {
    start(ScoringConfig.defaults());
    for (int i = 1; i <= 3; i++) {
      send(rater("P" + i, RaterGroup.PEER, i, i + 1));
    }
    send(rater("O1", RaterGroup.OTHER, 4, 2));
    send(rater("O2", RaterGroup.OTHER, 5, 4));
    SurveyResponse o3 = rater("O3", RaterGroup.OTHER, 6, 5);
    send(o3);

    // O3 withdraws: OTHER leaves the pool at once. O1's and O2's corrections make three changes there and OTHER's
    // part is published, out of sight; had their changes cancelled, it would be held. Dated by it, the record would
    // tell the two apart (found by the fourth attacker's review).
    TeamScores left = withdraw(o3, 20);
    send(rater("O1", RaterGroup.OTHER, 30, 4));
    TeamScores corrected = send(rater("O2", RaterGroup.OTHER, 40, 3));

    assertThat(left.getUpdatedAt()).isEqualTo(T0.plusSeconds(20));
    assertThat(corrected.getPendingRaters()).as("OTHER is out of the pool").isZero();
    assertThat(corrected.getUpdatedAt()).isEqualTo(T0.plusSeconds(20));
    assertThat(changeLeader(corrected)).isEqualTo(changeLeader(left));
  }

  @Test
  void shouldKeepAMoveUncountedWhenTheMovedRatersSendTheirFormsAgainUnchanged() {
    start(ScoringConfig.defaults());
    int[] second = {0};
    Function<String, TeamScores> answer = line -> {
      String[] at = line.split(" "); // subject rater group score
      return send(response(CYCLE, "T1", at[0], at[1], RaterGroup.valueOf(at[2]), T0.plusSeconds(++second[0]),
          "CHANGE_L1=" + at[3]));
    };
    // P4, P5 and P6 rate S1 and S2 as peers; three others rate S3.
    for (String line : List.of("S1 P4 PEER 5", "S1 P5 PEER 1", "S1 P6 PEER 4", "S2 P4 PEER 3", "S2 P5 PEER 3",
        "S2 P6 PEER 3", "S3 O1 OTHER 2", "S3 O2 OTHER 2")) {
      answer.apply(line);
    }
    TeamScores before = answer.apply("S3 O3 OTHER 4");

    // S1's three forms are relabelled OTHER (P4's edited, 5 -> 1); then P5 and P6 send both their forms again
    // unchanged. A re-sent form changes no cell: it must not make a moved rater count, or OTHER and then PEER
    // would publish and the pooled cell would move by P4's edit alone.
    List<TeamScores> after = new ArrayList<>();
    for (String line : List.of("S1 P4 OTHER 1", "S1 P5 OTHER 1", "S1 P6 OTHER 4", "S1 P5 OTHER 1",
        "S1 P6 OTHER 4", "S2 P5 PEER 3", "S2 P6 PEER 3")) {
      after.add(answer.apply(line));
    }

    // PEER 5 + 1 + 4 + 3 + 3 + 3 = 19, OTHER 2 + 2 + 4 = 8: 27 over 9.
    assertThat(changeLeader(before).getMean()).isCloseTo(27.0 / 9, within(EXACT));
    assertThat(after).allSatisfy(record -> assertThat(changeLeader(record)).isEqualTo(changeLeader(before)));
  }

  @Test
  void shouldNotCountAResponseMovedToAnotherTeamWithItsAnswersTowardsNInEither() {
    start(ScoringConfig.defaults());
    TeamKey t2 = new TeamKey(CYCLE, "T2");
    twoTeams(5, 1, 4, "S2", 2);
    CellScores t1Before = changeLeader(latest.get(T1));
    CellScores t2Before = changeLeader(latest.get(t2));

    // A reorganisation moves subject S1 to T2: HR re-sends its three responses there, A's with an edit (5 -> 1).
    // Counted as changes, T1 would publish A, B and C gone and T2 A, B and C arrived: T1's difference plus T2's is
    // A's edit alone.
    peer("T2/S1/A", "CHANGE_L1=1");
    peer("T2/S1/B", "CHANGE_L1=1");
    peer("T2/S1/C", "CHANGE_L1=4");

    // 3 + 3 + 3 + 5 + 1 + 4 = 19 over 6; T2: 6 over 3.
    assertThat(t1Before.getMean()).isCloseTo(19.0 / 6, within(EXACT));
    assertThat(t2Before.getMean()).isCloseTo(2.0, within(EXACT));
    assertThat(changeLeader(latest.get(T1))).isEqualTo(t1Before);
    assertThat(changeLeader(latest.get(t2))).isEqualTo(t2Before);
    assertThat(latest.get(t2).getRaters().getPeer()).isEqualTo(6);

    // Arrivals from another team count nowhere, A's edited one included: two new raters in T2 are not enough, a
    // third publishes. 2 + 2 + 2 + 1 + 1 + 4 + 3 + 3 + 3 = 21 over 9.
    peer("T2/S2/Q4", "CHANGE_L1=3");
    peer("T2/S2/Q5", "CHANGE_L1=3");
    assertThat(changeLeader(latest.get(t2))).isEqualTo(t2Before);
    peer("T2/S2/Q6", "CHANGE_L1=3");

    assertThat(changeLeader(latest.get(t2)).getMean()).isCloseTo(21.0 / 9, within(EXACT));
    assertThat(changeLeader(latest.get(T1))).isEqualTo(t1Before);
  }

  @Test
  void shouldNotCountAMoveToAnotherTeamWhoseEditWasRevertedThere() {
    start(ScoringConfig.defaults());
    TeamKey t2 = new TeamKey(CYCLE, "T2");
    twoTeams(4, 2, 5, "S2", 2);
    CellScores t1Before = changeLeader(latest.get(T1));
    CellScores t2Before = changeLeader(latest.get(t2));

    // Subject S1 moves to T2; B's and C's responses are re-sent there with an edit each, then as they were; A's with
    // an edit (4 -> 1). By the path each is more than a move, but B and C only put back in T2 what left T1: counted
    // in both teams, T1 would publish A, B and C gone and T2 A, B and C arrived, and T1's difference plus T2's would
    // be A's edit alone (found by the third attacker's review).
    peer("T2/S1/B", "CHANGE_L1=1");
    peer("T2/S1/B", "CHANGE_L1=2");
    peer("T2/S1/C", "CHANGE_L1=3");
    peer("T2/S1/C", "CHANGE_L1=5");
    peer("T2/S1/A", "CHANGE_L1=1");

    // 3 + 3 + 3 + 4 + 2 + 5 = 20 over 6; T2: 6 over 3.
    assertThat(t1Before.getMean()).isCloseTo(20.0 / 6, within(EXACT));
    assertThat(changeLeader(latest.get(t2))).as("T2: only A's edited response counts").isEqualTo(t2Before);
    assertThat(latest.get(t2).getRaters().getPeer()).isEqualTo(6);
    assertThat(changeLeader(latest.get(T1))).as("T1: departures count nowhere").isEqualTo(t1Before);
  }

  @Test
  void shouldNotCountAChainOfMovesEditedOnTheWayAndPutBackFurtherOnAtEitherEnd() {
    start(ScoringConfig.defaults());
    TeamKey t2 = new TeamKey(CYCLE, "T2");
    TeamKey t3 = new TeamKey(CYCLE, "T3");
    int[] p = {3, 4, 2, 5};
    for (int i = 0; i < p.length; i++) {
      peer("T1/S0/P" + (i + 1), "CHANGE_L1=" + p[i]);
    }
    peer("T1/S1/A", "CHANGE_L1=4");
    peer("T1/S1/B", "CHANGE_L1=5");
    for (String rater : List.of("R1", "R2", "R3")) {
      peer("T2/S2/" + rater, "CHANGE_L1=3");
    }
    int[] q = {1, 2, 4};
    for (int i = 0; i < q.length; i++) {
      peer("T3/S3/Q" + (i + 1), "CHANGE_L1=" + q[i]);
    }
    CellScores t1Before = changeLeader(latest.get(T1));
    CellScores t3Before = changeLeader(latest.get(t3));

    // Found by the fifth attacker's review: S1 moves to T2 with A's and B's forms edited, then on to T3 with the forms
    // as they were; X answers once in T1 and once in T3. Counted at both ends, T1 published A and B gone with X in,
    // T3 A and B arrived with X in, and T1's difference plus T3's was X's two answers. The departures from T1 count
    // nowhere, so T1 holds.
    peer("T2/S1/A", "CHANGE_L1=2");
    peer("T2/S1/B", "CHANGE_L1=1");
    peer("T3/S1/A", "CHANGE_L1=4");
    peer("T3/S1/B", "CHANGE_L1=5");
    peer("T1/S0/X", "CHANGE_L1=2");
    peer("T3/S3/X", "CHANGE_L1=5");

    // 3 + 4 + 2 + 5 + 4 + 5 = 23 over 6.
    assertThat(t1Before.getMean()).isCloseTo(23.0 / 6, within(EXACT));
    assertThat(changeLeader(latest.get(T1))).as("T1: X alone counts").isEqualTo(t1Before);
    assertThat(latest.get(T1).getPendingRaters()).isEqualTo(3);
    // T3's arrivals count nowhere either (the sixth review made each end count the other's arrivals): X alone.
    assertThat(changeLeader(latest.get(t3))).as("T3: X alone counts").isEqualTo(t3Before);
    assertThat(changeLeader(latest.get(t2)).getMean()).isCloseTo(3.0, within(EXACT));
  }

  @Test
  void shouldNotCountARaterWhoseResponseWasRelabelledWithAnEditAndThenMovedToAnotherTeam() {
    start(ScoringConfig.defaults());
    TeamKey t2 = new TeamKey(CYCLE, "T2");
    twoTeams(5, 4, 2, "S4", 3);
    CellScores t1Before = changeLeader(latest.get(T1));
    CellScores t2Before = changeLeader(latest.get(t2));

    // Found by the sixth attacker's review: A's and B's S1 forms are relabelled OTHER in T1 with an edit each, then
    // sent to T2 as PEER with their old answers; X answers in T1, Y in T2. The relabels left A and B pending in T1's
    // PEER part as real changes, so T1 counted them for responses that had left, T2 counted their arrivals, and T1's
    // difference plus T2's was X's and Y's answers alone. Now neither end counts them: both teams hold.
    for (String[] rater : new String[][] {{"A", "5"}, {"B", "4"}}) {
      SurveyResponse relabelled =
          response(CYCLE, "T1", "S1", rater[0], RaterGroup.OTHER, T0.plusSeconds(++second),
              "CHANGE_L1=1");
      responses.pipeInput(keyOf(relabelled), relabelled, relabelled.getSubmittedAt());
      latest.putAll(scores.readKeyValuesToMap());
      peer("T2/S1/" + rater[0], "CHANGE_L1=" + rater[1]);
    }
    peer("T1/S0/X", "CHANGE_L1=3");
    peer("T2/S4/Y", "CHANGE_L1=1");

    // 3 + 3 + 3 + 5 + 4 + 2 = 20 over 6; T2: 9 over 3.
    assertThat(t1Before.getMean()).isCloseTo(20.0 / 6, within(EXACT));
    assertThat(changeLeader(latest.get(T1))).as("T1: X alone counts").isEqualTo(t1Before);
    assertThat(changeLeader(latest.get(t2))).as("T2: Y alone counts").isEqualTo(t2Before);
    assertThat(latest.get(t2).getRaters().getPeer()).isEqualTo(6);
  }

  @Test
  void shouldKeepAMoveUncountedWhenTheMoverEditsAndRevertsAnotherFormInTheTeam() {
    start(ScoringConfig.defaults());
    TeamKey t2 = new TeamKey(CYCLE, "T2");
    peer("T1/S1/R", "CHANGE_L1=2 CHANGE_M1=3");
    peer("T1/S1/Q", "CHANGE_L1=3 CHANGE_M1=3");
    peer("T1/S1/P", "CHANGE_L1=4 CHANGE_M1=3");
    peer("T1/S2/R", "CHANGE_L1=4 CHANGE_M1=3");
    peer("T1/S2/Q", "CHANGE_L1=1 CHANGE_M1=3");
    peer("T1/S2/A", "CHANGE_L1=5 CHANGE_M1=3");
    int[] s3 = {2, 4, 4, 3, 2, 5};
    String[] s3Raters = {"R", "Q", "P", "B", "C", "D"};
    for (int i = 0; i < s3.length; i++) {
      peer("T2/S3/" + s3Raters[i], "CHANGE_L1=" + s3[i] + " CHANGE_M1=3");
    }
    CellScores t1Before = changeLeader(latest.get(T1));
    CellScores t2Before = changeLeader(latest.get(t2));

    // Found by the seventh attacker's review: S1 moves to T2 with its raters' answers. R and Q, who also rate S2 in
    // T1 and S3 in T2, edit and revert those forms; P blanks an S3 answer and restores it; A corrects S2 (5 -> 1).
    // Each team keeps one pending change per rater over all their forms, and the move's mark used to follow the
    // rater's latest change: the reverted edits took it back, T1 published R, Q and A, T2 R, Q and P, and T1's
    // difference plus T2's was A's correction alone. The change still pending is the move's: neither team counts it.
    peer("T2/S1/R", "CHANGE_L1=2 CHANGE_M1=3");
    peer("T2/S1/Q", "CHANGE_L1=3 CHANGE_M1=3");
    peer("T2/S1/P", "CHANGE_L1=4 CHANGE_M1=3");
    peer("T1/S2/R", "CHANGE_L1=5 CHANGE_M1=3");
    peer("T1/S2/R", "CHANGE_L1=4 CHANGE_M1=3");
    peer("T1/S2/Q", "CHANGE_L1=2 CHANGE_M1=3");
    peer("T1/S2/Q", "CHANGE_L1=1 CHANGE_M1=3");
    peer("T1/S2/A", "CHANGE_L1=1 CHANGE_M1=3");
    peer("T2/S3/R", "CHANGE_L1=3 CHANGE_M1=3");
    peer("T2/S3/R", "CHANGE_L1=2 CHANGE_M1=3");
    peer("T2/S3/Q", "CHANGE_L1=5 CHANGE_M1=3");
    peer("T2/S3/Q", "CHANGE_L1=4 CHANGE_M1=3");
    peer("T2/S3/P", "CHANGE_M1=3");
    peer("T2/S3/P", "CHANGE_L1=4 CHANGE_M1=3");

    // 2 + 3 + 4 + 4 + 1 + 5 = 19 over 6; T2: 20 over 6.
    assertThat(t1Before.getMean()).isCloseTo(19.0 / 6, within(EXACT));
    assertThat(t2Before.getMean()).isCloseTo(20.0 / 6, within(EXACT));
    assertThat(changeLeader(latest.get(T1))).as("T1: A alone counts").isEqualTo(t1Before);
    assertThat(changeLeader(latest.get(t2))).as("T2: nobody counts").isEqualTo(t2Before);

    // A real edit of another form after the move counts: R, Q and A in T1 publish.
    peer("T1/S2/R", "CHANGE_L1=3 CHANGE_M1=3");
    assertThat(changeLeader(latest.get(T1))).as("T1: R and A count").isEqualTo(t1Before);
    // (Not back to 2: a correction back to a version the key held before, published or not, is a revert.)
    peer("T1/S2/Q", "CHANGE_L1=5 CHANGE_M1=3");
    // S2 only is left in T1: 3 + 5 + 1 = 9 over 3. (Q's S2 at 3 would leave the counted changes' sum, -8, what P's
    // departure and A's correction sum to: that batch waits.)
    assertThat(changeLeader(latest.get(T1)).getMean()).isCloseTo(9.0 / 3, within(EXACT));
  }

  @Test
  void shouldNotCountAResponseSentAgainAfterItsWithdrawalTowardsN() {
    start(ScoringConfig.defaults());
    TeamKey t2 = new TeamKey(CYCLE, "T2");
    twoTeams(5, 1, 4, "S2", 2);
    CellScores t1Before = changeLeader(latest.get(T1));
    CellScores t2Before = changeLeader(latest.get(t2));

    // HR moves subject S1 to T2 by withdrawing its three responses and sending them again there, A's with an edit
    // (5 -> 2). Counted, the three new responses would publish A, B and C arrived in T2, and T1's difference (the
    // withdrawals, counted) plus T2's would be A's edit alone. The key keeps no trace of what was withdrawn, so a
    // response that comes back after a withdrawal counts nowhere, like any arrival (seventh review: a moved
    // response withdrawn and sent again unchanged); and the withdrawals count nowhere either, like departures
    // (eighth review: relabels by withdrawal in both directions filled each side's batch with the other's).
    for (String rater : List.of("A", "B", "C")) {
      SurveyResponse gone = response(CYCLE, "T1", "S1", rater, RaterGroup.PEER, T0.plusSeconds(++second), "");
      responses.pipeInput(keyOf(gone), null, gone.getSubmittedAt());
      latest.putAll(scores.readKeyValuesToMap());
    }
    assertThat(changeLeader(latest.get(T1))).as("T1: the withdrawals count nowhere").isEqualTo(t1Before);
    peer("T2/S1/A", "CHANGE_L1=2");
    peer("T2/S1/B", "CHANGE_L1=1");
    peer("T2/S1/C", "CHANGE_L1=4");

    assertThat(changeLeader(latest.get(t2))).as("T2: the returning responses count nowhere").isEqualTo(t2Before);
    assertThat(latest.get(t2).getRaters().getPeer()).isEqualTo(6);
    // Three of T2's own raters' changes publish: 2 + 2 + 2 + 2 + 1 + 4 + 3 + 3 + 3 = 22 over 9.
    peer("T2/S2/Q4", "CHANGE_L1=3");
    peer("T2/S2/Q5", "CHANGE_L1=3");
    assertThat(changeLeader(latest.get(t2))).isEqualTo(t2Before);
    peer("T2/S2/Q6", "CHANGE_L1=3");
    assertThat(changeLeader(latest.get(t2)).getMean()).isCloseTo(22.0 / 9, within(EXACT));
  }

  @Test
  void shouldNotLetRelabelsByWithdrawalInBothDirectionsFillEachOthersBatches() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=5",
        "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=4", "sub T1 S1 R1 PEER CHANGE_L1=5 CHANGE_L2=1",
        "sub T1 S1 R2 PEER CHANGE_L1=1 CHANGE_L2=2", "sub T1 S1 P4 PEER CHANGE_L1=3 CHANGE_L2=3",
        "sub T1 S1 O1 OTHER CHANGE_L1=3 CHANGE_L2=3", "sub T1 S1 O2 OTHER CHANGE_L1=2 CHANGE_L2=2",
        "sub T1 S1 O3 OTHER CHANGE_L1=4 CHANGE_L2=5", "sub T1 S1 R3 OTHER CHANGE_L1=5 CHANGE_L2=5",
        "sub T1 S1 R4 OTHER CHANGE_L1=1 CHANGE_L2=1", "sub T1 S1 R5 OTHER CHANGE_L1=2 CHANGE_L2=4");
    CellScores before = changeLeader(latest.get(T1));

    // Found by the eighth attacker's review: HR relabels R1 and R2 PEER -> OTHER and R3, R4 and R5 OTHER -> PEER by
    // withdrawing and re-sending them. The re-sends counted nowhere, but the withdrawals did: R3's to R5's published
    // OTHER with R1's and R2's re-sends in it, and R1's and R2's withdrawals with V's first answer published PEER.
    // The two records around V's answer differed by V's answers alone. Withdrawals count nowhere now.
    script("wd S1 R1", "wd S1 R2", "sub T1 S1 R1 OTHER CHANGE_L1=5 CHANGE_L2=1",
        "sub T1 S1 R2 OTHER CHANGE_L1=1 CHANGE_L2=2", "wd S1 R3", "wd S1 R4", "wd S1 R5",
        "sub T1 S1 R3 PEER CHANGE_L1=5 CHANGE_L2=5", "sub T1 S1 R4 PEER CHANGE_L1=1 CHANGE_L2=1",
        "sub T1 S1 R5 PEER CHANGE_L1=2 CHANGE_L2=4", "sub T1 S1 V PEER CHANGE_L1=1 CHANGE_L2=4 CHANGE_M1=2");

    assertHeld(T1, before);
  }

  @Test
  void shouldNotLetTwoSubjectsSwappingTeamsByWithdrawalFillEachOthersBatches() {
    start(ScoringConfig.defaults());
    TeamKey t2 = new TeamKey(CYCLE, "T2");
    script("sub T1 S3 P1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S3 P2 PEER CHANGE_L1=2 CHANGE_L2=5",
        "sub T1 S3 P3 PEER CHANGE_L1=4 CHANGE_L2=4", "sub T1 S1 R1 PEER CHANGE_L1=5 CHANGE_L2=1",
        "sub T1 S1 R2 PEER CHANGE_L1=1 CHANGE_L2=2", "sub T1 S3 P4 PEER CHANGE_L1=3 CHANGE_L2=3",
        "sub T2 S4 Q1 PEER CHANGE_L1=3 CHANGE_L2=3", "sub T2 S4 Q2 PEER CHANGE_L1=2 CHANGE_L2=2",
        "sub T2 S4 Q3 PEER CHANGE_L1=4 CHANGE_L2=5", "sub T2 S2 R3 PEER CHANGE_L1=5 CHANGE_L2=5",
        "sub T2 S2 R4 PEER CHANGE_L1=1 CHANGE_L2=1", "sub T2 S2 R5 PEER CHANGE_L1=2 CHANGE_L2=4");
    CellScores t1Before = changeLeader(latest.get(T1));
    CellScores t2Before = changeLeader(latest.get(t2));

    // The same across teams (eighth review): S1 moves T1 -> T2 and S2 T2 -> T1 by withdrawals and re-sends, then V
    // answers in T1. Each team's batch was filled by withdrawals whose re-sends rode uncounted in the other team,
    // and T1's difference plus T2's was V's answers.
    script("wd S1 R1", "wd S1 R2", "sub T2 S1 R1 PEER CHANGE_L1=5 CHANGE_L2=1",
        "sub T2 S1 R2 PEER CHANGE_L1=1 CHANGE_L2=2", "wd S2 R3", "wd S2 R4", "wd S2 R5",
        "sub T1 S2 R3 PEER CHANGE_L1=5 CHANGE_L2=5", "sub T1 S2 R4 PEER CHANGE_L1=1 CHANGE_L2=1",
        "sub T1 S2 R5 PEER CHANGE_L1=2 CHANGE_L2=4", "sub T1 S3 V PEER CHANGE_L1=1 CHANGE_L2=4 CHANGE_M1=2");

    assertHeld(T1, t1Before);
    assertHeld(t2, t2Before);
  }

  @Test
  void shouldHoldABatchWhoseCountedChangesLessItsMovesAreFewerThanNRaters() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 A PEER CHANGE_L1=1 CHANGE_L2=3", "sub T1 S1 B PEER CHANGE_L1=3 CHANGE_L2=4",
        "sub T1 S1 C PEER CHANGE_L1=2 CHANGE_L2=5", "sub T1 S1 R1 PEER CHANGE_L1=5 CHANGE_L2=1",
        "sub T1 S1 R2 PEER CHANGE_L1=1 CHANGE_L2=2", "sub T1 S1 R3 PEER CHANGE_L1=4 CHANGE_L2=4",
        "sub T1 S1 O1 OTHER CHANGE_L1=2 CHANGE_L2=3", "sub T1 S1 O2 OTHER CHANGE_L1=4 CHANGE_L2=1",
        "sub T1 S1 O3 OTHER CHANGE_L1=3 CHANGE_L2=3");
    CellScores before = changeLeader(latest.get(T1));

    // Found by the eighth review: R1, R2 and R3 are relabelled PEER -> OTHER the recommended way (counted nowhere);
    // in PEER, A, B and C correct an item in a cycle (1 -> 3 -> 2 -> 1), in OTHER O1 and O2 trade an answer and V
    // answers. OTHER's net change was the three arrivals plus V, which no pair explains, so it published, and with
    // PEER's part as before the pooled cell differed by V's answers alone. The net less what moved is checked too:
    // in OTHER it is V's answers (one rater), in PEER nothing (only the moves would show); both wait.
    script("sub T1 S1 R1 OTHER CHANGE_L1=5 CHANGE_L2=1", "sub T1 S1 R2 OTHER CHANGE_L1=1 CHANGE_L2=2",
        "sub T1 S1 R3 OTHER CHANGE_L1=4 CHANGE_L2=4", "sub T1 S1 A PEER CHANGE_L1=3 CHANGE_L2=3",
        "sub T1 S1 B PEER CHANGE_L1=2 CHANGE_L2=4", "sub T1 S1 C PEER CHANGE_L1=1 CHANGE_L2=5",
        "sub T1 S1 O1 OTHER CHANGE_L1=4 CHANGE_L2=3", "sub T1 S1 O2 OTHER CHANGE_L1=2 CHANGE_L2=1",
        "sub T1 S1 V OTHER CHANGE_L1=3 CHANGE_L2=5");

    assertHeld(T1, before);
  }

  @Test
  void shouldNotCountRatersWhoWithdrewAnsweredAgainAndCorrectedBackToTheErasedAnswers() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=5",
        "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=4", "sub T1 S1 R1 PEER CHANGE_L1=5 CHANGE_L2=1",
        "sub T1 S1 R2 PEER CHANGE_L1=1 CHANGE_L2=2", "sub T1 S1 P4 PEER CHANGE_L1=3 CHANGE_L2=3");
    CellScores before = changeLeader(latest.get(T1));

    // Found by the eighth review: R1 and R2 withdraw and V answers (a batch of three), then R1 and R2 answer again
    // with other answers and correct back to the erased ones, and K, whom the attacker knows, answers (a batch of
    // three): the records before and after differed by V's and K's answers. The withdrawals count nowhere, and
    // R1's and R2's changes since add up to nothing: only V and K count.
    script("wd S1 R1", "wd S1 R2", "sub T1 S1 V PEER CHANGE_L1=1 CHANGE_L2=4 CHANGE_M1=2",
        "sub T1 S1 R1 PEER CHANGE_L1=1 CHANGE_L2=1", "sub T1 S1 R2 PEER CHANGE_L1=5 CHANGE_L2=5",
        "sub T1 S1 R1 PEER CHANGE_L1=5 CHANGE_L2=1", "sub T1 S1 R2 PEER CHANGE_L1=1 CHANGE_L2=2",
        "sub T1 S1 K PEER CHANGE_L1=3 CHANGE_L2=5");

    assertHeld(T1, before);
    assertThat(latest.get(T1).getPendingRaters()).isEqualTo(2);
  }

  @Test
  void shouldNotCountAWithdrawalThroughAnEditOfAnotherFormMadeBeforeItAndRevertedAfter() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=3", "sub T1 S1 P2 PEER CHANGE_L1=2", "sub T1 S1 P3 PEER CHANGE_L1=4",
        "sub T1 S1 R1 PEER CHANGE_L1=5", "sub T1 S1 R2 PEER CHANGE_L1=1", "sub T1 S2 R1 PEER CHANGE_L1=2",
        "sub T1 S2 R2 PEER CHANGE_L1=4", "sub T1 S2 P1 PEER CHANGE_L1=3");
    CellScores before = changeLeader(latest.get(T1));

    // R1 and R2 each correct their S2 form, withdraw their S1 form, and put S2 back as it was; V answers. The
    // withdrawal marked the whole pending change (the correction with it) as the move, and putting S2 back made it
    // differ from that, so the withdrawals counted: three changes with V's. What R1 and R2 changed other than by
    // withdrawals adds up to nothing, so only V counts.
    script("sub T1 S2 R1 PEER CHANGE_L1=5", "wd S1 R1", "sub T1 S2 R1 PEER CHANGE_L1=2",
        "sub T1 S2 R2 PEER CHANGE_L1=1", "wd S1 R2", "sub T1 S2 R2 PEER CHANGE_L1=4", "sub T1 S1 V PEER CHANGE_L1=3");

    assertHeld(T1, before);
    assertThat(latest.get(T1).getPendingRaters()).isEqualTo(3);
  }

  @Test
  void shouldHoldABatchWhoseNewRatersOnlyCancelTheirOwnWithdrawalsBesideMoves() {
    start(ScoringConfig.defaults());
    CellScores before = peersAndOthers();

    // Found by the ninth attacker's review: U1 to U3 are relabelled PEER -> OTHER (moves); in PEER, W and R are
    // re-keyed (withdrawn and sent again under new rater ids W2 and R2, same answers) and V answers; in OTHER, X, Y
    // and Z are re-keyed. The new ids count, the withdrawals do not, and together they cancel: PEER published V's
    // answers less the three moves, OTHER the three moves, and the two records added up to V's answers. Now a batch
    // is held when the changes of all but fewer than N of its counted raters, with those of some uncounted ones,
    // add up to nothing.
    script("sub T1 S1 U1 OTHER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 U2 OTHER CHANGE_L1=1 CHANGE_L2=2",
        "sub T1 S1 U3 OTHER CHANGE_L1=5 CHANGE_L2=5", "wd S1 W", "sub T1 S1 W2 PEER CHANGE_L1=3", "wd S1 R",
        "sub T1 S1 R2 PEER CHANGE_L1=2", "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=4", "wd S1 X",
        "sub T1 S1 X2 OTHER CHANGE_L1=5", "wd S1 Y", "sub T1 S1 Y2 OTHER CHANGE_L1=3", "wd S1 Z",
        "sub T1 S1 Z2 OTHER CHANGE_L1=1 CHANGE_L2=4");

    assertHeld(T1, before);
  }

  @Test
  void shouldNotCountResponsesReKeyedInBulkTowardsN() {
    start(ScoringConfig.defaults());
    List<String> setup = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    for (String rater : List.of("A", "B", "C", "D", "E")) {
      setup.add("sub T1 S1 " + rater + " PEER CHANGE_L1=" + (1 + rater.charAt(0) % 5) + " CHANGE_L2=3");
    }
    for (int i = 1; i <= 19; i++) {
      answers.add("CHANGE_L1=" + (1 + i % 5) + " CHANGE_L2=" + (1 + (i * 3) % 5));
      setup.add("sub T1 S1 U" + i + " PEER " + answers.get(i - 1));
    }
    script(setup.toArray(String[]::new));
    CellScores before = changeLeader(latest.get(T1));

    // Found by the tenth attacker's review: HR re-keys 19 raters in bulk (every response withdrawn, then sent again
    // with the same answers under new ids K1 to K19) and V answers in between. The new ids count as new raters and
    // their withdrawals nowhere; a search over subsets of 16 uncounted raters at most missed how they cancel, and
    // two records differed by V's answers. A counted change exactly opposite to an uncounted one counts nowhere.
    List<String> reKey = new ArrayList<>();
    for (int i = 1; i <= 19; i++) {
      reKey.add("wd S1 U" + i);
    }
    for (int i = 1; i <= 19; i++) {
      reKey.add("sub T1 S1 K" + i + " PEER " + answers.get(i - 1));
      if (i == 10) {
        reKey.add("sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=1");
      }
    }
    script(reKey.toArray(String[]::new));

    assertHeld(T1, before);
  }

  @Test
  void shouldNotCountResponsesReKeyedIntoAnotherGroupWhileTheirOldGroupLeavesThePool() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 W1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 W2 PEER CHANGE_L1=2 CHANGE_L2=5",
        "sub T1 S1 W3 PEER CHANGE_L1=4 CHANGE_L2=4", "sub T1 S1 O1 OTHER CHANGE_L1=1 CHANGE_L2=3",
        "sub T1 S1 O2 OTHER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 O3 OTHER CHANGE_L1=2 CHANGE_L2=2");
    CellScores before = changeLeader(latest.get(T1));

    // Found by the eleventh attacker's review: W3 is relabelled PEER -> OTHER (PEER falls below k and leaves the
    // cell at once), W1 and W2 are re-keyed from PEER into OTHER (withdrawn, sent again under new ids), V answers in
    // OTHER. OTHER's batch did not see the withdrawals, pending in PEER, so the new ids counted: OTHER published,
    // and the record minus the one before the relabel was V's answers. A counted change pairs with an uncounted one
    // pending on the same cell in another pooled group too.
    script("sub T1 S1 W3 OTHER CHANGE_L1=4 CHANGE_L2=4", "wd S1 W1", "sub T1 S1 W1x OTHER CHANGE_L1=3 CHANGE_L2=4",
        "wd S1 W2", "sub T1 S1 W2x OTHER CHANGE_L1=2 CHANGE_L2=5", "sub T1 S1 V OTHER CHANGE_L1=5 CHANGE_L2=1");

    assertThat(published.get(T1)).as("records of T1").isNotEmpty().allSatisfy(record -> assertThat(
        changeLeader(record).getRaters()).as("PEER leaves the cell, OTHER's part waits").isEqualTo(3));
    // Two more raters of OTHER's own publish V, X and Y, with the relabel and the re-keys: O1 to O3, W3, W1x, W2x.
    script("sub T1 S1 X OTHER CHANGE_L1=4 CHANGE_L2=3", "sub T1 S1 Y OTHER CHANGE_L1=1 CHANGE_L2=2");
    assertThat(changeLeader(latest.get(T1)).getRaters()).isEqualTo(9);
    assertThat(before.getRaters()).isEqualTo(6);
  }

  @Test
  void shouldNotCountARaterReKeyedIntoTwoNewIdsWhileTheirOldGroupLeavesThePool() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 W PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S2 W PEER CHANGE_L1=5 CHANGE_L2=2",
        "sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=5", "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=4",
        "sub T1 S1 O1 OTHER CHANGE_L1=1 CHANGE_L2=3", "sub T1 S1 O2 OTHER CHANGE_L1=5 CHANGE_L2=2",
        "sub T1 S1 O3 OTHER CHANGE_L1=2 CHANGE_L2=2");
    CellScores before = changeLeader(latest.get(T1));

    // Found by the twelfth attacker's review: P2 and P3 are relabelled PEER -> OTHER (PEER leaves the pool); W, who
    // rates S1 and S2 in PEER, is withdrawn and sent again in OTHER under two new ids, one form each, and V answers.
    // Neither new id is the exact opposite of W's withdrawal, so both counted, and the record after OTHER's batch
    // minus the one before the relabels was V's answers. Summed per rater over the cell's groups, the pending
    // changes are V's alone: the cell waits.
    script("sub T1 S1 P2 OTHER CHANGE_L1=2 CHANGE_L2=5", "sub T1 S1 P3 OTHER CHANGE_L1=4 CHANGE_L2=4", "wd S1 W",
        "wd S2 W", "sub T1 S1 Wa OTHER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S2 Wb OTHER CHANGE_L1=5 CHANGE_L2=2",
        "sub T1 S1 V OTHER CHANGE_L1=5 CHANGE_L2=1");

    assertThat(published.get(T1)).as("records of T1").isNotEmpty().allSatisfy(record -> assertThat(
        changeLeader(record).getN()).as("PEER leaves the cell, OTHER's part waits").isEqualTo(6));
    assertThat(before.getN()).isEqualTo(14);
  }

  @Test
  void shouldNotLetCopiesOfAnOutOfPoolGroupsRatersCancelItsPartLeavingTheCell() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=5",
        "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=4", "sub T1 S1 W OTHER CHANGE_L1=1 CHANGE_L2=3",
        "sub T1 S1 O2 OTHER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 O3 OTHER CHANGE_L1=2 CHANGE_L2=2");
    CellScores before = changeLeader(latest.get(T1));

    // Found by the thirteenth attacker's review: O3 is withdrawn (OTHER leaves the pool and its part the cell) and
    // sent again under a new id in PEER; W and O2 are copied into PEER under new ids before their old forms are
    // withdrawn; V answers in PEER. PEER's batch (the three copies and V) published, and its record minus the one
    // before O3's withdrawal was V's answers: the copies cancelled OTHER's part leaving the cell.
    script("wd S1 O3", "sub T1 S1 O3n PEER CHANGE_L1=2 CHANGE_L2=2", "sub T1 S1 Wn PEER CHANGE_L1=1 CHANGE_L2=3",
        "sub T1 S1 O2n PEER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=1", "wd S1 W",
        "wd S1 O2");

    assertThat(published.get(T1)).as("records of T1").isNotEmpty().allSatisfy(record -> assertThat(
        changeLeader(record).getN()).as("OTHER leaves the cell, PEER's part waits").isEqualTo(6));
    assertThat(before.getN()).isEqualTo(12);
  }

  /** T1, all published: PEER P1 to P6 rating S1 on two CHANGE leader items. Returns CHANGE leader as published. */
  private CellScores sixPeers() {
    script("sub T1 S1 P1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=5",
        "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=4", "sub T1 S1 P4 PEER CHANGE_L1=1 CHANGE_L2=3",
        "sub T1 S1 P5 PEER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 P6 PEER CHANGE_L1=2 CHANGE_L2=2");
    return changeLeader(latest.get(T1));
  }

  @Test
  void shouldNotCountCorrectionsRevertedToWhatWasPublishedBefore() {
    start(ScoringConfig.defaults());
    CellScores first = sixPeers();
    script("sub T1 S1 P4 PEER CHANGE_L1=4 CHANGE_L2=3", "sub T1 S1 P5 PEER CHANGE_L1=1 CHANGE_L2=2",
        "sub T1 S1 P6 PEER CHANGE_L1=5 CHANGE_L2=2");
    CellScores corrected = changeLeader(latest.get(T1));
    assertThat(corrected).isNotEqualTo(first);

    // P4 and P5 put their forms back as they were when the first record was published, and V answers: three raters
    // changed since the last record, but against the first only P6's correction and V's answers differ (docs/
    // privacy.md, "Reverts"). Published, the two records gave those two raters' answers summed. A revert counts
    // towards N nowhere.
    script("sub T1 S1 P4 PEER CHANGE_L1=1 CHANGE_L2=3", "sub T1 S1 P5 PEER CHANGE_L1=5 CHANGE_L2=2",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=1");

    assertHeld(T1, corrected);
    assertThat(latest.get(T1).getPendingRaters()).isEqualTo(3);

    // Two more new raters make three that count: published, and nothing is lost.
    script("sub T1 S1 V2 PEER CHANGE_L1=3 CHANGE_L2=3", "sub T1 S1 V3 PEER CHANGE_L1=2 CHANGE_L2=4");
    // 3+4 2+5 4+4 1+3 5+2 5+2 (P6 corrected) 5+1 3+3 2+4 = 58 over 18 items.
    assertThat(changeLeader(latest.get(T1)).getMean()).isCloseTo(58.0 / 18, within(EXACT));
    assertThat(latest.get(T1).getPendingRaters()).isZero();
  }

  @Test
  void shouldNotCountAnItemBlankedAndRestored() {
    start(ScoringConfig.defaults());
    sixPeers();
    // P4 and P5 mark CHANGE_L2 "not observed" and edit CHANGE_L1, P6 corrects: a batch of three, published. (A blank
    // alone is a score taken away, which counts nowhere: shouldNotCountScoresOfOneValueAddedOrTakenAway.)
    script("sub T1 S1 P4 PEER CHANGE_L1=2", "sub T1 S1 P5 PEER CHANGE_L1=4", "sub T1 S1 P6 PEER CHANGE_L1=3 "
        + "CHANGE_L2=2");
    CellScores blanked = changeLeader(latest.get(T1));
    assertThat(blanked.getN()).isEqualTo(10);

    // Restoring the items puts P4 and P5 back as the record before the blanks showed them.
    script("sub T1 S1 P4 PEER CHANGE_L1=1 CHANGE_L2=3", "sub T1 S1 P5 PEER CHANGE_L1=5 CHANGE_L2=2",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=1");

    assertHeld(T1, blanked);
  }

  @Test
  void shouldNotCountScoresOfOneValueAddedOrTakenAway() {
    CellScores before = attackerBesideABlank();

    // Forty-fourth review: H fills in the item left blank with a 3, the attacker A corrects 3 -> 5, and V answers.
    // H's change (one more score, 3 more in the sum, 9 more in the squares) is nothing in a record's totals read about
    // 3 (sum - 3 n, squares - 9 n): published, the two records less A's own correction gave V's sum - 3 n = 1 and
    // squares - 9 n = 11, which only V's 5 and 2 make. Scores of one value added or taken away count nowhere.
    script("sub T1 S1 H PEER CHANGE_L1=2 CHANGE_L2=3", "sub T1 S1 A PEER CHANGE_L1=5 CHANGE_L2=3",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=2");

    assertHeld(T1, before);
    assertThat(latest.get(T1).getPendingRaters()).isEqualTo(3);

    assertAThirdCountedRaterPublishesIt("one step");
  }

  /** A, who answered 3 and 3, H, who left their second item blank, and four more peers, all published. */
  private CellScores attackerBesideABlank() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 A PEER CHANGE_L1=3 CHANGE_L2=3", "sub T1 S1 H PEER CHANGE_L1=2 CHANGE_L2=NA",
        "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=2", "sub T1 S1 P4 PEER CHANGE_L1=3 CHANGE_L2=4",
        "sub T1 S1 P5 PEER CHANGE_L1=1 CHANGE_L2=1", "sub T1 S1 P6 PEER CHANGE_L1=5 CHANGE_L2=5");
    return changeLeader(latest.get(T1));
  }

  /** A third rater that counts publishes the batch, H's 3 with it: 5+3 2+3 4+2 3+4 1+1 5+5 5+2 4+4 = 53 over 16. */
  private void assertAThirdCountedRaterPublishesIt(String steps) {
    script("sub T1 S1 W PEER CHANGE_L1=4 CHANGE_L2=4");
    assertThat(changeLeader(latest.get(T1)).getMean()).as(steps).isCloseTo(53.0 / 16, within(EXACT));
    assertThat(latest.get(T1).getPendingRaters()).as(steps).isZero();
  }

  /**
   * Forty-fifth review: the same change as in {@link #shouldNotCountScoresOfOneValueAddedOrTakenAway}, H's blank
   * filled in with a 3, reached in two saves that each count on their own. The cell is read against every earlier form
   * of the key: against the first, scores of one value added, which the records read about 3 do not show.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a 5 filled in, then edited to 3 | sub T1 S1 H PEER CHANGE_L1=2 CHANGE_L2=5 | sub T1 S1 H PEER CHANGE_L1=2 CHANGE_L2=3",
      "2 -> 4, then 4 -> 2 and a 3 | sub T1 S1 H PEER CHANGE_L1=4 CHANGE_L2=NA | sub T1 S1 H PEER CHANGE_L1=2 CHANGE_L2=3",
      "relabelled, then back with a 3 | sub T1 S1 H OTHER CHANGE_L1=2 CHANGE_L2=NA | sub T1 S1 H PEER CHANGE_L1=2 CHANGE_L2=3",
      "every answer blanked, then back with a 3 | sub T1 S1 H PEER CHANGE_L1=NA CHANGE_L2=NA | sub T1 S1 H PEER "
          + "CHANGE_L1=2 CHANGE_L2=3"})
  void shouldNotCountScoresOfOneValueAddedInSteps(String steps, String first, String second) {
    CellScores before = attackerBesideABlank();

    script(first, second, "sub T1 S1 A PEER CHANGE_L1=5 CHANGE_L2=3", "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=2");

    assertHeld(T1, before);
    assertAThirdCountedRaterPublishesIt(steps);
  }

  @Test
  void shouldNotCountScoresOfOneValueTakenOutOfTheOldGroupByARelabelWithAnEdit() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 A PEER CHANGE_L1=3 CHANGE_L2=3", "sub T1 S1 H PEER CHANGE_L1=2 CHANGE_L2=2",
        "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=2", "sub T1 S1 P4 PEER CHANGE_L1=3 CHANGE_L2=4",
        "sub T1 S1 P5 PEER CHANGE_L1=1 CHANGE_L2=1", "sub T1 S1 P6 PEER CHANGE_L1=5 CHANGE_L2=5",
        "sub T1 S1 O1 OTHER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 O2 OTHER CHANGE_L1=2 CHANGE_L2=2",
        "sub T1 S1 O3 OTHER CHANGE_L1=5 CHANGE_L2=1");
    CellScores before = changeLeader(latest.get(T1));

    // Forty-sixth review: HR's next export relabels H OTHER with an edit (2, 2 -> 2, 3), the attacker corrects and V
    // answers. The relabel took H's 2 and 2 out of PEER, which read about 2 (sum - 2 n, squares - 4 n) is nothing:
    // PEER's batch {H leaving, A, V} published, and the records less A's correction gave V's 5 and 2. What a key
    // takes out of its old group counts nowhere where it is scores of one value, as in the group.
    script("sub T1 S1 H OTHER CHANGE_L1=2 CHANGE_L2=3", "sub T1 S1 A PEER CHANGE_L1=5 CHANGE_L2=3",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=2");

    assertHeld(T1, before);
    assertThat(latest.get(T1).getPendingRaters()).isEqualTo(3);
  }

  @Test
  void shouldNotCountScoresOfOneValueBroughtIntoTheNewGroupByARelabelWithAnEdit() {
    CellScores before = peerHBesideTheAttackerInOther();

    // Forty-seventh review, the other side of the relabel: the attacker corrects, V answers, and HR relabels H OTHER
    // with an edit (3, 5 -> 3, 3). In OTHER, H's arrival is two 3s, nothing read about 3: OTHER's batch {A, V, H}
    // published, and the records less A's correction gave V's 5 and 2.
    script("sub T1 S1 A OTHER CHANGE_L1=5 CHANGE_L2=3", "sub T1 S1 V OTHER CHANGE_L1=5 CHANGE_L2=2",
        "sub T1 S1 H OTHER CHANGE_L1=3 CHANGE_L2=3");

    assertHeld(T1, before);
  }

  /** H (3, 5) and five more in PEER, the attacker A (3, 3) and five more in OTHER, all published. */
  private CellScores peerHBesideTheAttackerInOther() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 H PEER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=2",
        "sub T1 S1 P4 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 P5 PEER CHANGE_L1=1 CHANGE_L2=1",
        "sub T1 S1 P6 PEER CHANGE_L1=5 CHANGE_L2=5", "sub T1 S1 P7 PEER CHANGE_L1=4 CHANGE_L2=4",
        "sub T1 S1 A OTHER CHANGE_L1=3 CHANGE_L2=3", "sub T1 S1 O1 OTHER CHANGE_L1=3 CHANGE_L2=4",
        "sub T1 S1 O2 OTHER CHANGE_L1=2 CHANGE_L2=2", "sub T1 S1 O3 OTHER CHANGE_L1=5 CHANGE_L2=1",
        "sub T1 S1 O4 OTHER CHANGE_L1=1 CHANGE_L2=2", "sub T1 S1 O5 OTHER CHANGE_L1=4 CHANGE_L2=5");
    return changeLeader(latest.get(T1));
  }

  @Test
  void shouldNotCountScoresOfOneValueInTheNewGroupWhenTheEditComesAfterTheRelabel() {
    CellScores before = peerHBesideTheAttackerInOther();

    // Forty-eighth review: the same with the relabel first (unchanged, a move) and H's edit 5 -> 3 later. OTHER had
    // nothing of H before, so H's 3 and 3 there are one value added, though not against H's form as relabelled.
    script("sub T1 S1 H OTHER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S1 A OTHER CHANGE_L1=1 CHANGE_L2=3",
        "sub T1 S1 V OTHER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 H OTHER CHANGE_L1=3 CHANGE_L2=3");

    assertHeld(T1, before);
  }

  /**
   * T1: H (3, 5) and P3 to P5 rate S1; T2: the attacker A and Q1 to Q5 rate S2; all PEER, both teams published.
   * Returns T2's CHANGE leader.
   */
  private CellScores peersInTwoTeams() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 H PEER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=2",
        "sub T1 S1 P4 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 P5 PEER CHANGE_L1=1 CHANGE_L2=1",
        "sub T2 S2 A PEER CHANGE_L1=3 CHANGE_L2=3", "sub T2 S2 Q1 PEER CHANGE_L1=3 CHANGE_L2=4",
        "sub T2 S2 Q2 PEER CHANGE_L1=2 CHANGE_L2=2", "sub T2 S2 Q3 PEER CHANGE_L1=5 CHANGE_L2=1",
        "sub T2 S2 Q4 PEER CHANGE_L1=1 CHANGE_L2=2", "sub T2 S2 Q5 PEER CHANGE_L1=4 CHANGE_L2=5");
    return changeLeader(latest.get(T2));
  }

  /**
   * Forty-ninth review: H's form moved to T2 (a move counts nowhere), then corrected there to scores of one value,
   * beside the attacker's correction and V's first answer. T2 had nothing of H, so H's cell there is one value added:
   * counted, the batch's records less A's correction, read about 3, were V's 5 and 2. A third rater that counts
   * publishes it.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "moved as it was | sub T2 S1 H PEER CHANGE_L1=3 CHANGE_L2=5 | CHANGE_L1=3 CHANGE_L2=3 | 53 | 18",
      "moved with an edit | sub T2 S1 H PEER CHANGE_L1=2 CHANGE_L2=5 | CHANGE_L1=3 CHANGE_L2=3 | 53 | 18",
      "a lone 4, not one value against the form moved | sub T2 S1 H PEER CHANGE_L1=3 CHANGE_L2=5 | "
          + "CHANGE_L1=4 CHANGE_L2=NA | 51 | 17"})
  void shouldNotCountScoresOfOneValueInATeamTheResponseCameInto(String path, String move, String correction,
      int sum, int n) {
    CellScores before = peersInTwoTeams();

    script(move, "sub T2 S1 H PEER " + correction, "sub T2 S2 A PEER CHANGE_L1=1 CHANGE_L2=3",
        "sub T2 S2 V PEER CHANGE_L1=5 CHANGE_L2=2");

    assertHeld(T2, before);
    script("sub T2 S2 W PEER CHANGE_L1=2 CHANGE_L2=5");
    assertThat(changeLeader(latest.get(T2)).getN()).as(path).isEqualTo(n);
    assertThat(changeLeader(latest.get(T2)).getMean()).as(path).isCloseTo((double) sum / n, within(EXACT));
    assertThat(latest.get(T2).getPendingRaters()).as(path).isZero();
  }

  @Test
  void shouldNotCountAnExportFixOfOneValueInATeamTheResponsesCameInto() {
    CellScores before = peersInTwoTeams();

    // Forty-ninth review, with no rater of the attacker's: HR moves H's and P4's forms to T2, then an export fix
    // makes both 3 and 3 there while V's first answer waits. Read about 3, the records were V's 5 and 2.
    script("sub T2 S1 H PEER CHANGE_L1=3 CHANGE_L2=5", "sub T2 S1 P4 PEER CHANGE_L1=3 CHANGE_L2=4",
        "sub T2 S1 H PEER CHANGE_L1=3 CHANGE_L2=3", "sub T2 S1 P4 PEER CHANGE_L1=3 CHANGE_L2=3",
        "sub T2 S2 V PEER CHANGE_L1=5 CHANGE_L2=2");

    assertHeld(T2, before);
  }

  @Test
  void shouldNotCountScoresOfOneValueInATeamTheResponseCameBackTo() {
    peerHBesideTheAttackerInOther();
    // H leaves for T2, and T1 publishes the departure with P3's, P4's and P5's corrections.
    script("sub T2 S1 H PEER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S1 P3 PEER CHANGE_L1=1 CHANGE_L2=2",
        "sub T1 S1 P4 PEER CHANGE_L1=5 CHANGE_L2=4", "sub T1 S1 P5 PEER CHANGE_L1=1 CHANGE_L2=3");
    CellScores before = changeLeader(latest.get(T1));
    assertThat(latest.get(T1).getPendingRaters()).isZero();

    // Forty-ninth review: H comes back (a move, nowhere) and is corrected to 3 and 3, beside the attacker P7's
    // correction and V's first answer: T1's records since the departure hold nothing of H.
    script("sub T1 S1 H PEER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S1 H PEER CHANGE_L1=3 CHANGE_L2=3",
        "sub T1 S1 P7 PEER CHANGE_L1=1 CHANGE_L2=3", "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=2");

    assertHeld(T1, before);
  }

  /**
   * Forty-ninth review: H's form without scores on CHANGE leader published (the whole form blank, or that cell), then
   * the cell filled in with 3 and 3 beside the attacker P7's correction and V's first answer. Against the form
   * published, that is scores of one value added, though the form had no score there to compare with.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "the whole form | CHANGE_L1=NA CHANGE_L2=NA | CHANGE_L1=3 CHANGE_L2=3",
      "the cell | CHANGE_L1=NA CHANGE_L2=NA FOCUS_L1=5 | CHANGE_L1=3 CHANGE_L2=3 FOCUS_L1=5"})
  void shouldNotCountScoresOfOneValueWhereAPublishedFormLeftTheCellBlank(String what, String blank, String filled) {
    peerHBesideTheAttackerInOther();
    script("sub T1 S1 H PEER " + blank, "sub T1 S1 P3 PEER CHANGE_L1=1 CHANGE_L2=2",
        "sub T1 S1 P4 PEER CHANGE_L1=5 CHANGE_L2=4", "sub T1 S1 P5 PEER CHANGE_L1=1 CHANGE_L2=3");
    CellScores before = changeLeader(latest.get(T1));
    // P3 to P7: 1+2 5+4 1+3 5+5 4+4 = 34 over 10, and OTHER's 35 over 12: the blank is published.
    assertThat(before.getN()).as(what).isEqualTo(22);
    assertThat(before.getMean()).as(what).isCloseTo(69.0 / 22, within(EXACT));

    script("sub T1 S1 H PEER " + filled, "sub T1 S1 P7 PEER CHANGE_L1=1 CHANGE_L2=3",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=2");

    assertHeld(T1, before);
  }

  /**
   * Fiftieth review: a new rater's first form, not yet published, corrected to scores of one value beside the attacker
   * P7's correction and V's first answer (or, with no rater of the attacker's, two new raters' forms both fixed to 3
   * and 3 by an export while V's answer waits). The part never showed the new raters, so their pending change is the
   * whole cell, 3 and 3, which read about 3 is nothing: the batch's records were V's 5 and 2 (155 of 300 random runs).
   * So is a shown rater's form for another subject, whose pending change is that form alone. A new rater whose first
   * answers are all alike still counts: that one is not a correction.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "beside the attacker | sub T1 S1 N PEER CHANGE_L1=1 CHANGE_L2=4; sub T1 S1 N PEER CHANGE_L1=3 CHANGE_L2=3; "
          + "sub T1 S1 P7 PEER CHANGE_L1=1 CHANGE_L2=3",
      "an export fix of two forms | sub T1 S1 N PEER CHANGE_L1=1 CHANGE_L2=4; sub T1 S1 M PEER CHANGE_L1=5 "
          + "CHANGE_L2=2; sub T1 S1 N PEER CHANGE_L1=3 CHANGE_L2=3; sub T1 S1 M PEER CHANGE_L1=3 CHANGE_L2=3",
      "a shown rater's form for another subject | sub T1 S2 P6 PEER CHANGE_L1=1 CHANGE_L2=4; sub T1 S2 P6 PEER "
          + "CHANGE_L1=3 CHANGE_L2=3; sub T1 S1 P7 PEER CHANGE_L1=1 CHANGE_L2=3"})
  void shouldNotCountAnUnpublishedFormCorrectedToScoresOfOneValue(String path, String steps) {
    CellScores before = peerHBesideTheAttackerInOther();

    script((steps + "; sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=2").split("; "));

    assertHeld(T1, before);
  }

  @Test
  void shouldCountANewRaterWhoseFirstAnswersAreAllAlike() {
    CellScores before = peerHBesideTheAttackerInOther();

    script("sub T1 S1 N PEER CHANGE_L1=3 CHANGE_L2=3", "sub T1 S1 P7 PEER CHANGE_L1=1 CHANGE_L2=3",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=2");

    // A straight-liner's first answers count (docs/privacy.md, "What remains", "Readings about a score"): PEER
    // publishes H 3+5, P3 to P6, N 3+3, P7 1+3, V 5+2 and OTHER's 35 over 12: 88 over 28.
    assertThat(changeLeader(latest.get(T1))).isNotEqualTo(before);
    assertThat(changeLeader(latest.get(T1)).getN()).isEqualTo(28);
  }

  @Test
  void shouldHoldAPendingAnswerBesideAnExportFixThatBlanksOneValue() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 R1 PEER CHANGE_L1=4 CHANGE_L2=3", "sub T1 S1 R2 PEER CHANGE_L1=2 CHANGE_L2=3",
        "sub T1 S1 R3 PEER CHANGE_L1=5 CHANGE_L2=4", "sub T1 S1 R4 PEER CHANGE_L1=1 CHANGE_L2=3",
        "sub T1 S1 R5 PEER CHANGE_L1=3 CHANGE_L2=2", "sub T1 S1 R6 PEER CHANGE_L1=4 CHANGE_L2=5");
    CellScores before = changeLeader(latest.get(T1));
    script("sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=1");

    // Forty-fourth review, with no attacker and no coincidence: the survey tool exported "not observed" as 3, and HR
    // sends the fixed export again while V's answer waits. Three raters' 3s blanked beside V's answer made records
    // that differed by (0, 0, 8): V's two answers less three 3s, so a reader who knows of the fix read V's 1 and 5.
    script("sub T1 S1 R1 PEER CHANGE_L1=4 CHANGE_L2=NA", "sub T1 S1 R2 PEER CHANGE_L1=2 CHANGE_L2=NA",
        "sub T1 S1 R4 PEER CHANGE_L1=1 CHANGE_L2=NA");

    assertHeld(T1, before);
    assertThat(latest.get(T1).getPendingRaters()).isEqualTo(4);
  }

  @Test
  void shouldNotCountAResponseTakingItsScoresOffACell() {
    start(ScoringConfig.defaults());
    CellScores first = sixPeers();
    // Every CHANGE leader item of P4 and P5 marked "not observed": on that cell they are as before they answered.
    script("sub T1 S1 P4 PEER CHANGE_M1=3", "sub T1 S1 P5 PEER CHANGE_M1=2", "sub T1 S1 V PEER CHANGE_L1=5");

    assertHeld(T1, first);
  }

  @Test
  void shouldHoldABatchWhoseOtherChangesCancelInTheSumOnly() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=2", "sub T1 S1 P2 PEER CHANGE_L1=4", "sub T1 S1 P3 PEER CHANGE_L1=5");
    CellScores before = changeLeader(latest.get(T1));

    // Found by the fourteenth attacker's review, with honest corrections: V answers 3; P1 corrects 2 -> 3 and P2
    // 4 -> 3. The corrections cancel in the sum but not in the squares (+5 and -7), so no rater or pair made the
    // whole change (n, sum, squares) and the batch was published: mean times n after (14) less before (11) was V's
    // answer. The mean shows the count and the sum, so changes that add up to the net in those two count as its
    // explanation (and in the count and the squares, which the spread shows).
    script("sub T1 S1 V PEER CHANGE_L1=3", "sub T1 S1 P1 PEER CHANGE_L1=3", "sub T1 S1 P2 PEER CHANGE_L1=3");

    assertHeld(T1, before);
    assertThat(latest.get(T1).getPendingRaters()).isEqualTo(3);
  }

  @Test
  void shouldHoldSelfPartsWhoseSelfBalanceWouldMoveByFewerThanNSelfRaters() {
    start(ScoringConfig.defaults());
    List<String> setup = new ArrayList<>(List.of("sub T1 S1 P1 PEER CHANGE_L1=4 CHANGE_L2=3 CHANGE_M1=4 CHANGE_M2=3",
        "sub T1 S1 P2 PEER CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=1 CHANGE_M2=1",
        "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=1 CHANGE_M1=1 CHANGE_M2=3"));
    int[][] selves = {{3, 2, 4, 1}, {1, 1, 4, 4}, {2, 5, 1, 5}, {4, 2, 5, 1}, {3, 1, 5, 1}, {4, 5, 4, 3}};
    for (int i = 0; i < selves.length; i++) {
      setup.add(selfForm(i + 1, selves[i]));
    }
    script(setup.toArray(String[]::new));
    Double before = latest.get(T1).getAxes().getChange().getSelfBalance();
    assertThat(before).isNotNull();

    // Found by the fourteenth attacker's review: S1 and S2 each raise one leader and one manager item by 1, then S7
    // rates themself. Each SELF part has three changed raters and was published, but selfBalance (the leader part's
    // mean less the manager part's) does not see S1's and S2's changes: selfBalance times 14 after less times 12
    // before was S7's own leader-less-manager gap (4 + 5 - 2 - 1 = 6). Per rater, the change of the leader sum less
    // the manager sum (with the counts) is what selfBalance shows, and it is checked as a part's change is.
    script(selfForm(1, new int[] {4, 2, 5, 1}), selfForm(2, new int[] {2, 1, 5, 4}),
        selfForm(7, new int[] {4, 5, 2, 1}));

    assertThat(published.get(T1)).as("records of T1").isNotEmpty().allSatisfy(record -> assertThat(
        record.getAxes().getChange().getSelfBalance()).isEqualTo(before));

    // Two more self-raters with a gap of their own: three who count, published.
    script(selfForm(8, new int[] {5, 5, 1, 1}), selfForm(9, new int[] {2, 2, 3, 4}));
    // The SELF parts of S1 (raised), S2 (raised) and S3 to S9: leader items less manager items, each mean of 18.
    double leader = (4 + 2 + 2 + 1 + 2 + 5 + 4 + 2 + 3 + 1 + 4 + 5 + 4 + 5 + 5 + 5 + 2 + 2) / 18.0;
    double manager = (5 + 1 + 5 + 4 + 1 + 5 + 5 + 1 + 5 + 1 + 4 + 3 + 2 + 1 + 1 + 1 + 3 + 4) / 18.0;
    assertThat(latest.get(T1).getAxes().getChange().getSelfBalance()).isCloseTo(leader - manager, within(1e-9));
  }

  /** Self-rater S{@code i} rating themself: CHANGE leader items 1 and 2, then manager items 1 and 2. */
  private static String selfForm(int i, int[] items) {
    return "sub T1 S" + i + " S" + i + " SELF CHANGE_L1=" + items[0] + " CHANGE_L2=" + items[1] + " CHANGE_M1="
        + items[2] + " CHANGE_M2=" + items[3];
  }

  @Test
  void shouldHoldABatchWhoseChangesCancelExactly() {
    start(ScoringConfig.defaults());
    TeamScores published = null;
    int[] scores = {2, 4, 3, 5, 1};
    for (int i = 0; i < scores.length; i++) {
      published = send(rater("P" + (i + 1), RaterGroup.PEER, i + 1, scores[i]));
    }
    published = send(rater("P6", RaterGroup.PEER, 6, 3));
    assertThat(published.getPendingRaters()).isZero();

    // P1 and P2 trade their answers (2 <-> 4), P3 and P4 theirs (3 <-> 5): four raters changed, the totals did not.
    // Published, no value would change, but pendingRaters would fall from 4 to 0 and updatedAt move, saying that the
    // four changes cancel (ninth review). The published values are the exact ones already: the batch waits.
    send(rater("P1", RaterGroup.PEER, 10, 4));
    send(rater("P2", RaterGroup.PEER, 11, 2));
    send(rater("P3", RaterGroup.PEER, 12, 5));
    TeamScores traded = send(rater("P4", RaterGroup.PEER, 13, 3));

    assertThat(changeLeader(traded)).isEqualTo(changeLeader(published));
    assertThat(traded.getPendingRaters()).isEqualTo(4);
    assertThat(traded.getUpdatedAt()).isEqualTo(published.getUpdatedAt());
  }

  @Test
  void shouldHoldABatchWhoseOtherRatersShiftEveryAnswerAlike() {
    // P1 and P2 raise every answer by one, then V answers. Each cell's batch (P1, P2, V) passed, but P1's and P2's changes
    // are the same in every cell, so any two cells' difference was V's alone (the fifteenth review pinned V's six cell
    // sums to within one).
    assertNothingMovedAfter(SIX_PEERS,
        form("S1", "P1", "PEER", 3, 4, 5, 3, 4, 3, 5, 4, 3, 5, 4, 3),
        form("S1", "P2", "PEER", 4, 5, 3, 5, 5, 4, 3, 4, 4, 3, 5, 5),
        form("S2", "V", "PEER", 4, 5, 2, 1, 3, 1, 5, 4, 2, 2, 4, 5));
  }

  @Test
  void shouldHoldABatchWhoseOtherRatersMoveALeaderAndAManagerItemAlike() {
    // P1 and P2 each raise one CHANGE leader and one CHANGE manager item by one, then V answers: the leader cell's change
    // less the manager cell's (what balance shows) was V's leader-less-manager gap (fifteenth review).
    assertNothingMovedAfter(SIX_PEERS,
        form("S1", "P1", "PEER", 3, 3, 4, 3, 3, 2, 4, 3, 2, 4, 3, 2),
        form("S1", "P2", "PEER", 3, 5, 3, 4, 4, 3, 2, 3, 3, 2, 4, 4),
        form("S2", "V", "PEER", 4, 5, 2, 1, 3, 1, 5, 4, 2, 2, 4, 5));
  }

  @Test
  void shouldHoldABatchWhoseOtherChangesCancelAcrossTwoCells() {
    // P1 and P2 raise a CHANGE leader item, P4 and P5 lower a FOCUS leader item, then V answers: the two leader cells'
    // changes summed (what overall.leaderMean shows) were V's answers on them, count, sum and squares (fifteenth
    // review).
    assertNothingMovedAfter(SIX_PEERS,
        form("S1", "P1", "PEER", 3, 3, 4, 2, 3, 2, 4, 3, 2, 4, 3, 2),
        form("S1", "P2", "PEER", 3, 5, 2, 4, 4, 3, 2, 3, 3, 2, 4, 4),
        form("S1", "P4", "PEER", 4, 5, 2, 5, 2, 2, 4, 1, 1, 4, 3, 4),
        form("S1", "P5", "PEER", 5, 1, 3, 3, 2, 4, 3, 1, 1, 5, 1, 4),
        form("S2", "V", "PEER", 4, 5, 2, 1, 3, 1, 5, 4, 2, 2, 4, 5));
  }

  @Test
  void shouldHoldSelfPartsWhoseSelfBalancesSummedWouldMoveByOneSelfRater() {
    // S1 and S2 move their CHANGE gap by +1 and their FOCUS gap by -1, then S7 rates themself: each axis' selfBalance
    // moved by three self-raters, but the two summed by S7's gap alone (fifteenth review).
    assertNothingMovedAfter(SIX_SELVES,
        form("S1", "S1", "SELF", 4, 3, 4, 3, 4, 2, 4, 5, 2, 4, 3, 2),
        form("S2", "S2", "SELF", 5, 4, 3, 4, 4, 4, 4, 3, 3, 2, 4, 4),
        form("S7", "S7", "SELF", 4, 5, 2, 1, 3, 1, 5, 4, 2, 2, 4, 5));
  }

  /**
   * A response in T1 scoring two items per pole of every axis, in the order CHANGE leader, CHANGE manager, FOCUS
   * leader and so on, as a {@link #script} line.
   */
  private static String form(String subject, String rater, String group, int... items) {
    return form(2, subject, rater, group, items);
  }

  /** {@link #form} with {@code perPole} items of each pole (1 or 2), in the same order. */
  private static String form(int perPole, String subject, String rater, String group, int... items) {
    String[] names = {"CHANGE_L", "CHANGE_M", "FOCUS_L", "FOCUS_M", "HORIZON_L", "HORIZON_M"};
    StringBuilder line = new StringBuilder("sub T1 " + subject + " " + rater + " " + group);
    for (int i = 0; i < items.length; i++) {
      line.append(' ').append(names[i / perPole]).append(1 + i % perPole).append('=').append(items[i]);
    }
    return line.toString();
  }

  /** The fifteenth review's setup: P1 to P6 rate S1 on every item, published in two batches. */
  private static final String[] SIX_PEERS = {form("S1", "P1", "PEER", 2, 3, 4, 2, 3, 2, 4, 3, 2, 4, 3, 2),
      form("S1", "P2", "PEER", 3, 4, 2, 4, 4, 3, 2, 3, 3, 2, 4, 4),
      form("S1", "P3", "PEER", 5, 1, 5, 1, 1, 1, 2, 2, 5, 1, 4, 3),
      form("S1", "P4", "PEER", 4, 5, 2, 5, 2, 3, 4, 1, 1, 4, 3, 4),
      form("S1", "P5", "PEER", 5, 1, 3, 3, 2, 5, 3, 1, 1, 5, 1, 4),
      form("S1", "P6", "PEER", 1, 3, 4, 1, 4, 1, 2, 2, 1, 4, 4, 4)};

  /** The same forms as S1 to S6 rating themselves. */
  private static final String[] SIX_SELVES = {form("S1", "S1", "SELF", 2, 3, 4, 2, 3, 2, 4, 3, 2, 4, 3, 2),
      form("S2", "S2", "SELF", 3, 4, 2, 4, 4, 3, 2, 3, 3, 2, 4, 4),
      form("S3", "S3", "SELF", 5, 1, 5, 1, 1, 1, 2, 2, 5, 1, 4, 3),
      form("S4", "S4", "SELF", 4, 5, 2, 5, 2, 3, 4, 1, 1, 4, 3, 4),
      form("S5", "S5", "SELF", 5, 1, 3, 3, 2, 5, 3, 1, 1, 5, 1, 4),
      form("S6", "S6", "SELF", 1, 3, 4, 1, 4, 1, 2, 2, 1, 4, 4, 4)};

  /**
   * Sends the setup, then the attack ({@link #script} both), and asserts that every record T1 published during the
   * attack shows every cell and balance as the record before it.
   */
  private void assertNothingMovedAfter(String[] setup, String... attack) {
    start(ScoringConfig.defaults());
    script(setup);
    TeamScores before = latest.get(T1);
    script(attack);
    assertNothingMoved(before);
  }

  /**
   * Publishes P1 to P6 (a CHANGE and a FOCUS leader answer each: the nineteenth review's setup), runs {@code attack}
   * and asserts that no record of T1 it published shows FOCUS leader otherwise than before.
   */
  private void assertFocusLeaderUnmovedAfter(String... attack) {
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=5 FOCUS_L1=1", "sub T1 S1 P2 PEER CHANGE_L1=4 FOCUS_L1=2",
        "sub T1 S1 P3 PEER CHANGE_L1=3 FOCUS_L1=2", "sub T1 S1 P4 PEER CHANGE_L1=1 FOCUS_L1=5",
        "sub T1 S1 P5 PEER CHANGE_L1=4 FOCUS_L1=3", "sub T1 S1 P6 PEER CHANGE_L1=2 FOCUS_L1=4");
    CellScores focus = latest.get(T1).getAxes().getFocus().getLeader();
    script(attack);
    assertThat(published.get(T1)).as("records of T1").isNotEmpty()
        .allSatisfy(record -> assertThat(record.getAxes().getFocus().getLeader()).isEqualTo(focus));
  }

  /** Asserts that every record T1 published in the last {@link #script} shows every cell and balance as before. */
  private void assertNothingMoved(TeamScores before) {
    assertThat(published.get(T1)).as("records of T1").isNotEmpty().allSatisfy(record -> {
      assertThat(record.getAxes()).isEqualTo(before.getAxes());
      assertThat(record.getOverall()).isEqualTo(before.getOverall());
    });
  }

  @Test
  void shouldNotCountAKeyErasedOnceWhenItCorrectsBackToWhatItHadBeforeTheErasure() {
    start(ScoringConfig.defaults());
    // P1 to P6 published; then P4, P5 and P6 correct CHANGE leader to 5, 5 (published).
    script(
        form("S1", "P1", "PEER", 2, 3, 4, 2, 3, 2, 4, 3, 2, 4, 3, 2),
        form("S1", "P2", "PEER", 3, 4, 2, 4, 4, 3, 2, 3, 3, 2, 4, 4),
        form("S1", "P3", "PEER", 5, 1, 5, 1, 1, 1, 2, 2, 5, 1, 4, 3),
        form("S1", "P4", "PEER", 2, 4, 2, 5, 2, 3, 4, 1, 1, 4, 3, 4),
        form("S1", "P5", "PEER", 2, 4, 3, 3, 2, 5, 3, 1, 1, 5, 1, 4),
        form("S1", "P6", "PEER", 4, 2, 4, 1, 4, 1, 2, 2, 1, 4, 4, 4),
        form("S1", "P4", "PEER", 5, 5, 2, 5, 2, 3, 4, 1, 1, 4, 3, 4),
        form("S1", "P5", "PEER", 5, 5, 3, 3, 2, 5, 3, 1, 1, 5, 1, 4),
        form("S1", "P6", "PEER", 5, 5, 4, 1, 4, 1, 2, 2, 1, 4, 4, 4));
    CellScores corrected = changeLeader(latest.get(T1));

    // Found by the sixteenth review, with honest operations: P6 puts its first form back (a revert); P4 and P5 are
    // withdrawn and answer again with their corrected forms (returns after an erasure: uncounted); V answers; P4 and
    // P5 correct back to their first forms. The erasure took their earlier cells with it, so the corrections counted:
    // published, the record less the first one was V's answers alone. A key erased once counts towards N nowhere.
    script(
        form("S1", "P6", "PEER", 4, 2, 4, 1, 4, 1, 2, 2, 1, 4, 4, 4),
        "wd S1 P4",
        form("S1", "P4", "PEER", 5, 5, 2, 5, 2, 3, 4, 1, 1, 4, 3, 4),
        "wd S1 P5",
        form("S1", "P5", "PEER", 5, 5, 3, 3, 2, 5, 3, 1, 1, 5, 1, 4),
        form("S2", "V", "PEER", 4, 5, 2, 1, 3, 1, 5, 4, 2, 2, 4, 5),
        form("S1", "P4", "PEER", 2, 4, 2, 5, 2, 3, 4, 1, 1, 4, 3, 4),
        form("S1", "P5", "PEER", 2, 4, 3, 3, 2, 5, 3, 1, 1, 5, 1, 4));

    assertHeld(T1, corrected);
  }

  @Test
  void shouldNotCountACorrectionBackToTheSameCountAndSum() {
    start(ScoringConfig.defaults());
    // P1 to P6 published; then P4, P5 and P6 correct CHANGE leader to 5, 5 (published).
    script(
        form("S1", "P1", "PEER", 2, 3, 4, 2, 3, 2, 4, 3, 2, 4, 3, 2),
        form("S1", "P2", "PEER", 3, 4, 2, 4, 4, 3, 2, 3, 3, 2, 4, 4),
        form("S1", "P3", "PEER", 5, 1, 5, 1, 1, 1, 2, 2, 5, 1, 4, 3),
        form("S1", "P4", "PEER", 2, 4, 2, 5, 2, 3, 4, 1, 1, 4, 3, 4),
        form("S1", "P5", "PEER", 2, 4, 3, 3, 2, 5, 3, 1, 1, 5, 1, 4),
        form("S1", "P6", "PEER", 4, 2, 4, 1, 4, 1, 2, 2, 1, 4, 4, 4),
        form("S1", "P4", "PEER", 5, 5, 2, 5, 2, 3, 4, 1, 1, 4, 3, 4),
        form("S1", "P5", "PEER", 5, 5, 3, 3, 2, 5, 3, 1, 1, 5, 1, 4),
        form("S1", "P6", "PEER", 5, 5, 4, 1, 4, 1, 2, 2, 1, 4, 4, 4));
    CellScores corrected = changeLeader(latest.get(T1));

    // Found by the sixteenth review: P6 puts its first form back; V answers; P4 and P5 correct CHANGE leader to 3, 3,
    // the count and sum of their first forms (2, 4) with other squares. Counted, they published V's count and sum as
    // the mean's difference from the first record. A revert is read as a record reads a cell: the same count and
    // sum, or the same count and squares.
    script(
        form("S1", "P6", "PEER", 4, 2, 4, 1, 4, 1, 2, 2, 1, 4, 4, 4),
        form("S2", "V", "PEER", 4, 5, 2, 1, 3, 1, 5, 4, 2, 2, 4, 5),
        form("S1", "P4", "PEER", 3, 3, 2, 5, 2, 3, 4, 1, 1, 4, 3, 4),
        form("S1", "P5", "PEER", 3, 3, 3, 3, 2, 5, 3, 1, 1, 5, 1, 4));

    assertHeld(T1, corrected);
  }

  @Test
  void shouldNotCountAnswersSwappedBetweenCells() {
    // Found by the seventeenth review: P1 to P4 each swap two answers between two leader cells, around the three
    // leader cells in a cycle, ordered so that each batch published one cell (FOCUS: P1, P2, P3; HORIZON: P2, P3,
    // P4; CHANGE: P1, P4 and V's first answer). Each swap leaves the rater's overall leader totals as they were, so
    // the last record less the first gave V's count, sum and squares through overall.leaderMean and the cells' sd.
    // A correction that only swaps scores between cells counts nowhere on them, like a revert.
    assertNothingMovedAfter(SWAP_SETUP,
        "sub T1 S1 P1 PEER CHANGE_L1=1 FOCUS_L1=5 HORIZON_L1=2",
        "sub T1 S1 P2 PEER CHANGE_L1=2 FOCUS_L1=3 HORIZON_L1=4",
        "sub T1 S1 P3 PEER CHANGE_L1=3 FOCUS_L1=5 HORIZON_L1=2",
        "sub T1 S1 P4 PEER CHANGE_L1=3 FOCUS_L1=5 HORIZON_L1=1",
        "sub T1 S1 V PEER CHANGE_L1=4 CHANGE_L2=1");
  }

  @Test
  void shouldNotCountAnswersSwappedBetweenCellsOverTwoCorrections() {
    // The same cycle with each swap split into two corrections, one cell each, ordered so that each batch published
    // one cell again (FOCUS: P2, P3, P1's second; HORIZON: P2's and P3's second, P4's first; CHANGE: P1's first, P4's
    // second, V). No correction moves answers between cells by itself, but each second one leaves the rater, in the
    // overall leader sums, as their first form was: it counts nowhere on the cell it changed.
    assertNothingMovedAfter(SWAP_SETUP,
        "sub T1 S1 P1 PEER CHANGE_L1=1 FOCUS_L1=1 HORIZON_L1=2",
        "sub T1 S1 P2 PEER CHANGE_L1=2 FOCUS_L1=3 HORIZON_L1=3",
        "sub T1 S1 P3 PEER CHANGE_L1=3 FOCUS_L1=5 HORIZON_L1=5",
        "sub T1 S1 P1 PEER CHANGE_L1=1 FOCUS_L1=5 HORIZON_L1=2",
        "sub T1 S1 P2 PEER CHANGE_L1=2 FOCUS_L1=3 HORIZON_L1=4",
        "sub T1 S1 P3 PEER CHANGE_L1=3 FOCUS_L1=5 HORIZON_L1=2",
        "sub T1 S1 P4 PEER CHANGE_L1=1 FOCUS_L1=5 HORIZON_L1=1",
        "sub T1 S1 P4 PEER CHANGE_L1=3 FOCUS_L1=5 HORIZON_L1=1",
        "sub T1 S1 V PEER CHANGE_L1=4 CHANGE_L2=1");
  }

  @Test
  void shouldNotCountAnAnswerMovedBackWhenTheRecordsShowTheOtherCellsMiddleVersion() {
    // Found by the nineteenth review: P1 and P2 correct CHANGE (published with V's first answer), then correct FOCUS
    // so that their FOCUS and their published CHANGE are their first forms swapped, and fill in another CHANGE item
    // in the same edit. Their forms never return to an earlier one, but the records show CHANGE as published in the
    // middle and FOCUS as now: counted, the FOCUS batch {P1, P2, V} published, and the overall leader sums of that
    // record less those of the first gave V's two answers. A cell counts nowhere where any versions of the other
    // cells can cancel its change.
    assertFocusLeaderUnmovedAfter("sub T1 S1 P1 PEER CHANGE_L1=1 FOCUS_L1=1",
        "sub T1 S1 P2 PEER CHANGE_L1=2 FOCUS_L1=2",
        "sub T1 S1 V PEER CHANGE_L1=3 FOCUS_L1=5", "sub T1 S1 P1 PEER CHANGE_L1=1 CHANGE_L2=3 FOCUS_L1=5",
        "sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=4 FOCUS_L1=4");
  }

  @Test
  void shouldNotLetCorrectionsThatCancelInTheSumAndSquaresButNotTheCountMakeABatch() {
    // Found by the twenty-second review: P1 fills in a blank with 4, P2 lowers 3, 3 to 1, 1. Together they move the
    // count by one and the sum and squares by nothing, so the batch {P1, P2, V} published, and the CHANGE leader
    // cell's sum and squares, less the record before's, were V's alone: 7 and 29, only {2, 5}.
    assertNothingMovedAfter(new String[] {"sub T1 S1 P1 PEER CHANGE_L2=1",
        "sub T1 S1 P2 PEER CHANGE_L1=3 CHANGE_L2=3", "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=2"},
        "sub T1 S1 P1 PEER CHANGE_L1=4 CHANGE_L2=1", "sub T1 S1 P2 PEER CHANGE_L1=1 CHANGE_L2=1",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=2");
  }

  @Test
  void shouldNotLetCorrectionsThatCancelInTheSumAloneMakeABatch() {
    // The same review's everyday variant: P1 fills in a blank with 4, P2 corrects 5 to 1. The sum of the CHANGE
    // leader cell, less the record before's, was V's alone.
    assertNothingMovedAfter(new String[] {"sub T1 S1 P1 PEER CHANGE_L1=3",
        "sub T1 S1 P2 PEER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=4"},
        "sub T1 S1 P1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 P2 PEER CHANGE_L1=1 CHANGE_L2=2",
        "sub T1 S1 V PEER CHANGE_L1=2");
  }

  @Test
  void shouldNotLetCorrectionsThatCancelInTwoCellsSummedMakeABatchWhenTheirCountsMoveApart() {
    // The same review: P1 blanks a CHANGE item of 3 and raises a FOCUS item from 2 to 3, P2 lowers a CHANGE item from
    // 3 to 2 and fills in a FOCUS item with 3. Summed over the two leader cells they cancel in the count, the sum and
    // the squares, but each cell's count moved, so the combination counted them, and both cells published with V's
    // first answer: the two cells summed, less the record before's, were V's four answers. Now at most one of the
    // two cells moves with the batch.
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=4 CHANGE_L2=3 FOCUS_L1=2 FOCUS_L2=4",
        "sub T1 S1 P2 PEER CHANGE_L1=3 CHANGE_L2=5 FOCUS_L1=5",
        "sub T1 S1 P3 PEER CHANGE_L1=2 CHANGE_L2=4 FOCUS_L1=1 FOCUS_L2=1");
    CellScores change = latest.get(T1).getAxes().getChange().getLeader();
    CellScores focus = latest.get(T1).getAxes().getFocus().getLeader();

    script("sub T1 S1 P1 PEER CHANGE_L1=4 FOCUS_L1=3 FOCUS_L2=4",
        "sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=5 FOCUS_L1=5 FOCUS_L2=3",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=1 FOCUS_L1=4 FOCUS_L2=2");

    assertThat(published.get(T1)).as("records of T1").isNotEmpty()
        .allSatisfy(record -> assertThat(record.getAxes().getChange().getLeader().equals(change)
            || record.getAxes().getFocus().getLeader().equals(focus)).as("CHANGE or FOCUS leader as before").isTrue());
  }

  @Test
  void shouldHoldCopiesOfAGroupStillInThePoolThatCouldLeaveIt() {
    // Found by the twenty-third review: PEER {P1, P2, P3} and OTHER {W, O2, O3} shown; V answers (after a withdrawal,
    // so the answer waits for other raters' changes); HR copies OTHER's three forms into PEER under new ids, and the
    // copies publish PEER's batch with V's answer while OTHER is still in the pool; then W's withdrawal takes OTHER
    // out of the pool. The last record less the first was V's answers: 2 scores, sum 7, squares 29. A batch is held
    // when its net change less the last published parts of groups that may leave the pool is what fewer than N of
    // its raters changed.
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=3", "sub T1 S1 P2 PEER CHANGE_L1=2", "sub T1 S1 P3 PEER CHANGE_L1=5",
        "sub T1 S1 W OTHER CHANGE_L1=4", "sub T1 S1 O2 OTHER CHANGE_L1=3 CHANGE_L2=1",
        "sub T1 S1 O3 OTHER CHANGE_L1=5");
    script("sub T1 S1 V PEER CHANGE_L1=1", "wd S1 V", "sub T1 S1 V PEER CHANGE_L1=2 CHANGE_L2=5",
        "sub T1 S1 Wx PEER CHANGE_L1=4", "sub T1 S1 O2x PEER CHANGE_L1=3 CHANGE_L2=1", "sub T1 S1 O3x PEER CHANGE_L1=5",
        "wd S1 W", "wd S1 O2", "wd S1 O3");

    assertNoTwoRecordsDifferInChangeLeaderBy(new long[] {2, 7, 29});
  }

  @Test
  void shouldHoldCopiesOfTheRatersLeftInAGroupAnotherRaterTookOutOfThePool() {
    // Review 117, for a pooled cell: OTHER {W, O2, O3} shown; O3's withdrawal takes OTHER out of the pool; W's and
    // O2's forms are copied into PEER under new ids beside V's first answer, and the originals withdrawn after.
    // PEER's batch less OTHER's last published part is V's answer less O3's, and the record after the batch less the
    // one before O3's withdrawal was those two raters: 0 scores, sum 4 - 1, squares 16 - 1. The batch is held while
    // its net change less that part is what fewer than N of the raters pending on the cell changed, O3 among them.
    peerAndOtherShown();
    script("wd S1 O3", "sub T1 S1 Wx PEER CHANGE_L1=5", "sub T1 S1 O2x PEER CHANGE_L1=5",
        "sub T1 S1 V PEER CHANGE_L1=4", "wd S1 W", "wd S1 O2");

    assertNoTwoRecordsDifferInChangeLeaderBy(new long[] {0, 3, 15});
    assertThat(latest.get(T1).getAxes().getChange().getLeader().getN()).as("PEER's first part alone").isEqualTo(3);
    // The copies pair with the withdrawn originals and count towards N nowhere: two more new raters release it.
    script("sub T1 S1 P4 PEER CHANGE_L1=5", "sub T1 S1 P5 PEER CHANGE_L1=5");
    assertThat(latest.get(T1).getAxes().getChange().getLeader().getN()).as("the batch released").isEqualTo(8);
  }

  @Test
  void shouldHoldCopiesOfTheRatersLeftInAGroupALateRaterBroughtBackToThePool() {
    // Review 119: the same order with a late rater O4 bringing OTHER back before the copies (OTHER shows its last
    // published part, O3's answer in it, until it publishes again) and W's withdrawal taking it out after: the last
    // record less the one before O3's withdrawal was V's answer less O3's. O3's withdrawal is read beside the batch
    // whether OTHER is out of the pool or back in it.
    peerAndOtherShown();
    script("wd S1 O3", "sub T1 S1 O4 OTHER CHANGE_L1=3", "sub T1 S1 Wx PEER CHANGE_L1=5",
        "sub T1 S1 O2x PEER CHANGE_L1=5", "sub T1 S1 V PEER CHANGE_L1=4", "wd S1 W");

    assertNoTwoRecordsDifferInChangeLeaderBy(new long[] {0, 3, 15});
  }

  @Test
  void shouldHoldCopiesBesideAFirstAnswerEqualToTheWithdrawnOneThatTookTheGroupOut() {
    // The same order with V's answer equal to O3's: the cell after PEER's batch would show what it showed before O3's
    // withdrawal (6 scores, sum 19, squares 81), and O3 would read V's answer as their own. V's answer is exactly the
    // opposite of O3's withdrawal, and such a pair counts towards N nowhere.
    peerAndOtherShown();
    long[] beforeWithdrawal = totals(latest.get(T1).getAxes().getChange().getLeader());
    script("wd S1 O3", "sub T1 S1 Wx PEER CHANGE_L1=5", "sub T1 S1 O2x PEER CHANGE_L1=5",
        "sub T1 S1 V PEER CHANGE_L1=1", "wd S1 W", "wd S1 O2");

    assertThat(beforeWithdrawal).containsExactly(6, 19, 81);
    assertThat(published.get(T1)).extracting(record -> totals(record.getAxes().getChange().getLeader()))
        .as("CHANGE leader after O3's withdrawal").noneMatch(totals -> Arrays.equals(totals, beforeWithdrawal));
  }

  /** Review 117's pooled setup: PEER {P1, P2, P3} and OTHER {W, O2, O3} shown, one CHANGE leader item each. */
  private void peerAndOtherShown() {
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=2", "sub T1 S1 P2 PEER CHANGE_L1=5", "sub T1 S1 P3 PEER CHANGE_L1=1",
        "sub T1 S1 W OTHER CHANGE_L1=5", "sub T1 S1 O2 OTHER CHANGE_L1=5", "sub T1 S1 O3 OTHER CHANGE_L1=1");
  }

  @Test
  void shouldHoldThreeFirstAnswersWhoseNetLessAnotherGroupsPartIsWhatTwoOfThemAddUpTo() {
    // Review 110 (docs/scoring.md's example): PEER's CHANGE manager part 1, 2, 2 published; OTHER's first three
    // answers there, 5, 4, 5, net 14; should PEER leave the pool between two records, they would differ by 14 - 5 = 9
    // in the sum, what O1 and O2 add up to. The batch waits; alone (no PEER part) it publishes at once, and a fourth
    // answer of 3 (net 17, less 5 is 12: no one rater or two) releases it.
    start(ScoringConfig.defaults());
    script("sub T1 S1 A PEER CHANGE_L1=5 CHANGE_M1=1", "sub T1 S1 B PEER CHANGE_L1=4 CHANGE_M1=2",
        "sub T1 S1 C PEER CHANGE_L1=3 CHANGE_M1=2");
    script("sub T1 S1 O1 OTHER CHANGE_L1=1 CHANGE_M1=5", "sub T1 S1 O2 OTHER CHANGE_L1=2 CHANGE_M1=4",
        "sub T1 S1 O3 OTHER CHANGE_L1=3 CHANGE_M1=5");
    TeamScores held = latest.get(T1);
    script("sub T1 S1 O4 OTHER CHANGE_L1=4 CHANGE_M1=3");
    TeamScores released = latest.get(T1);
    start(ScoringConfig.defaults());
    script("sub T1 S1 O1 OTHER CHANGE_L1=1 CHANGE_M1=5", "sub T1 S1 O2 OTHER CHANGE_L1=2 CHANGE_M1=4",
        "sub T1 S1 O3 OTHER CHANGE_L1=3 CHANGE_M1=5");
    TeamScores alone = latest.get(T1);

    assertThat(held.getAxes().getChange().getLeader().getN()).as("the leader part publishes").isEqualTo(6);
    assertThat(held.getAxes().getChange().getManager().getN()).as("the manager part waits").isEqualTo(3);
    assertThat(held.getPendingRaters()).isEqualTo(3);
    assertThat(released.getAxes().getChange().getManager().getN()).isEqualTo(7);
    assertThat(released.getAxes().getChange().getManager().getMean()).isCloseTo(22.0 / 7, within(EXACT));
    assertThat(alone.getAxes().getChange().getManager().getN()).isEqualTo(3);
    assertThat(alone.getAxes().getChange().getManager().getMean()).isCloseTo(14.0 / 3, within(EXACT));
  }

  @Test
  void shouldHoldCopiesOfAGroupBesideCorrectionsThatMoveOnlyTheCount() {
    // Found by the twenty-fourth review: beside the copies of OTHER's forms, P1 fills in a blank with 4 and P2 lowers
    // 3, 3 to 1, 1 (together one more score, the same sum and squares), and V answers. Compared exactly, the batch
    // less OTHER's part was V's answers and one score more, which no rater made, so it published; once OTHER left the
    // pool, the last record less the first was V's sum and squares (7 and 29: only 2 and 5). The copies check reads
    // in the sum or the squares, whatever the count, as the part's own check does.
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=3", "sub T1 S1 P2 PEER CHANGE_L1=3 CHANGE_L2=3",
        "sub T1 S1 P3 PEER CHANGE_L1=5",
        "sub T1 S1 W OTHER CHANGE_L1=4", "sub T1 S1 O2 OTHER CHANGE_L1=3 CHANGE_L2=1",
        "sub T1 S1 O3 OTHER CHANGE_L1=5");
    long[] first = totals(changeLeader(latest.get(T1)));

    script("sub T1 S1 P1 PEER CHANGE_L1=3 CHANGE_L2=4", "sub T1 S1 P2 PEER CHANGE_L1=1 CHANGE_L2=1",
        "sub T1 S1 Wx PEER CHANGE_L1=4", "sub T1 S1 O2x PEER CHANGE_L1=3 CHANGE_L2=1", "sub T1 S1 O3x PEER CHANGE_L1=5",
        "sub T1 S1 V PEER CHANGE_L1=2 CHANGE_L2=5", "wd S1 W", "wd S1 O2", "wd S1 O3");

    assertThat(published.get(T1)).as("records of T1").isNotEmpty().allSatisfy(record -> {
      long[] now = totals(changeLeader(record));
      assertThat(now == null ? null : new long[] {now[1] - first[1], now[2] - first[2]})
          .as("CHANGE leader's sum and squares less the first record's").isNotEqualTo(new long[] {7, 29});
    });
  }

  @Test
  void shouldHoldCopiesOfAGroupBesideAnswersMovedBetweenCells() {
    // Found by the twenty-fourth review: beside the copies of OTHER's forms and V's answer, P1 moves a 2 from CHANGE
    // to FOCUS and P2 a 1 from FOCUS to CHANGE (answers moved between cells count nowhere, but stay pending). Read
    // cell by cell, each batch less OTHER's part was V's answer and the movers' changes, three raters, so both cells
    // published; once OTHER left the pool, the two leader cells summed, less the first record's, were V's two
    // answers: 2 scores, sum 3, squares 5 (a 1 and a 2). The copies check runs for the combinations a record shows.
    start(ScoringConfig.defaults());
    script(MOVED_COPIES_SETUP);
    script(movedCopies("sub T1 S1 V PEER CHANGE_L1=1 FOCUS_L1=2"));

    assertNoTwoRecordsDifferBy(PublicationRuleTest::leadersSummed, "CHANGE and FOCUS leader summed",
        new long[] {2, 3, 5});
  }

  @Test
  void shouldHoldCopiesSplitBetweenTwoGroupsThatOneChangePublishesTogether() {
    // Found by the twenty-fifth review: HR copies DIRECT_REPORT's forms, two into PEER and one into OTHER, beside V's
    // first answer in OTHER; R, a PEER rater, sends the form again as OTHER with one answer changed, which counts in
    // both groups and publishes both parts at once. Each part less DIRECT_REPORT's passed on its own, but once
    // DIRECT_REPORT left the pool the cell, less the record's before the copies, was V's answers and R's edit, known
    // to R: (2, 8, 38) less (0, 2, 12), so {1, 5}. Parts published together are checked as one.
    start(ScoringConfig.defaults());
    script(splitCopiesSetup("sub T1 S1 R PEER CHANGE_L1=2 CHANGE_L2=4"));
    script("sub T1 S1 D1x PEER CHANGE_L1=4", "sub T1 S1 D2x PEER CHANGE_L1=2 CHANGE_L2=3",
        "sub T1 S1 D3x OTHER CHANGE_L1=1", "sub T1 S1 V OTHER CHANGE_L1=1 CHANGE_L2=5",
        "sub T1 S1 R OTHER CHANGE_L1=4 CHANGE_L2=4", "wd S1 D1", "wd S1 D2", "wd S1 D3");

    assertNoTwoRecordsDifferInChangeLeaderBy(new long[] {2, 8, 38});
  }

  @Test
  void shouldHoldCopiesSplitBetweenTwoGroupsBesideAVictimsOwnRelabel() {
    // The same review without a rater of the attacker's: DIRECT_REPORT's four forms copied, two into PEER and two into
    // OTHER, and V's own form sent again as OTHER with one answer changed publishes both parts. Once DIRECT_REPORT
    // left, the cell less the record's before the copies was V's change alone: (0, 3, 21), 2 -> 5.
    start(ScoringConfig.defaults());
    script(splitCopiesSetup("sub T1 S1 V PEER CHANGE_L1=2", "sub T1 S1 D4 DIRECT_REPORT CHANGE_L1=3 CHANGE_L2=3",
        "sub T1 S1 D1 DIRECT_REPORT CHANGE_L1=4 CHANGE_L2=5", "sub T1 S1 D2 DIRECT_REPORT CHANGE_L1=2 CHANGE_L2=4"));
    script("sub T1 S1 D1x PEER CHANGE_L1=4 CHANGE_L2=5", "sub T1 S1 D2x PEER CHANGE_L1=2 CHANGE_L2=4",
        "sub T1 S1 D3x OTHER CHANGE_L1=1", "sub T1 S1 D4x OTHER CHANGE_L1=3 CHANGE_L2=3",
        "sub T1 S1 V OTHER CHANGE_L1=5",
        "wd S1 D1", "wd S1 D2", "wd S1 D3", "wd S1 D4");

    assertNoTwoRecordsDifferInChangeLeaderBy(new long[] {0, 3, 21});
  }

  /**
   * The twenty-fifth review's setup: PEER P1, P2, {@code third}, P3 to P5; OTHER O1 to O3; DIRECT_REPORT D1 to D3;
   * then {@code more}.
   */
  private static String[] splitCopiesSetup(String third, String... more) {
    List<String> lines = new ArrayList<>(List.of("sub T1 S1 P1 PEER CHANGE_L1=3", "sub T1 S1 P2 PEER CHANGE_L1=2",
        third, "sub T1 S1 P3 PEER CHANGE_L1=5", "sub T1 S1 P4 PEER CHANGE_L1=4",
        "sub T1 S1 P5 PEER CHANGE_L1=1 CHANGE_L2=3", "sub T1 S1 O1 OTHER CHANGE_L1=4",
        "sub T1 S1 O2 OTHER CHANGE_L1=3 CHANGE_L2=1", "sub T1 S1 O3 OTHER CHANGE_L1=5",
        "sub T1 S1 D1 DIRECT_REPORT CHANGE_L1=4", "sub T1 S1 D2 DIRECT_REPORT CHANGE_L1=2 CHANGE_L2=3",
        "sub T1 S1 D3 DIRECT_REPORT CHANGE_L1=1"));
    lines.addAll(List.of(more));
    return lines.toArray(String[]::new);
  }

  @Test
  void shouldHoldABatchThatAGroupsReturnWithItsDormantPartWouldCancel() {
    // Found by the twenty-sixth review: HR re-keys OTHER's three forms into PEER (copies, then the old forms
    // withdrawn: OTHER leaves the pool, keeping its last published part unseen), then undoes it: the copies
    // withdrawn, Y's two forms re-keyed one new id each, V answers (PEER publishes while OTHER is out), and the copies
    // sent back into OTHER under new ids, which brings OTHER back with its old part. The record after less the one
    // while OTHER was out was V's answers: (2, 9, 41), 4 and 5. A batch is held when its net change plus the dormant
    // part of a group that may come back is what fewer than N of its raters changed.
    start(ScoringConfig.defaults());
    script(ROUND_TRIP_SETUP);
    script("sub T1 S1 A1 PEER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S1 B1 PEER CHANGE_L1=2 CHANGE_L2=1",
        "sub T1 S1 C1 PEER CHANGE_L1=5", "wd S1 A", "wd S1 B", "wd S1 C", "wd S1 A1", "wd S1 B1", "wd S1 C1",
        "wd S1 Y", "wd S2 Y", "sub T1 S1 Y2 PEER CHANGE_L1=5 CHANGE_L2=4", "sub T1 S2 Y3 PEER CHANGE_L1=4",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=4", "sub T1 S1 A2 OTHER CHANGE_L1=3 CHANGE_L2=5",
        "sub T1 S1 B2 OTHER CHANGE_L1=2 CHANGE_L2=1", "sub T1 S1 C2 OTHER CHANGE_L1=5");

    assertNoTwoRecordsDifferInChangeLeaderBy(new long[] {2, 9, 41});
  }

  @Test
  void shouldHoldABatchThatAGroupsReturnByRelabelWouldCancel() {
    // The same review with relabels under the same ids, as HR is told to move responses: A, B and C relabelled OTHER
    // -> PEER (OTHER out of the pool), three new peers publish PEER, A, B and C relabelled back (OTHER returns with its
    // part), Y re-keyed one new id per form, and V answers: the record after less the one while OTHER was out was V's
    // answers.
    start(ScoringConfig.defaults());
    script(ROUND_TRIP_SETUP);
    script("sub T1 S1 A PEER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S1 B PEER CHANGE_L1=2 CHANGE_L2=1",
        "sub T1 S1 C PEER CHANGE_L1=5", "sub T1 S1 P6 PEER CHANGE_L1=5 CHANGE_L2=4",
        "sub T1 S1 P7 PEER CHANGE_L1=3 CHANGE_L2=1", "sub T1 S1 P8 PEER CHANGE_L1=5 CHANGE_L2=2",
        "sub T1 S1 A OTHER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S1 B OTHER CHANGE_L1=2 CHANGE_L2=1",
        "sub T1 S1 C OTHER CHANGE_L1=5", "wd S1 Y", "wd S2 Y", "sub T1 S1 Y2 PEER CHANGE_L1=5 CHANGE_L2=4",
        "sub T1 S2 Y3 PEER CHANGE_L1=4", "sub T1 S1 V PEER CHANGE_L1=4 CHANGE_L2=5");

    assertNoTwoRecordsDifferInChangeLeaderBy(new long[] {2, 9, 41});
  }

  @Test
  void shouldHoldSelfFormsSentAgainFromAPooledGroupThatLeftThePool() {
    // Found by review 115: S5's and S6's self-assessments had gone out as PEER forms under K and W. HR withdraws them
    // (PEER {K, W, Z} falls below k and leaves the pool) and sends them again as SELF, the subjects' own, beside S4's
    // first self-rating. selfBalance plus balance, read as sums (selfBalance times the self-raters, one item a pole,
    // plus the pooled leader sum less the manager sum), in the record after less the one before the withdrawals, was
    // S4's answers less Z's on every axis: Z, a peer, read S4's. SELF pools with no other group, so no cell's own
    // check read the withdrawals beside the copies.
    selfCopiesFromAGroupLeavingThePool(true);
  }

  @Test
  void shouldHoldSelfFormsSentAgainFromAPooledGroupThatLeftThePoolAsSelfFirstReachesK() {
    // The same review with no self-rater before: the copies and S4 are SELF's first three, and selfBalance, shown for
    // the first time, plus the change of balance was S4's less Z's.
    selfCopiesFromAGroupLeavingThePool(false);
  }

  /** Review 115's sequence, with S1 to S3 rating themselves first or not ({@code earlierSelves}). */
  private void selfCopiesFromAGroupLeavingThePool(boolean earlierSelves) {
    start(ScoringConfig.defaults());
    script(oneItemEach("S5", "K", "PEER", 4, 1, 5, 2, 3, 3), oneItemEach("S6", "W", "PEER", 2, 5, 1, 4, 5, 2),
        oneItemEach("S1", "Z", "PEER", 3, 3, 4, 1, 2, 5), oneItemEach("S1", "O1", "OTHER", 1, 2, 3, 4, 5, 1),
        oneItemEach("S1", "O2", "OTHER", 2, 3, 4, 4, 1, 3), oneItemEach("S1", "O3", "OTHER", 4, 4, 3, 2, 1, 2));
    if (earlierSelves) {
      script(oneItemEach("S1", "S1", "SELF", 5, 1, 2, 3, 4, 4), oneItemEach("S2", "S2", "SELF", 2, 2, 3, 3, 4, 1),
          oneItemEach("S3", "S3", "SELF", 1, 4, 2, 5, 3, 3));
    }
    assertThat(latest.get(T1).getPendingRaters()).as("all published before the attack").isZero();

    script("wd S5 K", "wd S6 W", oneItemEach("S5", "S5", "SELF", 4, 1, 5, 2, 3, 3),
        oneItemEach("S6", "S6", "SELF", 2, 5, 1, 4, 5, 2), oneItemEach("S4", "S4", "SELF", 5, 1, 2, 4, 4, 1));

    // S4's leader less manager less Z's: (5 - 1) - (3 - 3), (2 - 4) - (4 - 1), (4 - 1) - (2 - 5).
    long[] victimLessZ = {4, -5, 6};
    assertNoTwoRecordsDifferInSelfPlusBalanceBy(victimLessZ);
  }

  @Test
  void shouldHoldSelfFormsCopiedFromAPooledGroupAnotherRaterTookOut() {
    // Found by review 117: Z's withdrawal took PEER {K, W, Z} out of the pool first; K's and W's forms (S5's and S6's
    // self-assessments filed as PEER) were then sent again as SELF beside S4's first self-rating, and withdrawn after.
    // selfBalance plus balance, after less before Z's withdrawal, was S4's leader less manager less Z's.
    selfFormsCopiedAfterZsWithdrawal(4, 2, 5, 1, 1, 2);

    // S4's (2, 4, -1) less Z's (-4, -1, -2).
    long[] victimLessZ = {6, 5, 1};
    assertNoTwoRecordsDifferInSelfPlusBalanceBy(victimLessZ);
  }

  @Test
  void shouldHoldSelfFormsCopiedFromAPooledGroupALatePeerBroughtBack() {
    // Review 119: review 117's order with a late peer Z4 bringing PEER back before the copies (PEER shows its last
    // published part, Z's answers in it) and K's withdrawal taking it out after: selfBalance plus balance, the last
    // record less the one before Z's withdrawal, was S4's leader less manager less Z's.
    selfCopiesSetup();
    script("wd S1 Z", oneItemEach("S1", "Z4", "PEER", 3, 3, 2, 4, 5, 1),
        oneItemEach("S5", "S5", "SELF", 4, 2, 5, 1, 5, 5), oneItemEach("S6", "S6", "SELF", 5, 5, 3, 5, 4, 1),
        oneItemEach("S4", "S4", "SELF", 4, 2, 5, 1, 2, 2), "wd S5 K");

    // S4's (2, 4, 0) less Z's (-4, -1, -2).
    assertNoTwoRecordsDifferInSelfPlusBalanceBy(new long[] {6, 5, 2});
  }

  @Test
  void shouldHoldSelfFormsCopiedFromAPooledGroupAnotherRaterTookOutBesideASelfRatingEqualToTheWithdrawnOne() {
    // Review 117's order with S4's leader less manager equal to Z's on every axis: selfBalance plus balance after
    // S4's self-rating would be what it was before Z's withdrawal, and Z would read S4's as their own.
    TeamScores before = selfFormsCopiedAfterZsWithdrawal(1, 5, 3, 4, 1, 3);

    for (Axis axis : Axis.values()) {
      long[] was = selfPlusBalanceSums(before, axis);
      Double selfBalanceBefore = axisOf(before, axis).getSelfBalance();
      assertThat(published.get(T1)).as("%s selfBalance plus balance with another SELF part than before", axis)
          .filteredOn(record -> !Objects.equals(axisOf(record, axis).getSelfBalance(), selfBalanceBefore))
          .noneMatch(record -> Arrays.equals(selfPlusBalanceSums(record, axis), was));
    }
  }

  /**
   * Review 117's order: PEER {K, W, Z} (K and W being S5's and S6's self-assessments filed as PEER), OTHER and three
   * self-raters shown; Z's withdrawal takes PEER out of the pool, K's and W's forms are sent again as SELF beside S4's
   * first self-rating (its {@code items}), and the originals withdrawn. Returns T1's record before Z's withdrawal.
   */
  private TeamScores selfFormsCopiedAfterZsWithdrawal(int... s4Items) {
    TeamScores before = selfCopiesSetup();
    script("wd S1 Z", oneItemEach("S5", "S5", "SELF", 4, 2, 5, 1, 5, 5),
        oneItemEach("S6", "S6", "SELF", 5, 5, 3, 5, 4, 1), oneItemEach("S4", "S4", "SELF", s4Items),
        "wd S5 K", "wd S6 W");
    return before;
  }

  /**
   * Review 117's setup: PEER {K, W, Z} (K and W being S5's and S6's self-assessments filed as PEER), OTHER {O1, O2,
   * O3} and SELF {S1, S2, S3}, all shown. Returns T1's record after it.
   */
  private TeamScores selfCopiesSetup() {
    start(ScoringConfig.defaults());
    script(oneItemEach("S5", "K", "PEER", 4, 2, 5, 1, 5, 5), oneItemEach("S6", "W", "PEER", 5, 5, 3, 5, 4, 1),
        oneItemEach("S1", "Z", "PEER", 1, 5, 4, 5, 1, 3), oneItemEach("S1", "O1", "OTHER", 2, 2, 5, 2, 5, 1),
        oneItemEach("S1", "O2", "OTHER", 3, 1, 2, 3, 2, 3), oneItemEach("S1", "O3", "OTHER", 4, 4, 4, 4, 3, 5),
        oneItemEach("S1", "S1", "SELF", 4, 4, 2, 3, 2, 2), oneItemEach("S2", "S2", "SELF", 2, 2, 3, 3, 4, 4),
        oneItemEach("S3", "S3", "SELF", 1, 1, 4, 1, 2, 3));
    return latest.get(T1);
  }

  @Test
  void shouldHoldPeerCopiesOfSelfFormsOnceASelfRaterTookSelfOut() {
    // Review 117 the other way round: S1 withdraws their self-assessment (SELF {S1, S5, S6} out of the pool), S5's
    // and S6's self forms are sent again as PEER forms under K and W beside V's first peer form about S1, and the
    // originals withdrawn after: balance plus selfBalance, after less before, was V's leader less manager less S1's,
    // and S1 read what a peer said about them.
    start(ScoringConfig.defaults());
    script(oneItemEach("S1", "P1", "PEER", 2, 5, 1, 1, 4, 1), oneItemEach("S1", "P2", "PEER", 3, 4, 1, 1, 2, 2),
        oneItemEach("S1", "P3", "PEER", 5, 1, 3, 5, 5, 4), oneItemEach("S1", "S1", "SELF", 3, 2, 5, 1, 4, 5),
        oneItemEach("S5", "S5", "SELF", 1, 5, 2, 1, 2, 5), oneItemEach("S6", "S6", "SELF", 5, 1, 5, 1, 3, 5));

    script("wd S1 S1", oneItemEach("S5", "K", "PEER", 1, 5, 2, 1, 2, 5), oneItemEach("S6", "W", "PEER", 5, 1, 5, 1, 3,
        5), oneItemEach("S1", "V", "PEER", 5, 3, 3, 2, 5, 4), "wd S5 S5", "wd S6 S6");

    // V's (2, 1, 1) less S1's (1, 4, -1).
    long[] victimLessS1 = {1, -3, 2};
    assertNoTwoRecordsDifferInSelfPlusBalanceBy(victimLessS1);
  }

  @Test
  void shouldHoldPeerCopiesOfSelfFormsWhosePolesWouldPublishInTwoChanges() {
    // Found by review 120: S5's and S6's self-assessments withdrawn (SELF {S1, S5, S6} out of the pool) and sent again
    // as PEER forms under K5 and K6; V's first peer form about S1 answers the leader items only, and PEER's leader
    // part published {K5, K6, V} on its own; S1's peer form about S2, manager items only, then published the manager
    // part {K5, K6, S1}. Each change published one term of selfBalance plus balance, so no combination check read
    // it: the last record less the one before the withdrawals was V's leader answers less S1's own, and S1 read V's.
    peerCopiesOfSelfForms(WHOLE_COPIES[0], WHOLE_COPIES[1], "sub T1 S1 V PEER CHANGE_L1=5 FOCUS_L1=3 HORIZON_L1=5",
        "sub T1 S2 S1 PEER CHANGE_M1=2 FOCUS_M1=4 HORIZON_M1=1");
    // V's leader answers (5, 3, 5) less S1's peer manager answers (2, 4, 1) less S1's self (1, 4, -1).
    assertNoTwoRecordsDifferInSelfPlusBalanceBy(new long[] {2, -5, 5});
  }

  @Test
  void shouldHoldPeerCopiesOfSelfFormsBesideTheSubjectsOwnPeerForm() {
    // The same review's copies with S1's manager-only form first, which waits for the leader part, and V's first form
    // answering both poles: both PEER parts publish in one change, and the whole change read with SELF's withdrawals
    // is V's and S1's. S1, still in SELF, whose part leaves the records, was read as one rater more than those
    // pending (fewer than N less one), but S1 is among them.
    peerCopiesOfSelfForms(WHOLE_COPIES[0], WHOLE_COPIES[1], "sub T1 S2 S1 PEER CHANGE_M1=2 FOCUS_M1=4 HORIZON_M1=1",
        oneItemEach("S1", "V", "PEER", 5, 1, 3, 2, 5, 4));
    // V's leader less manager (4, 1, 1) less S1's peer manager answers (2, 4, 1) less S1's self (1, 4, -1).
    assertNoTwoRecordsDifferInSelfPlusBalanceBy(new long[] {1, -7, 1});
  }

  @Test
  void shouldHoldPeerCopiesOfSelfFormsSplitIntoLeaderAndManagerForms() {
    // Review 121: review 120's copies each split into a leader form (K5, K6) and a manager form (J5, J6) under new ids.
    // When V's leader-only form published PEER's leader part {K5, K6, V}, nothing was pending on the manager part to
    // read with it, and S1's manager-only form then published {J5, J6, S1} with nothing pending on the leader part.
    peerCopiesOfSelfForms("sub T1 S5 K5 PEER CHANGE_L1=1 FOCUS_L1=2 HORIZON_L1=2",
        "sub T1 S6 K6 PEER CHANGE_L1=5 FOCUS_L1=5 HORIZON_L1=3", "sub T1 S1 V PEER CHANGE_L1=5 FOCUS_L1=3 HORIZON_L1=5",
        "sub T1 S5 J5 PEER CHANGE_M1=5 FOCUS_M1=1 HORIZON_M1=5",
        "sub T1 S6 J6 PEER CHANGE_M1=1 FOCUS_M1=1 HORIZON_M1=5",
        "sub T1 S2 S1 PEER CHANGE_M1=2 FOCUS_M1=4 HORIZON_M1=1");
    assertNoTwoRecordsDifferInSelfPlusBalanceBy(new long[] {2, -5, 5});
  }

  @Test
  void shouldPublishLeaderOnlyPeerFormsBesideASelfRatersWithdrawal() {
    // Review 122: peers answer leader items only, so the pooled manager cells never show a mean; a self-rater's
    // withdrawal (SELF still in the pool) made the leader pole wait for a manager pole that could never publish.
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=3", "sub T1 S1 P2 PEER CHANGE_L1=4", "sub T1 S1 P3 PEER CHANGE_L1=2");
    for (int i = 1; i <= 6; i++) {
      script(oneItemEach("S" + i, "S" + i, "SELF", 1 + i % 5, 2, 3, 4, 5, 1 + i % 3));
    }
    assertThat(latest.get(T1).getPendingRaters()).as("all published before the withdrawal").isZero();

    script("wd S6 S6", "sub T1 S2 Q1 PEER CHANGE_L1=5", "sub T1 S2 Q2 PEER CHANGE_L1=1",
        "sub T1 S2 Q3 PEER CHANGE_L1=4");

    assertThat(latest.get(T1).getAxes().getChange().getLeader().getN()).as("the leader batch of Q1 to Q3").isEqualTo(6);
  }

  @Test
  void shouldPublishLeaderOnlyPeersAndManagerOnlyDirectReportsTogetherAfterASelfRatersWithdrawal() {
    // Review 125's liveness runs: while a self-rater's withdrawal is pending, a pooled pole waits for the other; where
    // peers answer leader items only and direct reports manager items only, no change touched both poles, and both
    // stayed where they were for 30 rounds. A pole whose own batch may be published now joins the other's change.
    start(ScoringConfig.defaults());
    for (int i = 1; i <= 6; i++) {
      script(oneItemEach("S" + i, "S" + i, "SELF", 1 + i % 5, 2 + i % 3, 4, 1 + i % 2, 5 - i % 4, 3),
          leaderOnly("P" + i, "PEER", i), managerOnly("D" + i, "DIRECT_REPORT", i));
    }
    assertThat(latest.get(T1).getPendingRaters()).as("all published before the withdrawal").isZero();

    script("wd S6 S6");
    for (int round = 1; round <= 3; round++) {
      script(leaderOnly("Q" + round, "PEER", 10 + round), managerOnly("E" + round, "DIRECT_REPORT", 20 + round));
    }

    AxisScores change = latest.get(T1).getAxes().getChange();
    assertThat(change.getLeader().getN()).as("CHANGE leader: P1 to P6, then Q1 to Q3").isEqualTo(9);
    assertThat(change.getManager().getN()).as("CHANGE manager: D1 to D6, then E1 to E3").isEqualTo(9);
  }

  /** A form about S1 scoring one leader item of each axis, its scores drawn from {@code seed}. */
  private static String leaderOnly(String rater, String group, int seed) {
    return String.format("sub T1 S1 %s %s CHANGE_L1=%d FOCUS_L1=%d HORIZON_L1=%d", rater, group, 1 + seed % 5,
        1 + seed * 3 % 5, 1 + seed * 7 % 5);
  }

  /** A form about S1 scoring one manager item of each axis, its scores drawn from {@code seed}. */
  private static String managerOnly(String rater, String group, int seed) {
    return String.format("sub T1 S1 %s %s CHANGE_M1=%d FOCUS_M1=%d HORIZON_M1=%d", rater, group, 1 + seed * 2 % 5,
        1 + seed * 4 % 5, 1 + seed * 9 % 5);
  }

  @Test
  void shouldHoldThePolesOfCopiesSplitBetweenAGroupUnderKAndOneThatLeaves() {
    // Review 125: SELF {S1, S2, S3} published, no pooled part; S2's and S3's self forms withdrawn and sent again in
    // halves, the manager answers into DIRECT_REPORT under k (J2, J3), the leader answers into OTHER (K2, K3) beside
    // V's leader-only form, which published the leader pole while the manager halves waited under k; K2's withdrawal
    // took OTHER out, and S1's manager-only form brought DIRECT_REPORT in and published the manager pole alone. The
    // record with the leader pole plus the last less the first with SELF, read through selfBalance plus balance, was
    // V's leader answers less S1's own.
    start(ScoringConfig.defaults());
    script(oneItemEach("S1", "S1", "SELF", 3, 2, 5, 1, 4, 5), oneItemEach("S2", "S2", "SELF", 1, 5, 2, 1, 2, 5),
        oneItemEach("S3", "S3", "SELF", 5, 1, 5, 1, 3, 5));
    assertThat(latest.get(T1).getPendingRaters()).as("SELF published").isZero();

    script("wd S2 S2", "wd S3 S3", "sub T1 S2 J2 DIRECT_REPORT CHANGE_M1=5 FOCUS_M1=1 HORIZON_M1=5",
        "sub T1 S3 J3 DIRECT_REPORT CHANGE_M1=1 FOCUS_M1=1 HORIZON_M1=5",
        "sub T1 S2 K2 OTHER CHANGE_L1=1 FOCUS_L1=2 HORIZON_L1=2",
        "sub T1 S3 K3 OTHER CHANGE_L1=5 FOCUS_L1=5 HORIZON_L1=3",
        "sub T1 S1 V OTHER CHANGE_L1=5 FOCUS_L1=3 HORIZON_L1=5", "wd S2 K2",
        "sub T1 S2 S1 DIRECT_REPORT CHANGE_M1=2 FOCUS_M1=4 HORIZON_M1=1");

    // V's leader answers (5, 3, 5) less S1's manager answers (2, 4, 1) less S1's self (1, 4, -1).
    long[] victimLessS1 = {2, -5, 5};
    for (Axis axis : Axis.values()) {
      List<long[]> records = new ArrayList<>();
      records.add(selfPlusBalanceSums(beforeScript, axis));
      published.get(T1).forEach(record -> records.add(selfPlusBalanceSums(record, axis)));
      for (int a = 0; a < records.size(); a++) {
        for (int b = 0; b < records.size(); b++) {
          for (int c = 0; c < records.size(); c++) {
            if (a != c && b != c && records.get(a) != null && records.get(b) != null && records.get(c) != null) {
              long combined = records.get(a)[1] + (a == b ? 0 : records.get(b)[1]) - records.get(c)[1];
              assertThat(combined).as("%s: record %d plus record %d less record %d", axis, a, b, c)
                  .isNotEqualTo(victimLessS1[axis.ordinal()]);
            }
          }
        }
      }
    }
  }

  @Test
  void shouldNotPublishSelfsPartUnderKWhereNIsBelowK() {
    // Review 124 (k = 4, N = 3): S2 to S7 withdrew their self forms, and SELF's part {S1 corrected, S20, S21}, three
    // counted changes under k, published where no record showed it; every later check read SELF against that part.
    // S2's to S7's forms copied into PEER under K2 to K7 beside V's form then published, and the last record less the
    // one before the withdrawals was V's leader less manager answers less S1's first.
    start(new ScoringConfig(4, 3));
    String[] selfForms = {oneItemEach("S1", "S1", "SELF", 3, 2, 5, 1, 4, 5),
        oneItemEach("S2", "S2", "SELF", 1, 5, 2, 1, 2, 5), oneItemEach("S3", "S3", "SELF", 5, 1, 5, 1, 3, 5),
        oneItemEach("S4", "S4", "SELF", 2, 2, 4, 3, 1, 1), oneItemEach("S5", "S5", "SELF", 4, 3, 3, 5, 2, 4),
        oneItemEach("S6", "S6", "SELF", 5, 5, 1, 2, 4, 3), oneItemEach("S7", "S7", "SELF", 1, 2, 2, 4, 5, 1)};
    script(Arrays.copyOf(selfForms, 4));
    assertThat(latest.get(T1).getPendingRaters()).as("SELF's first part stands on the four who show it").isZero();
    script(Arrays.copyOfRange(selfForms, 4, 7));
    assertThat(latest.get(T1).getPendingRaters()).as("SELF published").isZero();

    List<String> lines = new ArrayList<>(List.of("wd S2 S2", "wd S3 S3", "wd S4 S4", "wd S5 S5", "wd S6 S6",
        "wd S7 S7", oneItemEach("S1", "S1", "SELF", 4, 4, 2, 2, 3, 3),
        oneItemEach("S20", "S20", "SELF", 1, 3, 4, 2, 5, 5), oneItemEach("S21", "S21", "SELF", 2, 1, 3, 3, 1, 4)));
    for (int s = 2; s <= 7; s++) {
      lines.add(selfForms[s - 1].replace("S" + s + " S" + s + " SELF", "S" + s + " K" + s + " PEER"));
      if (s == 2) {
        lines.add(oneItemEach("S1", "V", "PEER", 5, 1, 3, 2, 5, 4));
      }
    }
    script(lines.toArray(String[]::new));

    // V's leader less manager (4, 1, 1) less S1's first (1, 4, -1), read where selfBalance stands on every self-rater
    // counted (none pending: S2 to S7's withdrawals leave a selfBalance of seven beside four self-raters).
    long[] victimLessS1 = {3, -3, 2};
    for (Axis axis : Axis.values()) {
      assertNoTwoRecordsDifferBy(record -> record.getPendingRaters() > 0 && axisOf(record, axis).getSelfBalance()
          != null ? null : selfPlusBalanceSums(record, axis), axis + " selfBalance plus balance",
          new long[] {0, victimLessS1[axis.ordinal()], 0});
    }
  }

  @Test
  void shouldHoldPeerCopiesOfSelfFormsWhereNoPooledManagerPartWasPublished() {
    // Review 123: review 120's copies where SELF published before any pooled group. A pole that no record had shown did
    // not count as one that will (review 122), so PEER's leader part {K5, K6, V} published alone, and then the
    // manager part {K5, K6, S1} alone, the leader pole being no SELF combination's pole either when it had published:
    // the record after less the first with SELF, whose pooled manager cells show n = 0, was V's leader answers less
    // S1's own.
    start(ScoringConfig.defaults());
    selfFormsCopiedIntoPeer(WHOLE_COPIES[0], WHOLE_COPIES[1], "sub T1 S1 V PEER CHANGE_L1=5 FOCUS_L1=3 HORIZON_L1=5",
        "sub T1 S2 S1 PEER CHANGE_M1=2 FOCUS_M1=4 HORIZON_M1=1");
    // V's leader answers (5, 3, 5) less S1's peer manager answers (2, 4, 1) less S1's self (1, 4, -1).
    assertNoTwoRecordsDifferInSelfPlusBalanceBy(new long[] {2, -5, 5});
  }

  @Test
  void shouldHoldPeerCopiesOfSelfFormsBesideLeaderOnlyPeers() {
    // Review 123's other order: PEER {P1, P2, P3} published before SELF, leader items only, so the pooled manager
    // cells showed n = 0 and no manager part had been published.
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=2 FOCUS_L1=1 HORIZON_L1=4",
        "sub T1 S1 P2 PEER CHANGE_L1=3 FOCUS_L1=1 HORIZON_L1=2",
        "sub T1 S1 P3 PEER CHANGE_L1=5 FOCUS_L1=3 HORIZON_L1=5");
    selfFormsCopiedIntoPeer(WHOLE_COPIES[0], WHOLE_COPIES[1], "sub T1 S1 V PEER CHANGE_L1=5 FOCUS_L1=3 HORIZON_L1=5",
        "sub T1 S2 S1 PEER CHANGE_M1=2 FOCUS_M1=4 HORIZON_M1=1");
    assertNoTwoRecordsDifferInSelfPlusBalanceBy(new long[] {2, -5, 5});
  }

  /**
   * SELF {S1, S5, S6} published, S5's and S6's self forms withdrawn, then the {@code forms} in the last {@link
   * #script}.
   */
  private void selfFormsCopiedIntoPeer(String... forms) {
    script(oneItemEach("S1", "S1", "SELF", 3, 2, 5, 1, 4, 5), oneItemEach("S5", "S5", "SELF", 1, 5, 2, 1, 2, 5),
        oneItemEach("S6", "S6", "SELF", 5, 1, 5, 1, 3, 5));
    assertThat(latest.get(T1).getPendingRaters()).as("all published before the attack").isZero();
    List<String> lines = new ArrayList<>(List.of("wd S5 S5", "wd S6 S6"));
    lines.addAll(List.of(forms));
    script(lines.toArray(String[]::new));
  }

  /** S5's and S6's self forms sent again as PEER forms under K5 and K6 (review 120). */
  private static final String[] WHOLE_COPIES = {oneItemEach("S5", "K5", "PEER", 1, 5, 2, 1, 2, 5),
      oneItemEach("S6", "K6", "PEER", 5, 1, 5, 1, 3, 5)};

  /**
   * Review 120's sequence: PEER P1 to P3 and SELF {S1, S5, S6} shown, S5's and S6's self forms withdrawn, then the
   * {@code forms} (their copies, V's form about S1 and S1's manager answers about S2) in the last {@link #script}.
   */
  private void peerCopiesOfSelfForms(String... forms) {
    start(ScoringConfig.defaults());
    script(oneItemEach("S1", "P1", "PEER", 2, 5, 1, 1, 4, 1), oneItemEach("S1", "P2", "PEER", 3, 4, 1, 1, 2, 2),
        oneItemEach("S1", "P3", "PEER", 5, 1, 3, 5, 5, 4), oneItemEach("S1", "S1", "SELF", 3, 2, 5, 1, 4, 5),
        oneItemEach("S5", "S5", "SELF", 1, 5, 2, 1, 2, 5), oneItemEach("S6", "S6", "SELF", 5, 1, 5, 1, 3, 5));
    assertThat(latest.get(T1).getPendingRaters()).as("all published before the attack").isZero();

    List<String> lines = new ArrayList<>(List.of("wd S5 S5", "wd S6 S6"));
    lines.addAll(List.of(forms));
    script(lines.toArray(String[]::new));
  }

  /**
   * A response in T1 scoring one item of each pole of every axis, in the order CHANGE leader, CHANGE manager, FOCUS
   * leader and so on, as a {@link #script} line.
   */
  private static String oneItemEach(String subject, String rater, String group, int... items) {
    return form(1, subject, rater, group, items);
  }

  /**
   * Asserts that no two of T1's records, the one before the last {@link #script} and those it published, differ in
   * any axis's {@link #selfPlusBalanceSums} by that axis's value of {@code perAxis} (CHANGE, FOCUS, HORIZON).
   */
  private void assertNoTwoRecordsDifferInSelfPlusBalanceBy(long[] perAxis) {
    for (Axis axis : Axis.values()) {
      assertNoTwoRecordsDifferBy(record -> selfPlusBalanceSums(record, axis), axis + " selfBalance plus balance",
          new long[] {0, perAxis[axis.ordinal()], 0});
    }
  }

  /**
   * An axis's SELF leader sum less manager sum (selfBalance times the self-raters where each answers one item a pole;
   * nothing where selfBalance is not shown) plus the pooled leader sum less the manager sum, as {0, that, 0}; null
   * where a pooled cell shows no mean.
   */
  private static AxisScores axisOf(TeamScores team, Axis axis) {
    return switch (axis) {
      case CHANGE -> team.getAxes().getChange();
      case FOCUS -> team.getAxes().getFocus();
      case HORIZON -> team.getAxes().getHorizon();
    };
  }

  private static long[] selfPlusBalanceSums(TeamScores team, Axis axis) {
    AxisScores scores = axisOf(team, axis);
    long[] leader = totals(scores.getLeader());
    long[] manager = totals(scores.getManager());
    if (leader == null || manager == null) {
      return null;
    }
    long self = scores.getSelfBalance() == null ? 0
        : Math.round(scores.getSelfBalance() * team.getRaters().getSelf());
    return new long[] {0, self + leader[1] - manager[1], 0};
  }

  /** The twenty-sixth review's setup: PEER P1 to P5 and Y (two subjects), OTHER A, B and C, all published. */
  private static final String[] ROUND_TRIP_SETUP = {"sub T1 S1 P1 PEER CHANGE_L1=1", "sub T1 S1 P2 PEER CHANGE_L1=3",
      "sub T1 S1 P3 PEER CHANGE_L1=5", "sub T1 S1 Y PEER CHANGE_L1=5 CHANGE_L2=4", "sub T1 S2 Y PEER CHANGE_L1=4",
      "sub T1 S1 P4 PEER CHANGE_L1=4 CHANGE_L2=4", "sub T1 S1 P5 PEER CHANGE_L1=3 CHANGE_L2=3",
      "sub T1 S1 A OTHER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S1 B OTHER CHANGE_L1=2 CHANGE_L2=1",
      "sub T1 S1 C OTHER CHANGE_L1=5"};

  /**
   * Asserts that no two of T1's records, the one before the last {@link #script} and those it published, differ in
   * CHANGE leader's count, sum and squares by {@code difference}.
   */
  private void assertNoTwoRecordsDifferInChangeLeaderBy(long[] difference) {
    assertNoTwoRecordsDifferBy(record -> totals(changeLeader(record)), "CHANGE leader", difference);
  }

  /**
   * Asserts that no two of T1's records, the one before the last {@link #script} and those it published, differ by
   * {@code difference} as {@code reading} reads them (null: nothing to read).
   */
  private void assertNoTwoRecordsDifferBy(Function<TeamScores, long[]> reading, String what, long[] difference) {
    assertThat(published.get(T1)).as("records of T1").isNotEmpty();
    List<long[]> records = new ArrayList<>();
    records.add(reading.apply(beforeScript));
    published.get(T1).forEach(record -> records.add(reading.apply(record)));
    for (int i = 0; i < records.size(); i++) {
      for (int j = i + 1; j < records.size(); j++) {
        long[] first = records.get(i);
        long[] second = records.get(j);
        if (first != null && second != null) {
          assertThat(new long[] {second[0] - first[0], second[1] - first[1], second[2] - first[2]})
              .as("%s of record %d less record %d", what, j, i).isNotEqualTo(difference);
        }
      }
    }
  }

  @Test
  void shouldPublishCellsThatAnswersMovedBetweenThemLinkOnlyTogether() {
    // Found by the twenty-seventh review: the twenty-fourth review's copies beside P1 and P2 moving answers between
    // CHANGE and FOCUS, with V answering CHANGE first and FOCUS in a second save. Each change published one cell, so
    // no combination was checked; once OTHER left, the leader cells summed, less the record's before the copies,
    // were V's answers (2, 3, 5): 1 and 2. The cells a pending move links publish in one change.
    start(ScoringConfig.defaults());
    script(MOVED_COPIES_SETUP);
    script(movedCopies("sub T1 S1 V PEER CHANGE_L1=1", "sub T1 S1 V PEER CHANGE_L1=1 FOCUS_L1=2"));

    assertNoTwoRecordsDifferBy(PublicationRuleTest::leadersSummed, "CHANGE and FOCUS leader summed",
        new long[] {2, 3, 5});
  }

  @Test
  void shouldPublishCellsThatAnswersMovedBetweenThemLinkOnlyTogetherAfterARekey() {
    // The same review: V answers once, but FOCUS waits (one counted rater) until HR re-keys Y's two forms one new id
    // each, which publishes FOCUS alone; once OTHER left, the leader cells summed were V's 5 and 4: (2, 9, 41).
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=4 FOCUS_L1=4", "sub T1 S1 P2 PEER CHANGE_L1=5 FOCUS_L1=2",
        "sub T1 S1 Y PEER CHANGE_L1=3 FOCUS_L1=1", "sub T1 S2 Y PEER CHANGE_L1=1 FOCUS_L1=1",
        "sub T1 S1 P3 PEER CHANGE_L1=5 FOCUS_L1=3", "sub T1 S1 P4 PEER CHANGE_L1=2 FOCUS_L1=3",
        "sub T1 S1 W OTHER CHANGE_L1=5", "sub T1 S1 O2 OTHER CHANGE_L1=5", "sub T1 S1 O3 OTHER CHANGE_L1=4");
    script("sub T1 S1 P1 PEER FOCUS_L1=4 FOCUS_L2=4", "sub T1 S1 P2 PEER CHANGE_L1=5 CHANGE_L2=2",
        "sub T1 S1 Wx PEER CHANGE_L1=5", "sub T1 S1 O2x PEER CHANGE_L1=5", "sub T1 S1 O3x PEER CHANGE_L1=4",
        "sub T1 S1 V PEER CHANGE_L1=5 FOCUS_L1=4", "wd S1 Y", "wd S2 Y", "sub T1 S1 Y2 PEER CHANGE_L1=3 FOCUS_L1=1",
        "sub T1 S2 Y3 PEER CHANGE_L1=1 FOCUS_L1=1", "wd S1 W", "wd S1 O2", "wd S1 O3");

    assertNoTwoRecordsDifferBy(PublicationRuleTest::leadersSummed, "CHANGE and FOCUS leader summed",
        new long[] {2, 9, 41});
  }

  @Test
  void shouldReadAGroupThatPublishesInTheSameChangeAsLeavingAfterIt() {
    // Found by the twenty-eighth review: beside OTHER's forms copied into PEER, two answers moved between CHANGE and
    // FOCUS and V's answer, X sends its PEER form again as OTHER with an answer edited, which publishes PEER's two
    // cells and OTHER's CHANGE in one change. The combination's copies check skipped OTHER, which publishes; once
    // OTHER's raters were withdrawn, the leader cells summed, less those before the copies, were V's 3 and 3: (2, 6,
    // 18). A group that publishes is also read as leaving after the change.
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 P2 PEER FOCUS_L1=4 FOCUS_L2=4",
        "sub T1 S1 P3 PEER CHANGE_L1=5 FOCUS_L1=5", "sub T1 S1 P4 PEER CHANGE_L1=1 FOCUS_L1=4",
        "sub T1 S1 W OTHER CHANGE_L1=5 FOCUS_L1=4", "sub T1 S1 O2 OTHER CHANGE_L1=3 FOCUS_L1=4",
        "sub T1 S1 O3 OTHER CHANGE_L1=3 FOCUS_L1=5");
    script("sub T1 S1 P1 PEER FOCUS_L1=5 FOCUS_L2=2", "sub T1 S1 P2 PEER CHANGE_L1=4 CHANGE_L2=4",
        "sub T1 S1 Wx PEER CHANGE_L1=5 FOCUS_L1=4", "sub T1 S1 O2x PEER CHANGE_L1=3 FOCUS_L1=4",
        "sub T1 S1 O3x PEER CHANGE_L1=3 FOCUS_L1=5", "sub T1 S1 V PEER CHANGE_L1=3 FOCUS_L1=3",
        "sub T1 S1 X PEER CHANGE_L1=1 FOCUS_L1=5", "sub T1 S1 N1 OTHER CHANGE_L1=2 FOCUS_L1=5",
        "sub T1 S1 N2 OTHER CHANGE_L1=2 FOCUS_L1=3", "sub T1 S1 X OTHER CHANGE_L1=2 FOCUS_L1=5", "wd S1 W", "wd S1 O2",
        "wd S1 O3", "wd S1 X");

    assertNoTwoRecordsDifferBy(PublicationRuleTest::leadersSummed, "CHANGE and FOCUS leader summed",
        new long[] {2, 6, 18});
  }

  @Test
  void shouldHoldCopiesBesideARekeyWithAnEdit() {
    // Found by the twenty-ninth review: X withdraws and HR copies OTHER's forms into PEER; V answers; X's form comes
    // back under a new id, edited. The copies check's target, V + X2 - X, took three changes of two people, so no one
    // or two raters made it and PEER published; once OTHER's raters were withdrawn, the cell less the record's before
    // the copies was (2, 16, 82), and X, who knows X and X2, read V's 3 and 5. The target less the uncounted changes
    // (X's withdrawal) is searched too.
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=4 CHANGE_L2=3", "sub T1 S1 P2 PEER CHANGE_L1=1 CHANGE_L2=3",
        "sub T1 S1 P3 PEER CHANGE_L1=5 CHANGE_L2=1", "sub T1 S1 X PEER CHANGE_L1=1 CHANGE_L2=1",
        "sub T1 S1 P4 PEER CHANGE_L1=2 CHANGE_L2=5", "sub T1 S1 P5 PEER CHANGE_L1=3 CHANGE_L2=4",
        "sub T1 S1 W OTHER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 O2 OTHER CHANGE_L1=5 CHANGE_L2=5",
        "sub T1 S1 O3 OTHER CHANGE_L1=5 CHANGE_L2=2");
    script("wd S1 X", "sub T1 S1 Wx PEER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 O2x PEER CHANGE_L1=5 CHANGE_L2=5",
        "sub T1 S1 O3x PEER CHANGE_L1=5 CHANGE_L2=2", "sub T1 S1 V PEER CHANGE_L1=3 CHANGE_L2=5",
        "sub T1 S1 X2 PEER CHANGE_L1=5 CHANGE_L2=5", "wd S1 W", "wd S1 O2", "wd S1 O3");

    assertNoTwoRecordsDifferInChangeLeaderBy(new long[] {2, 16, 82});
  }

  @Test
  void shouldNotReadAGroupInThePoolEverSinceAsComingBack() {
    // OTHER {O1, O2, O3} is in the pool from before PEER's part was published and stays in it. PEER's three
    // corrections, (0, -5, -29) together, plus OTHER's part (3, 6, 12) would be P3's sum: a record from while OTHER was
    // out of the pool, compared with one after this batch, would differ so. No record since PEER's part was published
    // is such, so the batch publishes; before the rule knew it, it waited.
    assertThat(steadyCorrections()).as("PEER's batch published").containsExactly(6, 13, 33);
  }

  @Test
  void shouldReadAGroupOutOfThePoolSincePublicationAsComingBack() {
    // The same batch, with OTHER out of the pool at a record since PEER's part was published (O3 withdrawn and sent
    // again): a record from then less one after the batch would be P3's sum, so the batch waits.
    assertThat(steadyCorrections("wd S1 O3", "sub T1 S1 O3 OTHER CHANGE_L1=2")).as("PEER's batch held")
        .containsExactly(6, 18, 62);
  }

  /**
   * OTHER O1 to O3 and then PEER P1 to P3 published, the {@code between} lines, then PEER's three corrections;
   * returns CHANGE leader's totals after them.
   */
  private long[] steadyCorrections(String... between) {
    start(ScoringConfig.defaults());
    List<String> setup = new ArrayList<>(List.of("sub T1 S1 O1 OTHER CHANGE_L1=2", "sub T1 S1 O2 OTHER CHANGE_L1=2",
        "sub T1 S1 O3 OTHER CHANGE_L1=2", "sub T1 S1 P1 PEER CHANGE_L1=5", "sub T1 S1 P2 PEER CHANGE_L1=4",
        "sub T1 S1 P3 PEER CHANGE_L1=3"));
    setup.addAll(List.of(between));
    script(setup.toArray(String[]::new));
    assertThat(totals(changeLeader(latest.get(T1)))).as("both groups shown").containsExactly(6, 18, 62);

    script("sub T1 S1 P1 PEER CHANGE_L1=2", "sub T1 S1 P2 PEER CHANGE_L1=1", "sub T1 S1 P3 PEER CHANGE_L1=4");
    return totals(changeLeader(latest.get(T1)));
  }

  @Test
  void shouldReadAGroupWhosePartWasNotShownAsComingBack() {
    // Found by the thirty-second review of the rule above: OTHER is in the pool by its FOCUS answers alone, showing no
    // CHANGE part, while PEER's is published. Z1's three forms and Z2's are withdrawn and sent into OTHER, one new id
    // each, which publishes OTHER's CHANGE part (Z1 + Z2); Y is re-keyed the same way and V answers, and PEER's batch
    // nets V less (Z1 + Z2). Read as in the records ever since PEER's part was published, OTHER was never read as
    // come back, and the record after V less the one before the re-keys was V's (2, 9, 41). A group shows a part in a
    // record only with a published part there and the cell's mean shown, and a group that publishes a part is no
    // longer read as shown all along.
    start(ScoringConfig.defaults());
    script("sub T1 S1 D OTHER FOCUS_L1=2", "sub T1 S1 E OTHER FOCUS_L1=4", "sub T1 S1 F OTHER FOCUS_L1=5",
        "sub T1 S1 Y PEER CHANGE_L1=1 CHANGE_L2=1", "sub T1 S2 Y PEER CHANGE_L1=5", "sub T1 S1 P1 PEER CHANGE_L1=1",
        "sub T1 S1 P2 PEER CHANGE_L1=3", "sub T1 S1 Z1 PEER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S2 Z1 PEER CHANGE_L1=2",
        "sub T1 S3 Z1 PEER CHANGE_L1=4 CHANGE_L2=1", "sub T1 S1 Z2 PEER CHANGE_L1=1 CHANGE_L2=4",
        "sub T1 S1 P3 PEER CHANGE_L1=5");
    script("wd S1 Z1", "wd S2 Z1", "wd S3 Z1", "wd S1 Z2", "sub T1 S1 Z2a OTHER CHANGE_L1=1 CHANGE_L2=4",
        "sub T1 S1 Z1a OTHER CHANGE_L1=3 CHANGE_L2=5", "sub T1 S2 Z1b OTHER CHANGE_L1=2",
        "sub T1 S3 Z1c OTHER CHANGE_L1=4 CHANGE_L2=1", "wd S1 Y", "wd S2 Y",
        "sub T1 S1 Y2 PEER CHANGE_L1=1 CHANGE_L2=1", "sub T1 S2 Y3 PEER CHANGE_L1=5",
        "sub T1 S1 V PEER CHANGE_L1=5 CHANGE_L2=4");

    assertNoTwoRecordsDifferInChangeLeaderBy(new long[] {2, 9, 41});
  }

  @Test
  void shouldNotLetSelfBalanceMoveByOneSelfRaterWhereThePolesCountsDiffer() {
    // Found by the thirty-fifth review: every self form answers two CHANGE leader items and one manager item, so a
    // reader who knows the form knows the counts (twice as many leader scores as manager ones) and reads raters.SELF
    // times selfBalance as the leader sum halved less the manager sum. S1 and S2 raise every answer by one, which moves
    // that by nothing, beside S7's first self-rating: seven times the new selfBalance less six times the old was S7's
    // leader mean less manager mean, 2.5. Each change is also read weighted by the poles' counts; the batch waits.
    raisesBesideAFirstAnswer(RaterGroup.SELF, axes -> axes.getChange().getSelfBalance());
  }

  @Test
  void shouldNotLetTwoAxesSelfBalancesMoveByOneSelfRaterWhereThePolesCountsDiffer() {
    // The thirty-fifth review's reading, over two axes: every self form answers one CHANGE item of each pole and two
    // FOCUS items of each, so raters.SELF times (CHANGE selfBalance + FOCUS selfBalance) is the CHANGE leader sum less
    // the manager sum plus half the FOCUS leader sum less the manager sum. S1 and S2 correct every SELF pole so that
    // each axis's selfBalance moves, and the two summed or subtracted, but that mix does not; beside S7's first
    // self-rating, seven times the new mix less six times the old was S7's own figure, 4.
    start(ScoringConfig.defaults());
    script("sub T1 S0 P1 PEER CHANGE_L1=4 CHANGE_M1=4 FOCUS_L1=2 FOCUS_M1=3",
        "sub T1 S0 P2 PEER CHANGE_L1=4 CHANGE_M1=1 FOCUS_L1=5 FOCUS_M1=1",
        "sub T1 S0 P3 PEER CHANGE_L1=4 CHANGE_M1=1 FOCUS_L1=3 FOCUS_M1=4",
        "sub T1 S1 S1 SELF CHANGE_L1=5 CHANGE_M1=3 FOCUS_L1=3 FOCUS_L2=2 FOCUS_M1=5 FOCUS_M2=5",
        "sub T1 S2 S2 SELF CHANGE_L1=5 CHANGE_M1=4 FOCUS_L1=4 FOCUS_L2=5 FOCUS_M1=5 FOCUS_M2=5",
        "sub T1 S3 S3 SELF CHANGE_L1=2 CHANGE_M1=1 FOCUS_L1=4 FOCUS_L2=5 FOCUS_M1=2 FOCUS_M2=3",
        "sub T1 S4 S4 SELF CHANGE_L1=4 CHANGE_M1=5 FOCUS_L1=1 FOCUS_L2=2 FOCUS_M1=5 FOCUS_M2=4",
        "sub T1 S5 S5 SELF CHANGE_L1=3 CHANGE_M1=2 FOCUS_L1=5 FOCUS_L2=1 FOCUS_M1=3 FOCUS_M2=2",
        "sub T1 S6 S6 SELF CHANGE_L1=4 CHANGE_M1=4 FOCUS_L1=2 FOCUS_L2=2 FOCUS_M1=2 FOCUS_M2=1");
    double before = selfBalancesMixed(latest.get(T1));

    script("sub T1 S1 S1 SELF CHANGE_L1=1 CHANGE_M1=2 FOCUS_L1=2 FOCUS_L2=1 FOCUS_M1=1 FOCUS_M2=1",
        "sub T1 S2 S2 SELF CHANGE_L1=1 CHANGE_M1=1 FOCUS_L1=1 FOCUS_L2=2 FOCUS_M1=1 FOCUS_M2=1",
        "sub T1 S7 S7 SELF CHANGE_L1=3 CHANGE_M1=2 FOCUS_L1=5 FOCUS_L2=4 FOCUS_M1=2 FOCUS_M2=1");

    assertThat(published.get(T1)).allSatisfy(record -> assertThat(7 * selfBalancesMixed(record) - 6 * before)
        .as("S7's CHANGE and FOCUS leader means less manager means, summed").isNotCloseTo(4.0, within(EXACT)));

    // Two more first self-ratings, and the batch is published with them.
    script("sub T1 S8 S8 SELF CHANGE_L1=3 CHANGE_M1=3 FOCUS_L1=5 FOCUS_L2=4 FOCUS_M1=1 FOCUS_M2=3",
        "sub T1 S9 S9 SELF CHANGE_L1=2 CHANGE_M1=5 FOCUS_L1=2 FOCUS_L2=3 FOCUS_M1=4 FOCUS_M2=5");
    assertThat(latest.get(T1).getPendingRaters()).as("raters pending").isZero();
    assertThat(9 * selfBalancesMixed(latest.get(T1)) - 6 * before).isNotCloseTo(4.0, within(EXACT));
  }

  @Test
  void shouldNotLetSelfRatersRaisesSplitOverTwoBatchesCancelInSelfBalance() {
    // Found by the thirty-sixth review: every self form answers two CHANGE leader items and one manager item, so the
    // poles' counts are 12 and 6 for six self-raters. S1 and S2 raise every answer by one (each moves the leader sum
    // by 2 and the manager sum by 1: selfBalance by nothing), V corrects leader items only and W, the attacker,
    // manager items only: one batch published the leader part {S1, S2, V}, the next the manager part {S1, S2, W}, and
    // 12 times the change of selfBalance between the record before and the one after both, plus twice W's own +3,
    // was V's leader change, -3. A self-rater whose means moved alike now counts nowhere on those cells.
    raisesSplitOverTwoBatches(RaterGroup.SELF, axes -> axes.getChange().getSelfBalance());
  }

  @Test
  void shouldPublishAnAxisSelfPolesTogetherWhereSelfFormsDifferInShape() {
    // The thirty-sixth review's split over two batches, with self forms of different shapes: the team's SELF counts
    // are 12 leader and 8 manager scores, so 24 times selfBalance is twice the leader sum less three times the
    // manager sum. S1 and S2 (two leader items, one manager item) raise their leader sum by 3 and their manager sum
    // by 2: selfBalance moves by nothing, though neither their own form's means nor its sums moved alike. V corrects
    // leader items only and W, the attacker, manager items only. Published one pole per batch, 24 times the change of
    // selfBalance across both plus three times W's +3 would be twice V's leader change, -4. An axis's SELF poles now
    // publish together where both have raters pending, and that batch is read at the team's counts.
    selfFormsOfTwoShapes("CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3 CHANGE_M2=3", "CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=2");
    double before = latest.get(T1).getAxes().getChange().getSelfBalance();

    script("sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=4 CHANGE_M1=3",
        "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=4",
        "sub T1 S3 V SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=3 CHANGE_M2=3",
        "sub T1 S6 W SELF CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=5");

    assertThat(published.get(T1)).allSatisfy(record -> assertThat(
        (24 * (record.getAxes().getChange().getSelfBalance() - before) + 3 * 3) / 2).as("V's leader change")
        .isNotCloseTo(-4.0, within(EXACT)));

    // One more first self-rating, and the batch is published with it.
    script("sub T1 S7 S7 SELF CHANGE_L1=2 CHANGE_L2=5 CHANGE_M1=1");
    assertThat(latest.get(T1).getPendingRaters()).as("raters pending").isZero();
  }

  @Test
  void shouldNotLetBalanceMoveByOneRaterWhereThePolesCountsDiffer() {
    // The thirty-fifth review's reading of a pooled group: every peer form answers two CHANGE leader items and one
    // manager item, so a reader knows the counts (twice as many leader scores as manager ones) and reads raters.PEER
    // times balance as the leader sum halved less the manager sum. P1 and P2 raise every answer by one, which moves
    // that by nothing, beside P7's first answer: seven times the new balance less six times the old would be P7's
    // leader mean less manager mean, 2.5. Balance is read as a difference of means too; the batch waits.
    raisesBesideAFirstAnswer(RaterGroup.PEER, axes -> axes.getChange().getBalance());
  }

  /**
   * The thirty-fifth review's sequence in {@code group} (SELF: each rater rates themself, beside three peers; else
   * they rate S1): six raters answer two CHANGE leader items and one manager item, then two of them raise every answer
   * by one beside a seventh's first answer. No record may give that rater's leader mean less manager mean, 2.5, as
   * seven times the new {@code figure} less six times the one before.
   */
  private void raisesBesideAFirstAnswer(RaterGroup group, Function<AxesScores, Double> figure) {
    String[] forms = {"CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=4", "CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=3",
        "CHANGE_L1=2 CHANGE_L2=5 CHANGE_M1=1", "CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=5",
        "CHANGE_L1=3 CHANGE_L2=1 CHANGE_M1=2", "CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=4",
        // the raises of the first two, and the seventh's first answer
        "CHANGE_L1=4 CHANGE_L2=3 CHANGE_M1=5", "CHANGE_L1=2 CHANGE_L2=2 CHANGE_M1=4",
        "CHANGE_L1=4 CHANGE_L2=5 CHANGE_M1=2"};
    String[] lines = startWithLines(group, new String[] {"1", "2", "3", "4", "5", "6", "1", "2", "7"}, forms);
    script(Arrays.copyOf(lines, 6));
    Double before = figure.apply(latest.get(T1).getAxes());
    assertThat(before).as("six raters shown").isCloseTo(-0.5, within(EXACT));

    script(Arrays.copyOfRange(lines, 6, lines.length));

    assertThat(published.get(T1)).allSatisfy(record -> assertThat(7 * figure.apply(record.getAxes()) - 6 * before)
        .as("the seventh's leader mean less manager mean").isNotCloseTo(2.5, within(EXACT)));
  }

  @Test
  void shouldReadBalanceAtTheTeamsCountsWherePeerFormsDifferInShape() {
    // Peer forms of different shapes: the team's CHANGE counts are 12 leader and 8 manager scores, so 24 times balance
    // is twice the leader sum less three times the manager sum. P1 and P2 (two leader items, one manager item) raise
    // their leader sum by 3 and their manager sum by 2, which moves balance by nothing at the team's counts, though
    // not at their own form's; beside them V lowers a leader item by 2 and raises a manager item by 3. Published in one
    // batch, 24 times the change of balance would be V's figure, 2 x -2 - 3 x 3 = -13. Balance is read as a difference
    // of means at the team's counts; the batch waits.
    start(ScoringConfig.defaults());
    script("sub T1 S1 P1 PEER CHANGE_L1=1 CHANGE_L2=2 CHANGE_M1=1",
        "sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=1 CHANGE_M1=2",
        "sub T1 S1 P3 PEER CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3 CHANGE_M2=3",
        "sub T1 S1 P4 PEER CHANGE_L1=5 CHANGE_L2=1 CHANGE_M1=2 CHANGE_M2=4",
        "sub T1 S1 P5 PEER CHANGE_L1=1 CHANGE_L2=3 CHANGE_M1=5",
        "sub T1 S1 V PEER CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=2");
    double before = latest.get(T1).getAxes().getChange().getBalance();

    script("sub T1 S1 P1 PEER CHANGE_L1=2 CHANGE_L2=4 CHANGE_M1=3",
        "sub T1 S1 P2 PEER CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=4",
        "sub T1 S1 V PEER CHANGE_L1=1 CHANGE_L2=2 CHANGE_M1=5");

    assertThat(published.get(T1)).allSatisfy(record -> assertThat(
        24 * (record.getAxes().getChange().getBalance() - before)).as("V's figure")
        .isNotCloseTo(-13.0, within(EXACT)));
  }

  @Test
  void shouldNotLetPeersRaisesSplitOverTwoBatchesCancelInBalance() {
    // The thirty-sixth review's split, in a pooled group: every peer form answers two CHANGE leader items and one
    // manager item (counts 12 and 6). P1 and P2 raise every answer by one, V corrects leader items only and W manager
    // items only; published as a leader batch and a manager batch, 12 times the change of balance across both plus
    // twice W's +3 would be V's leader change, -3. A key whose means moved alike counts nowhere on those cells.
    raisesSplitOverTwoBatches(RaterGroup.PEER, axes -> axes.getChange().getBalance());
  }

  /**
   * Starts the topology and returns one "sub" line per form, in {@code group}: under SELF (beside three peers, sent
   * now) each rater rates themself, the subject numbered by the rater's first place in {@code raters}; otherwise they
   * rate S1. A rater named by a digit is numbered with the group's letter (S or P).
   */
  private String[] startWithLines(RaterGroup group, String[] raters, String[] forms) {
    start(ScoringConfig.defaults());
    boolean self = group == RaterGroup.SELF;
    if (self) {
      script("sub T1 S0 P1 PEER CHANGE_L1=4 CHANGE_L2=3 CHANGE_M1=4 CHANGE_M2=3",
          "sub T1 S0 P2 PEER CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=1 CHANGE_M2=1",
          "sub T1 S0 P3 PEER CHANGE_L1=4 CHANGE_L2=1 CHANGE_M1=1 CHANGE_M2=3");
    }
    String[] lines = new String[forms.length];
    for (int i = 0; i < forms.length; i++) {
      String rater = Character.isDigit(raters[i].charAt(0)) ? (self ? "S" : "P") + raters[i] : raters[i];
      String subject = self ? "S" + (1 + List.of(raters).indexOf(raters[i])) : "S1";
      lines[i] = "sub T1 " + subject + " " + rater + " " + group + " " + forms[i];
    }
    return lines;
  }

  /**
   * The thirty-sixth review's sequence in {@code group} (SELF: each rater rates themself, beside three peers; else
   * they rate S1): six raters answer two CHANGE leader items and one manager item (counts 12 and 6); then two raise
   * every answer by one, V corrects leader items only (a change of -3) and W manager items only (+3). No record may
   * give V's leader change as 12 times the change of {@code figure} since before plus twice W's +3.
   */
  private void raisesSplitOverTwoBatches(RaterGroup group, Function<AxesScores, Double> figure) {
    String[] forms = {"CHANGE_L1=2 CHANGE_L2=3 CHANGE_M1=1", "CHANGE_L1=3 CHANGE_L2=1 CHANGE_M1=2",
        "CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3", "CHANGE_L1=5 CHANGE_L2=1 CHANGE_M1=2",
        "CHANGE_L1=1 CHANGE_L2=4 CHANGE_M1=5", "CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=2",
        // the raises, V's leader correction and W's manager correction
        "CHANGE_L1=3 CHANGE_L2=4 CHANGE_M1=2", "CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3",
        "CHANGE_L1=1 CHANGE_L2=2 CHANGE_M1=3", "CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=5"};
    String[] lines = startWithLines(group, new String[] {"1", "2", "V", "4", "5", "W", "1", "2", "V", "W"}, forms);
    script(Arrays.copyOf(lines, 6));
    double before = figure.apply(latest.get(T1).getAxes());

    script(Arrays.copyOfRange(lines, 6, lines.length));

    assertThat(published.get(T1)).allSatisfy(record -> assertThat(
        12 * (figure.apply(record.getAxes()) - before) + 2 * 3).as("V's leader change")
        .isNotCloseTo(-3.0, within(EXACT)));
  }

  /**
   * Self forms of different shapes (S1, S2, S5 and W: two leader items and one manager item; V and S4: two of each):
   * the team's SELF counts are 12 and 8, so 24 times selfBalance is twice the leader sum less three times the manager
   * sum. {@code victim} is V's form, {@code attacker} W's.
   */
  private void selfFormsOfTwoShapes(String victim, String attacker) {
    selfFormsOfTwoShapes("CHANGE_L1=1 CHANGE_L2=2 CHANGE_M1=1", "CHANGE_L1=2 CHANGE_L2=1 CHANGE_M1=2", victim,
        attacker);
  }

  /** {@link #selfFormsOfTwoShapes(String, String)} with S1's and S2's forms ({@code s1}, {@code s2}) given. */
  private void selfFormsOfTwoShapes(String s1, String s2, String victim, String attacker) {
    start(ScoringConfig.defaults());
    script("sub T1 S0 P1 PEER CHANGE_L1=4 CHANGE_L2=3 CHANGE_M1=4 CHANGE_M2=3",
        "sub T1 S0 P2 PEER CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=1 CHANGE_M2=1",
        "sub T1 S0 P3 PEER CHANGE_L1=4 CHANGE_L2=1 CHANGE_M1=1 CHANGE_M2=3",
        "sub T1 S1 S1 SELF " + s1, "sub T1 S2 S2 SELF " + s2, "sub T1 S3 V SELF " + victim,
        "sub T1 S4 S4 SELF CHANGE_L1=5 CHANGE_L2=1 CHANGE_M1=2 CHANGE_M2=4",
        "sub T1 S5 S5 SELF CHANGE_L1=1 CHANGE_L2=3 CHANGE_M1=5",
        "sub T1 S6 W SELF " + attacker);
  }

  @Test
  void shouldNotLetAnAxisSelfPolesPublishAloneOneAfterTheOther() {
    // Found by the thirty-eighth review: the raises of the test above split into two saves each, leader items first.
    // The leader batch {S1, S2, V} published while nothing was pending on the manager pole, and the manager batch
    // {S1, S2, W} alone after it: 24 times the change of selfBalance across both plus three times W's +3 was twice V's
    // leader change, -4 (133 of 174 random runs). A pole published alone is not followed by the other pole alone.
    selfFormsOfTwoShapes("CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3 CHANGE_M2=3", "CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=2");
    double before = latest.get(T1).getAxes().getChange().getSelfBalance();

    script("sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=4 CHANGE_M1=1",
        "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=2",
        "sub T1 S3 V SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=3 CHANGE_M2=3",
        "sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=4 CHANGE_M1=3",
        "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=4",
        "sub T1 S6 W SELF CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=5");

    assertThat(published.get(T1)).allSatisfy(record -> assertThat(
        (24 * (record.getAxes().getChange().getSelfBalance() - before) + 3 * 3) / 2).as("V's leader change")
        .isNotCloseTo(-4.0, within(EXACT)));
  }

  @Test
  void shouldNotLetAJointBatchBetweenTwoLonePolesLetTheSplitThrough() {
    // Found by the thirty-ninth review: the split of the test above with a joint batch of S4, S5 and W in between. The
    // block was cleared by the joint batch, and the reader added the differences across the leader batch and across
    // the manager batch, skipping the joint one: 24 times that plus three times W's -1 was twice V's leader change.
    selfFormsOfTwoShapes("CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3 CHANGE_M2=3", "CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=2");
    double start = latest.get(T1).getAxes().getChange().getSelfBalance();
    script("sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=4 CHANGE_M1=1",
        "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=2",
        "sub T1 S3 V SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=3 CHANGE_M2=3");
    double afterLeaders = latest.get(T1).getAxes().getChange().getSelfBalance();
    script("sub T1 S4 S4 SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=1 CHANGE_M2=2",
        "sub T1 S5 S5 SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=1",
        "sub T1 S6 W SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=4");
    double afterJoint = latest.get(T1).getAxes().getChange().getSelfBalance();

    script("sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=4 CHANGE_M1=3",
        "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=4",
        "sub T1 S6 W SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=3");

    assertThat(published.get(T1)).allSatisfy(record -> assertThat(
        (24 * (afterLeaders - start + record.getAxes().getChange().getSelfBalance() - afterJoint) - 3) / 2)
        .as("V's leader change").isNotCloseTo(-4.0, within(EXACT)));
  }

  /**
   * Known open (fortieth review, docs/privacy.md, "What remains"): S1 and S2 (two leader items and one manager item)
   * raise their leader sums by 3 in a lone leader batch beside V's leader-only correction (sum 6 -> 2: -4), and by 3
   * more with their manager sums by 4 in a joint batch beside W's edit (leader 5 -> 4, manager 2 -> 4), in that order
   * or the other. Over both, their changes are nothing at the team's counts 12 and 8 (2 x 6 - 3 x 4), so 24 times the
   * change of selfBalance from the record before both batches to the last is 2 dV + 2 x -1 - 3 x 2. Returns dV as W
   * reads it.
   */
  private double leaderChangeReadOverALoneAndAJointBatch(boolean jointFirst) {
    selfFormsOfTwoShapes("CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=1", "CHANGE_L1=1 CHANGE_L2=2 CHANGE_M1=1",
        "CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3 CHANGE_M2=3", "CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=2");
    double before = latest.get(T1).getAxes().getChange().getSelfBalance();
    String w = "sub T1 S6 W SELF CHANGE_L1=1 CHANGE_L2=3 CHANGE_M1=4";
    String v = "sub T1 S3 V SELF CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=3 CHANGE_M2=3";
    if (jointFirst) {
      script("sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=3 CHANGE_M1=5",
          "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=5",
          w);
      script("sub T1 S1 S1 SELF CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=5",
          "sub T1 S2 S2 SELF CHANGE_L1=5 CHANGE_L2=4 CHANGE_M1=5",
          v);
    } else {
      script("sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=3 CHANGE_M1=1",
          "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=1",
          v);
      script("sub T1 S1 S1 SELF CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=5",
          "sub T1 S2 S2 SELF CHANGE_L1=5 CHANGE_L2=4 CHANGE_M1=5",
          w);
    }
    return (24 * (latest.get(T1).getAxes().getChange().getSelfBalance() - before) + 2 + 6) / 2;
  }

  @Test
  @Disabled("LEAK (fortieth review, known open): the key's means reading takes a self form's counts for the team's; "
      + "a lone leader batch, then a joint one, leave V's leader change in 24 x the change of selfBalance")
  void shouldNotLetAJointBatchFinishASplitThatALoneLeaderBatchStarted() {
    assertThat(leaderChangeReadOverALoneAndAJointBatch(false)).isNotCloseTo(-4.0, within(EXACT));
  }

  @Test
  @Disabled("LEAK (fortieth review, known open): the same the other way round, the joint batch first")
  void shouldNotLetALoneLeaderBatchFinishASplitThatAJointBatchStarted() {
    assertThat(leaderChangeReadOverALoneAndAJointBatch(true)).isNotCloseTo(-4.0, within(EXACT));
  }

  @Test
  void shouldHoldASelfPoleWhateverTheOtherPolesPendingChangesAddUpTo() {
    // Found by the thirty-eighth review: the leader pole {S4, S5, W} was published alone only where the manager pole's
    // pending changes, V's and W's, added up to nothing, so whether it was told W (who set M1 from 2 to 3) whether V
    // had set M1 from 3 to 2. It now waits for the manager pole whatever those changes add up to.
    List<String> outcomes = new ArrayList<>();
    for (int victimsNew : new int[] {1, 2, 4, 5}) {
      selfFormsOfTwoShapes("CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=3 CHANGE_M2=3", "CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=2");
      Instant setUp = latest.get(T1).getUpdatedAt();
      script("sub T1 S3 V SELF CHANGE_L1=4 CHANGE_L2=2 CHANGE_M1=" + victimsNew + " CHANGE_M2=3",
          "sub T1 S4 S4 SELF CHANGE_L1=5 CHANGE_L2=2 CHANGE_M1=2 CHANGE_M2=4",
          "sub T1 S5 S5 SELF CHANGE_L1=2 CHANGE_L2=3 CHANGE_M1=5",
          "sub T1 S6 W SELF CHANGE_L1=3 CHANGE_L2=5 CHANGE_M1=3");
      TeamScores last = latest.get(T1);
      outcomes.add("selfBalance " + last.getAxes().getChange().getSelfBalance() + ", pendingRaters "
          + last.getPendingRaters() + ", updatedAt moved " + !last.getUpdatedAt().equals(setUp));
    }

    assertThat(outcomes).as("the records after each of V's corrections").containsOnly(outcomes.get(0));
  }

  @Test
  void shouldNotPublishASelfBalanceThatStaysWhileTwoRatersChangedIt() {
    // Found by the thirty-eighth review: with S1's and S2's raises (nothing at the team's counts), V raising its leader
    // sum by 6 and W its manager sum by 4 (2 x 6 = 3 x 4) left selfBalance where it was; published, pendingRaters fell
    // to 0 with no value moving, which told W that V's leader change was one and a half times W's own. A combination
    // that does not move while fewer than N raters' changes in it are not nothing waits.
    selfFormsOfTwoShapes("CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=3 CHANGE_M2=3", "CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=1");

    script("sub T1 S1 S1 SELF CHANGE_L1=2 CHANGE_L2=4 CHANGE_M1=3",
        "sub T1 S2 S2 SELF CHANGE_L1=3 CHANGE_L2=3 CHANGE_M1=4",
        "sub T1 S3 V SELF CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=3 CHANGE_M2=3",
        "sub T1 S6 W SELF CHANGE_L1=3 CHANGE_L2=2 CHANGE_M1=5");

    assertThat(published.get(T1)).allSatisfy(record -> assertThat(record.getPendingRaters()).as("raters pending")
        .isPositive());
  }

  /** CHANGE's selfBalance plus FOCUS's; NaN unless both are shown. */
  private static double selfBalancesMixed(TeamScores team) {
    Double change = team.getAxes().getChange().getSelfBalance();
    Double focus = team.getAxes().getFocus().getSelfBalance();
    return change == null || focus == null ? Double.NaN : change + focus;
  }

  /** The twenty-fourth review's setup: PEER P1 to P3 and OTHER W, O2 and O3, a CHANGE and a FOCUS leader answer each. */
  private static final String[] MOVED_COPIES_SETUP = {"sub T1 S1 P1 PEER CHANGE_L1=2 FOCUS_L1=3",
      "sub T1 S1 P2 PEER CHANGE_L1=4 FOCUS_L1=1", "sub T1 S1 P3 PEER CHANGE_L1=5 FOCUS_L1=2",
      "sub T1 S1 W OTHER CHANGE_L1=1 FOCUS_L1=5", "sub T1 S1 O2 OTHER CHANGE_L1=4 FOCUS_L1=5",
      "sub T1 S1 O3 OTHER CHANGE_L1=3 FOCUS_L1=5"};

  /**
   * The twenty-fourth review's attack on {@link #MOVED_COPIES_SETUP}: P1 moves a 2 from CHANGE to FOCUS, P2 a 1 from
   * FOCUS to CHANGE, OTHER's forms are copied into PEER, V sends {@code victim}, and OTHER's raters are withdrawn.
   */
  private static String[] movedCopies(String... victim) {
    List<String> lines = new ArrayList<>(List.of("sub T1 S1 P1 PEER FOCUS_L1=3 FOCUS_L2=2",
        "sub T1 S1 P2 PEER CHANGE_L1=4 CHANGE_L2=1", "sub T1 S1 Wx PEER CHANGE_L1=1 FOCUS_L1=5",
        "sub T1 S1 O2x PEER CHANGE_L1=4 FOCUS_L1=5", "sub T1 S1 O3x PEER CHANGE_L1=3 FOCUS_L1=5"));
    lines.addAll(List.of(victim));
    lines.addAll(List.of("wd S1 W", "wd S1 O2", "wd S1 O3"));
    return lines.toArray(String[]::new);
  }

  /** CHANGE and FOCUS leader's totals summed; null unless both show a mean. */
  private static long[] leadersSummed(TeamScores team) {
    long[] change = totals(changeLeader(team));
    long[] focus = totals(team.getAxes().getFocus().getLeader());
    return change == null || focus == null ? null
        : new long[] {change[0] + focus[0], change[1] + focus[1], change[2] + focus[2]};
  }

  /** A published cell's exact count, sum and sum of squares, from its n, mean and sd; null without a mean. */
  private static long[] totals(CellScores cell) {
    if (cell.getN() == 0) {
      return new long[3]; // no score: nothing, as exactly as a mean reads (review 123)
    }
    if (cell.getMean() == null) {
      return null;
    }
    long n = cell.getN();
    long sum = Math.round(cell.getMean() * n);
    double sd = cell.getSd() == null ? 0 : cell.getSd();
    return new long[] {n, sum, Math.round((sd * sd * n * (n - 1) + (double) sum * sum) / n)};
  }

  @Test
  void shouldNotCountAnswersMovedBetweenCellsThroughAFormWithNoScore() {
    // P1 and P2 correct CHANGE (published with V's first answer), then mark every item "not observed", then answer
    // FOCUS so that FOCUS and their published CHANGE are their first forms swapped. A form with no score left no
    // earlier cells to read the last correction against, and the search for answers moved between cells did not run
    // from it: FOCUS published {P1, P2, V}, and the overall leader sums of that record less the first were V's.
    assertFocusLeaderUnmovedAfter("sub T1 S1 P1 PEER CHANGE_L1=1 FOCUS_L1=1",
        "sub T1 S1 P2 PEER CHANGE_L1=2 FOCUS_L1=2",
        "sub T1 S1 V PEER CHANGE_L1=3 FOCUS_L1=5", "sub T1 S1 P1 PEER", "sub T1 S1 P2 PEER",
        "sub T1 S1 P1 PEER CHANGE_L1=1 FOCUS_L1=5", "sub T1 S1 P2 PEER CHANGE_L1=2 FOCUS_L1=4");
  }

  @Test
  void shouldNotCountACorrectionOnceTheKeyKeepsAllTheFormsItMay() {
    // The nineteenth review's sequence with seven edits of HORIZON between its two corrections: P1 and P2 then
    // replaced nine forms, one more than a key keeps. With the oldest forgotten, nothing held their first CHANGE (5
    // and 4) to read the FOCUS correction against (the HORIZON versions are chosen so that none cancels it), so it
    // counted, and FOCUS published {P1, P2, V}: the overall leader sums of that record less the first were V's. A key
    // that keeps all the forms it may counts nowhere on what its corrections change.
    List<String> lines = new ArrayList<>(List.of("sub T1 S1 P1 PEER CHANGE_L1=1 FOCUS_L1=1",
        "sub T1 S1 P2 PEER CHANGE_L1=2 FOCUS_L1=2", "sub T1 S1 V PEER CHANGE_L1=3 FOCUS_L1=5"));
    String[] p1Horizon = {"1 1", "1 2", "1 3", "1 4", "2 2", "2 3", "5 5"};
    String[] p2Horizon = {"1 1", "1 2", "1 5", "2 4", "2 5", "3 3", "3 4"};
    for (int edit = 0; edit < p1Horizon.length; edit++) {
      lines.add("sub T1 S1 P1 PEER CHANGE_L1=1 FOCUS_L1=1" + horizon(p1Horizon[edit]));
      lines.add("sub T1 S1 P2 PEER CHANGE_L1=2 FOCUS_L1=2" + horizon(p2Horizon[edit]));
    }
    lines.add("sub T1 S1 P1 PEER CHANGE_L1=1 CHANGE_L2=3 FOCUS_L1=5" + horizon(p1Horizon[6]));
    lines.add("sub T1 S1 P2 PEER CHANGE_L1=2 CHANGE_L2=4 FOCUS_L1=4" + horizon(p2Horizon[6]));

    assertFocusLeaderUnmovedAfter(lines.toArray(String[]::new));
  }

  /** Two HORIZON leader answers, "a b", as script words. */
  private static String horizon(String answers) {
    String[] scores = answers.split(" ");
    return " HORIZON_L1=" + scores[0] + " HORIZON_L2=" + scores[1];
  }

  /** The seventeenth review's setup: P1 to P6 rate S1 on one item of each leader cell, published. */
  private static final String[] SWAP_SETUP = {"sub T1 S1 P1 PEER CHANGE_L1=5 FOCUS_L1=1 HORIZON_L1=2",
      "sub T1 S1 P2 PEER CHANGE_L1=2 FOCUS_L1=4 HORIZON_L1=3", "sub T1 S1 P3 PEER CHANGE_L1=3 FOCUS_L1=2 HORIZON_L1=5",
      "sub T1 S1 P4 PEER CHANGE_L1=1 FOCUS_L1=5 HORIZON_L1=3", "sub T1 S1 P5 PEER CHANGE_L1=4 FOCUS_L1=3 HORIZON_L1=1",
      "sub T1 S1 P6 PEER CHANGE_L1=2 FOCUS_L1=2 HORIZON_L1=4"};

  @Test
  void shouldTombstoneATeamOnceItsLastResponseIsWithdrawn() {
    start(ScoringConfig.defaults());
    List<SurveyResponse> peers = List.of(rater("P1", RaterGroup.PEER, 1, 3), rater("P2", RaterGroup.PEER, 2, 4));
    peers.forEach(this::send);
    withdraw(peers.get(0), 10);

    responses.pipeInput(keyOf(peers.get(1)), null, T0.plusSeconds(11));

    var last = scores.readKeyValuesToList();
    assertThat(last).hasSize(1);
    assertThat(last.get(0).key).isEqualTo(T1);
    assertThat(last.get(0).value).isNull();
  }
}
