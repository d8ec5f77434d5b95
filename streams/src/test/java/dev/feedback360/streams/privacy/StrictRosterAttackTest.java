package dev.feedback360.streams.privacy;

import static dev.feedback360.streams.privacy.AttackHarness.answer;
import static dev.feedback360.streams.privacy.AttackHarness.key;
import static dev.feedback360.streams.privacy.AttackHarness.nomination;
import static dev.feedback360.streams.privacy.AttackHarness.numbers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.streams.privacy.AttackHarness.Seen;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.testkit.Responses;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attack 2: someone who can write survey-responses but not survey-nominations, against {@code --roster strict}
 * (k = N = 3). Team T1, subject S1: one nominated manager (M1, below k), four nominated peers, exactly three
 * nominated direct reports (a group exactly at k). Can the writer move any published number (scores, or
 * participation other than {@code unnominated} and its time)?
 */
class StrictRosterAttackTest {

  private static final String TEAM = "T1";

  @TempDir
  Path stateDir;

  private AttackHarness harness;
  private int second;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private void honestPhase(Roster roster) {
    harness = new AttackHarness(stateDir, roster, 3, 3);
    honest("M1", RaterGroup.MANAGER, 4, 4, 4, 4, 4, 4);
    honest("P1", RaterGroup.PEER, 1, 2, 3, 4, 5, 1);
    honest("P2", RaterGroup.PEER, 2, 3, 4, 5, 1, 2);
    honest("P3", RaterGroup.PEER, 3, 4, 5, 1, 2, 3);
    honest("P4", RaterGroup.PEER, 4, 5, 1, 2, 3, 4);
    honest("P5", RaterGroup.PEER, 5, 1, 2, 3, 4, 5);
    honest("P6", RaterGroup.PEER, 1, 3, 5, 2, 4, 1);
    honest("D1", RaterGroup.DIRECT_REPORT, 2, 2, 3, 3, 4, 4);
    honest("D2", RaterGroup.DIRECT_REPORT, 5, 4, 3, 2, 1, 1);
    honest("D3", RaterGroup.DIRECT_REPORT, 1, 1, 2, 2, 5, 5);
  }

  private void honest(String rater, RaterGroup group, Integer... scores) {
    harness.nominateAndAnswer(TEAM, "S1", rater, group, ++second, scores);
    second++;
  }

  private JsonNode lastScores() {
    return harness.lastScores(TEAM);
  }

  private JsonNode lastParticipation() {
    List<Seen> records = harness.participation(TEAM);
    return records.get(records.size() - 1).value();
  }

  /** A participation record without the fields the writer may move: unnominated and updatedAt. */
  private static JsonNode participationNumbers(JsonNode record) {
    ObjectNode copy = record.deepCopy();
    copy.remove("unnominated");
    copy.remove("updatedAt");
    return copy;
  }

  /** Invented raters (ids nobody nominated) into every place that would matter under the open roster. */
  private void inventedRaters() {
    // Two fake managers: under the open roster M1 + 2 would reach k, and scores minus the fakes give M1's answers.
    harness.send(answer(TEAM, "S1", "fake-m1", RaterGroup.MANAGER, ++second, 1, 1, 1, 1, 1, 1));
    harness.send(answer(TEAM, "S1", "fake-m2", RaterGroup.MANAGER, ++second, 1, 1, 1, 1, 1, 1));
    // Fake peers to complete a batch of N.
    for (int i = 1; i <= 3; i++) {
      harness.send(answer(TEAM, "S1", "fake-p" + i, RaterGroup.PEER, ++second, 3, 3, 3, 3, 3, 3));
    }
    // A fake self-assessment, a fake subject, and a fake rater claiming the group of a real nominee.
    harness.send(answer(TEAM, "S1", "S1", RaterGroup.SELF, ++second, 5, 5, 5, 5, 5, 5));
    harness.send(answer(TEAM, "S9", "fake-d1", RaterGroup.DIRECT_REPORT, ++second, 2, 2, 2, 2, 2, 2));
    harness.send(answer(TEAM, "S1", "fake-d2", RaterGroup.DIRECT_REPORT, ++second, 2, 2, 2, 2, 2, 2));
  }

  @Test
  void shouldMoveNoPublishedNumberWithInventedRaters() {
    honestPhase(Roster.STRICT);
    int scoresBefore = harness.scores().size();
    JsonNode scores = lastScores();
    JsonNode participation = lastParticipation();
    int unnominated = participation.path("unnominated").asInt();

    inventedRaters();
    // A fake team: nothing of it may reach the scores.
    harness.send(answer("T9", "S1", "fake-t9", RaterGroup.PEER, ++second, 4, 4, 4, 4, 4, 4));

    assertThat(harness.scores().subList(scoresBefore, harness.scores().size()))
        .as("no team-scores-json record at all for held responses")
        .isEmpty();
    assertThat(numbers(lastScores())).isEqualTo(numbers(scores));
    assertThat(participationNumbers(lastParticipation())).isEqualTo(participationNumbers(participation));
    assertThat(lastParticipation().path("unnominated").asInt()).isEqualTo(unnominated + 8);
    assertThat(harness.participation("T9")).allSatisfy(seen -> assertThat(seen.value().path("groups").isEmpty())
        .as("a fake team's participation shows no group").isTrue());
  }

  @Test
  void shouldLetInventedRatersMoveTheScoresUnderTheOpenRoster() {
    // Teeth for the test above: the same attack moves numbers when the roster is open.
    honestPhase(Roster.OPEN);
    JsonNode scores = lastScores();

    inventedRaters();

    assertThat(numbers(lastScores())).isNotEqualTo(numbers(scores));
    assertThat(lastScores().path("raters").path("MANAGER").asInt()).isEqualTo(3);
  }

  @Test
  void shouldMoveNothingWithReSentOrStaleCopiesOfARealRatersResponse() {
    honestPhase(Roster.STRICT);
    int scoresBefore = harness.scores().size();
    JsonNode scores = lastScores();
    JsonNode participation = lastParticipation();
    SurveyResponse real = answer(TEAM, "S1", "D1", RaterGroup.DIRECT_REPORT, 15, 2, 2, 3, 3, 4, 4);

    // The exact record again (replayed from the topic), then an older version with other answers and groups.
    harness.send(real);
    harness.send(Responses.copy(real).setSubmittedAt(real.getSubmittedAt().minusSeconds(10))
        .setRaterGroup(RaterGroup.MANAGER).build());
    harness.send(Responses.copy(real).setSubmittedAt(real.getSubmittedAt().minusSeconds(9))
        .setTeamId("T9").build());

    assertThat(harness.scores().size()).isEqualTo(scoresBefore);
    assertThat(numbers(lastScores())).isEqualTo(numbers(scores));
    assertThat(lastParticipation()).isEqualTo(participation);
  }

  @Test
  void shouldNeverCountARaterInAGroupOrTeamOtherThanTheirNominations() {
    honestPhase(Roster.STRICT);

    // M1 (nominated MANAGER for S1) answers as a PEER of S1 and as a MANAGER of S2 (never nominated for S2); P6
    // corrects its own response claiming MANAGER; D3 corrects claiming another team.
    harness.send(answer(TEAM, "S2", "M1", RaterGroup.MANAGER, ++second, 5, 5, 5, 5, 5, 5));
    harness.send(answer(TEAM, "S1", "P6", RaterGroup.MANAGER, 100, 5, 5, 5, 5, 5, 5));
    harness.send(answer("T2", "S1", "D3", RaterGroup.DIRECT_REPORT, 101, 5, 5, 5, 5, 5, 5));

    JsonNode scores = lastScores();
    assertThat(scores.path("raters").path("MANAGER").asInt()).as("only M1, once").isEqualTo(1);
    assertThat(scores.path("raters").path("PEER").asInt()).as("P6 left PEER, joined nothing").isEqualTo(5);
    assertThat(harness.scores("T2")).isEmpty();
    for (Seen seen : harness.participation()) {
      if (seen.value() == null) {
        continue;
      }
      for (Map.Entry<String, JsonNode> group : seen.value().path("groups").properties()) {
        assertThat(group.getValue().path("counted").asInt())
            .as("step %d, %s %s: counted raters are nominated, answered raters of the group", seen.step(),
                seen.key(), group.getKey())
            .isLessThanOrEqualTo(group.getValue().path("responded").asInt());
      }
    }
  }

  @Test
  @Disabled("LEAK (attack 2, integrity, outside the documented scope of strict mode): a writer of survey-responses who "
      + "knows one real rater's pseudonymised key (anyone who can read survey-responses or survey-nominations) "
      + "tombstones it: the response is erased at once and, the group being exactly at k, every direct-report part "
      + "leaves the published scores. Strict mode only stops invented ids; responses are not authenticated.")
  void shouldNotLetAWriterWithdrawSomeoneElsesResponse() {
    honestPhase(Roster.STRICT);
    JsonNode scores = lastScores();

    harness.withdraw(key("S1", "D1"), ++second);

    assertThat(numbers(lastScores())).isEqualTo(numbers(scores));
  }

  @Test
  @Disabled("LEAK (attack 2, integrity, outside the documented scope of strict mode): a writer who knows a real key "
      + "sends a later 'correction' naming another team or group; it replaces the real response (latest wins), does "
      + "not answer the nomination, so it is held, and the real answers leave the scores: D2 gone, the direct "
      + "reports fall below k. A future-dated one also blocks every later genuine correction.")
  void shouldNotLetAWriterPushARealRatersResponseOutWithAWrongTeamCorrection() {
    honestPhase(Roster.STRICT);
    JsonNode scores = lastScores();

    harness.send(answer("T2", "S1", "D2", RaterGroup.DIRECT_REPORT, 100_000, 1, 1, 1, 1, 1, 1));

    assertThat(numbers(lastScores())).isEqualTo(numbers(scores));
  }
}
