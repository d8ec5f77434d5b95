package dev.feedback360.streams.topology;

import static dev.feedback360.streams.topology.RosterDriver.json;
import static dev.feedback360.streams.topology.RosterDriver.nomination;
import static dev.feedback360.testkit.Responses.copy;
import static dev.feedback360.testkit.Responses.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roster rules (docs/architecture.md, Roster; the participation contract in docs/wire-format.md), each with its
 * expected participation and scores worked out by hand in the test. k = 3 unless said; every change published (N =
 * 1) so that the scores show what is counted.
 */
class RosterTopologyTest {

  private static final String CYCLE = "2026-H2";
  private static final TeamKey T1 = new TeamKey(CYCLE, "T1");
  private static final TeamKey T2 = new TeamKey(CYCLE, "T2");
  /** When HR nominated, the day before the responses. */
  private static final Instant N0 = Instant.parse("2026-09-30T08:00:00Z");
  private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");

  @TempDir
  Path stateDir;

  private static SurveyResponse answer(String team, String subject, String rater, RaterGroup group, int seconds,
      String scores) {
    return response(CYCLE, team, subject, rater, group, T0.plusSeconds(seconds), scores);
  }

  private static Nomination nominate(String team, String subject, String rater, RaterGroup group, Instant at) {
    return nomination(CYCLE, team, subject, rater, group, at);
  }

  /** The participation contract of one team; single quotes stand for double quotes. */
  private static JsonNode expected(String team, String roster, int k, String groups, String totals,
      String updatedAt) {
    return json(("{'cycleId':'2026-H2','teamId':'" + team + "','roster':'" + roster + "','minRaters':" + k
        + ",'groups':{" + groups + "}," + totals + ",'updatedAt':'" + updatedAt + "'}").replace('\'', '"'));
  }

  private static String group(String name, int invited, int responded, String rate, int counted, boolean atRisk) {
    return "'" + name + "':{'invited':" + invited + ",'responded':" + responded + ",'rate':" + rate + ",'counted':"
        + counted + ",'atRisk':" + atRisk + "}";
  }

  private static String totals(int invited, int responded, String rate, int unnominated) {
    return "'invited':" + invited + ",'responded':" + responded + ",'rate':" + rate + ",'unnominated':" + unnominated;
  }

  private static double changeLeaderMean(TeamScores scores) {
    return scores.getAxes().getChange().getLeader().getMean();
  }

  @Test
  void shouldCountANominationBeforeItsResponseAndEachRaterOncePerGroup() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.OPEN, 3)) {
      run.nominate(nominate("T1", "S1", "P1", RaterGroup.PEER, N0));
      run.nominate(nominate("T1", "S2", "P1", RaterGroup.PEER, N0.plusSeconds(60)));

      // P1 is asked about two subjects: one distinct invited peer; the second nomination moves no figure, so it is
      // neither published nor reflected in updatedAt.
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "open", 3,
          group("PEER", 1, 0, "0.0", 0, true), totals(1, 0, "0.0", 0), "2026-09-30T08:00:00Z"));
      assertThat(run.participationRecords()).hasSize(1);

      run.send(answer("T1", "S1", "P1", RaterGroup.PEER, 5, "CHANGE_L1=4"));

      // Answered: responded 1 of 1 (rate 1.0), counted 1 < k = 3, so at risk; updatedAt the answer's submittedAt.
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "open", 3,
          group("PEER", 1, 1, "1.0", 1, true), totals(1, 1, "1.0", 0), "2026-10-01T09:00:05Z"));

      run.send(answer("T1", "S2", "P1", RaterGroup.PEER, 6, "CHANGE_L1=2"));

      // The same rater answering the second nomination: still one responded and one counted rater; no new record.
      assertThat(run.participationRecords()).hasSize(2);
      assertThat(run.scores().get(T1).getRaters().getPeer()).isEqualTo(1);
    }
  }

  @Test
  void shouldAnswerANominationThatArrivesAfterTheResponse() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.OPEN, 3)) {
      run.send(answer("T1", "S1", "P1", RaterGroup.PEER, 5, "CHANGE_L1=4"));

      // Open roster: counted in the scores, shown as unnominated; PEER appears because it has a counted rater.
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "open", 3,
          group("PEER", 0, 0, "null", 1, false), totals(0, 0, "null", 1), "2026-10-01T09:00:05Z"));

      run.nominate(nominate("T1", "S1", "P1", RaterGroup.PEER, N0));

      // Now it answers: responded, no longer unnominated; updatedAt stays the greatest event time (the response's).
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "open", 3,
          group("PEER", 1, 1, "1.0", 1, true), totals(1, 1, "1.0", 0), "2026-10-01T09:00:05Z"));
      assertThat(run.scoresRecords()).as("the nomination moves no score in the open roster").hasSize(1);
    }
  }

  @Test
  void shouldEraseAResponseWhoseNominationIsRemovedSoThatReNominatingDoesNotBringItBack() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.STRICT, 1)) {
      run.nominate(nominate("T1", "S1", "P1", RaterGroup.PEER, N0));
      run.nominate(nominate("T1", "S1", "P2", RaterGroup.PEER, N0));
      run.send(answer("T1", "S1", "P1", RaterGroup.PEER, 5, "CHANGE_L1=4"));
      SurveyResponse p2 = answer("T1", "S1", "P2", RaterGroup.PEER, 6, "CHANGE_L1=2");
      run.send(p2);
      // Two peers: CHANGE leader mean (4 + 2) / 2 = 3.0.
      assertThat(run.scores().get(T1).getRaters().getPeer()).isEqualTo(2);
      assertThat(changeLeaderMean(run.scores().get(T1))).isEqualTo(3.0);

      run.remove(nominate("T1", "S1", "P2", RaterGroup.PEER, null), T0.plusSeconds(10));

      // P2 subtracted and erased like a withdrawal: mean 4.0 of P1 alone; nothing of P2 is left, not even held.
      assertThat(run.scores().get(T1).getRaters().getPeer()).isEqualTo(1);
      assertThat(changeLeaderMean(run.scores().get(T1))).isEqualTo(4.0);
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "strict", 1,
          group("PEER", 1, 1, "1.0", 1, false), totals(1, 1, "1.0", 0), "2026-10-01T09:00:10Z"));

      run.nominate(nominate("T1", "S1", "P2", RaterGroup.PEER, T0.plusSeconds(20)));
      run.send(p2);

      // Re-nominated: the erased response does not come back, not even re-sent (removing and re-adding nominations
      // must not be a way to take raters out and put them back, docs/privacy.md); P2 is invited and has not answered.
      assertThat(run.scores().get(T1).getRaters().getPeer()).isEqualTo(1);
      assertThat(changeLeaderMean(run.scores().get(T1))).isEqualTo(4.0);
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "strict", 1,
          group("PEER", 2, 1, "0.5", 1, false), totals(2, 1, "0.5", 0), "2026-10-01T09:00:20Z"));

      run.send(answer("T1", "S1", "P2", RaterGroup.PEER, 30, "CHANGE_L1=2"));

      // A new submission by P2 counts: (4 + 2) / 2 = 3.0 again.
      assertThat(run.scores().get(T1).getRaters().getPeer()).isEqualTo(2);
      assertThat(changeLeaderMean(run.scores().get(T1))).isEqualTo(3.0);
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "strict", 1,
          group("PEER", 2, 2, "1.0", 2, false), totals(2, 2, "1.0", 0), "2026-10-01T09:00:30Z"));
    }
  }

  @Test
  void shouldHoldAResponseUntilItsNominationArrivesInTheStrictRoster() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.STRICT, 1)) {
      run.send(answer("T1", "S1", "P1", RaterGroup.PEER, 5, "CHANGE_L1=4"));

      assertThat(run.scoresRecords()).as("held: no score").isEmpty();
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "strict", 1, "",
          totals(0, 0, "null", 1), "2026-10-01T09:00:05Z"));

      run.nominate(nominate("T1", "S1", "P1", RaterGroup.PEER, T0.plusSeconds(30)));

      assertThat(changeLeaderMean(run.scores().get(T1))).isEqualTo(4.0);
      assertThat(run.scores().get(T1).getUpdatedAt()).isEqualTo(T0.plusSeconds(30));
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "strict", 1,
          group("PEER", 1, 1, "1.0", 1, false), totals(1, 1, "1.0", 0), "2026-10-01T09:00:30Z"));
    }
  }

  @Test
  void shouldCountSelfNominationsInTheSelfGroup() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.STRICT, 3)) {
      run.nominate(nominate("T1", "S1", "S1", RaterGroup.SELF, N0));
      run.send(answer("T1", "S1", "S1", RaterGroup.SELF, 5, "CHANGE_L1=5"));

      assertThat(run.scores().get(T1).getRaters().getSelf()).isEqualTo(1);
      // One self rater: counted 1 < k = 3, so SELF is at risk like any group.
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "strict", 3,
          group("SELF", 1, 1, "1.0", 1, true), totals(1, 1, "1.0", 0), "2026-10-01T09:00:05Z"));
    }
  }

  @Test
  void shouldMoveANominationAndAResponseBetweenTeams() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.OPEN, 3)) {
      Nomination inT1 = nominate("T1", "S1", "P1", RaterGroup.PEER, N0);
      run.nominate(inT1);
      SurveyResponse response = answer("T1", "S1", "P1", RaterGroup.PEER, 5, "CHANGE_L1=4");
      run.send(response);

      run.nominate(nominate("T2", "S1", "P1", RaterGroup.PEER, T0.plusSeconds(10)));

      // T1 keeps the (open-roster) counted response, now unnominated; T2 has an unanswered nomination.
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "open", 3,
          group("PEER", 0, 0, "null", 1, false), totals(0, 0, "null", 1), "2026-10-01T09:00:10Z"));
      assertThat(run.participation().get("2026-H2/T2")).isEqualTo(expected("T2", "open", 3,
          group("PEER", 1, 0, "0.0", 0, true), totals(1, 0, "0.0", 0), "2026-10-01T09:00:10Z"));

      run.send(copy(response).setTeamId("T2").setSubmittedAt(T0.plusSeconds(20)).build());

      // The correction moves the response to T2: T1 has nothing left (tombstones), T2 is answered.
      assertThat(run.participation()).doesNotContainKey("2026-H2/T1");
      assertThat(run.participationRecords().get(run.participationRecords().size() - 2).value)
          .as("T1's tombstone comes first, as the subtraction is sent first").isNull();
      assertThat(run.participation().get("2026-H2/T2")).isEqualTo(expected("T2", "open", 3,
          group("PEER", 1, 1, "1.0", 1, true), totals(1, 1, "1.0", 0), "2026-10-01T09:00:20Z"));
      assertThat(run.scores()).containsOnlyKeys(T2);
    }
  }

  @Test
  void shouldNotAnswerANominationInAnotherGroup() {
    try (RosterDriver strict = new RosterDriver(stateDir.resolve("strict"), Roster.STRICT, 3)) {
      strict.nominate(nominate("T1", "S1", "P1", RaterGroup.MANAGER, N0));
      strict.send(answer("T1", "S1", "P1", RaterGroup.PEER, 5, "CHANGE_L1=4"));

      assertThat(strict.scoresRecords()).isEmpty();
      assertThat(strict.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "strict", 3,
          group("MANAGER", 1, 0, "0.0", 0, true), totals(1, 0, "0.0", 1), "2026-10-01T09:00:05Z"));
    }
    try (RosterDriver open = new RosterDriver(stateDir.resolve("open"), Roster.OPEN, 3)) {
      open.nominate(nominate("T1", "S1", "P1", RaterGroup.MANAGER, N0));
      open.send(answer("T1", "S1", "P1", RaterGroup.PEER, 5, "CHANGE_L1=4"));

      assertThat(open.scores().get(T1).getRaters().getPeer()).isEqualTo(1);
      assertThat(open.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "open", 3,
          group("MANAGER", 1, 0, "0.0", 0, true) + "," + group("PEER", 0, 0, "null", 1, false),
          totals(1, 0, "0.0", 1), "2026-10-01T09:00:05Z"));
    }
  }

  private static void threeNominatedPeers(RosterDriver run) {
    int seconds = 1;
    for (String[] peer : new String[][] {{"P1", "4"}, {"P2", "2"}, {"P3", "3"}}) {
      run.nominate(nominate("T1", "S1", peer[0], RaterGroup.PEER, N0));
      run.send(answer("T1", "S1", peer[0], RaterGroup.PEER, seconds++, "CHANGE_L1=" + peer[1]));
    }
  }

  @Test
  void shouldLetAnUnnominatedRaterMoveNoNumberInTheStrictRosterUntilNominated() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.STRICT, 3)) {
      threeNominatedPeers(run);
      // (4 + 2 + 3) / 3 = 3.0 on three raters, k = 3: published.
      assertThat(changeLeaderMean(run.scores().get(T1))).isEqualTo(3.0);
      int scoresBefore = run.scoresRecords().size();

      SurveyResponse fake = answer("T1", "S1", "F1", RaterGroup.PEER, 10, "CHANGE_L1=1");
      run.send(fake);

      assertThat(run.scoresRecords()).as("no scores record at all").hasSize(scoresBefore);
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "strict", 3,
          group("PEER", 3, 3, "1.0", 3, false), totals(3, 3, "1.0", 1), "2026-10-01T09:00:10Z"));

      run.nominate(nominate("T1", "S1", "F1", RaterGroup.PEER, T0.plusSeconds(40)));

      // Nominated after all: (4 + 2 + 3 + 1) / 4 = 2.5 on four raters.
      assertThat(run.scores().get(T1).getRaters().getPeer()).isEqualTo(4);
      assertThat(changeLeaderMean(run.scores().get(T1))).isEqualTo(2.5);
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "strict", 3,
          group("PEER", 4, 4, "1.0", 4, false), totals(4, 4, "1.0", 0), "2026-10-01T09:00:40Z"));
    }
  }

  @Test
  void shouldCountAnUnnominatedRaterInTheOpenRosterAndShowIt() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.OPEN, 3)) {
      threeNominatedPeers(run);
      run.send(answer("T1", "S1", "F1", RaterGroup.PEER, 10, "CHANGE_L1=1"));

      // (4 + 2 + 3 + 1) / 4 = 2.5; counted 4 (the fake too), responded 3 of 3, unnominated 1.
      assertThat(changeLeaderMean(run.scores().get(T1))).isEqualTo(2.5);
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "open", 3,
          group("PEER", 3, 3, "1.0", 4, false), totals(3, 3, "1.0", 1), "2026-10-01T09:00:10Z"));
    }
  }

  @Test
  void shouldUnanswerANominationWhoseResponseIsWithdrawn() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.OPEN, 3)) {
      run.nominate(nominate("T1", "S1", "P1", RaterGroup.PEER, N0));
      run.nominate(nominate("T1", "S1", "P2", RaterGroup.PEER, N0));
      SurveyResponse first = answer("T1", "S1", "P1", RaterGroup.PEER, 5, "CHANGE_L1=4");
      run.send(first);
      run.send(answer("T1", "S1", "P2", RaterGroup.PEER, 6, "CHANGE_L1=2"));

      run.withdraw(first, T0.plusSeconds(30));

      // Invited 2, responded 1 (rate 0.5), counted 1 < 3: at risk.
      assertThat(run.participation().get("2026-H2/T1")).isEqualTo(expected("T1", "open", 3,
          group("PEER", 2, 1, "0.5", 1, true), totals(2, 1, "0.5", 0), "2026-10-01T09:00:30Z"));
      assertThat(run.scores().get(T1).getRaters().getPeer()).isEqualTo(1);
    }
  }

  @Test
  void shouldTombstoneTheParticipationOfATeamWithNothingLeft() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.OPEN, 3)) {
      Nomination only = nominate("T1", "S1", "P1", RaterGroup.PEER, N0);
      run.nominate(only);
      run.remove(only, N0.plusSeconds(60));

      assertThat(run.participationRecords()).hasSize(2);
      assertThat(run.participationRecords().get(1).key).isEqualTo("2026-H2/T1");
      assertThat(run.participationRecords().get(1).value).isNull();
      assertThat(run.scoresRecords()).isEmpty();
    }
  }

  @Test
  void shouldIgnoreANominationResentUnchanged() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.STRICT, 3)) {
      run.nominate(nominate("T1", "S1", "P1", RaterGroup.PEER, N0));
      run.nominate(nominate("T1", "S1", "P1", RaterGroup.PEER, N0.plusSeconds(60)));

      assertThat(run.participationRecords()).hasSize(1);
    }
  }

  @Test
  void shouldSendMisplacedAndInvalidNominationsToTheDeadLetterTopic() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.STRICT, 3, 4, 4)) {
      Nomination misplaced = null;
      for (int i = 1; misplaced == null; i++) {
        Nomination candidate = nominate("T1", "S1", "P" + i, RaterGroup.PEER, N0);
        if (BuiltInPartitioner.partitionForKey(AvroSerdes.responseKey().encode(RosterDriver.key(candidate)), 4)
            != 0) {
          misplaced = candidate;
        }
      }
      run.nominate(misplaced);
      ResponseKey placed = null;
      for (int i = 1; placed == null; i++) {
        ResponseKey candidate = new ResponseKey(CYCLE, "S1", "Q" + i);
        if (BuiltInPartitioner.partitionForKey(AvroSerdes.responseKey().encode(candidate), 4) == 0) {
          placed = candidate;
        }
      }
      // On its partition, but the value names another rater than the key.
      run.nominate(placed, nominate("T1", "S1", "someone-else", RaterGroup.PEER, N0), N0);

      assertThat(run.participationRecords()).isEmpty();
      var dead = run.deadLetters();
      assertThat(dead).hasSize(2);
      assertThat(message(dead.get(0))).contains("Misplaced record", "of " + RosterDriver.TOPICS.nominations());
      assertThat(message(dead.get(1))).contains("Nomination key and value disagree");
    }
  }

  /** A nominatedAt the app cannot stamp its writes with (EventTimes) is a dead letter, as a response's submittedAt. */
  @Test
  void shouldSendANominationFromMoreThanAnHourAfterItWasSentToTheDeadLetterTopic() {
    try (RosterDriver run = new RosterDriver(stateDir, Roster.STRICT, 3)) {
      Nomination future = nominate("T1", "S1", "P1", RaterGroup.PEER, N0.plus(Duration.ofHours(3)));

      run.nominate(RosterDriver.key(future), future, N0);

      assertThat(run.participationRecords()).isEmpty();
      var dead = run.deadLetters();
      assertThat(dead).hasSize(1);
      assertThat(message(dead.get(0))).contains("nominatedAt " + future.getNominatedAt(),
          "more than 60 minutes after the record's timestamp " + N0);
    }
  }

  private static String message(TestRecord<byte[], byte[]> record) {
    return new String(record.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldRefuseNominationsPartitionedOtherwiseThanTheResponses() {
    assertThatThrownBy(() -> TeamScoresTopology.build(RosterDriver.TOPICS,
        new ScoreCalculator(new ScoringConfig(3, 3)), InputScope.ALL,
        new InputPartitioning(RosterDriver.TOPICS.responses(), 4),
        new InputPartitioning(RosterDriver.TOPICS.nominations(), 2), Roster.STRICT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 2 partitions but the responses topic survey-responses has 4");
  }
}
