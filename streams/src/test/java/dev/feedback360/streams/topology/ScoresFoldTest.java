package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ScoresFold}'s two ways of applying team changes, on what the property test against the topology does not
 * reach: a team change that throws (on the pipelined fold's team thread), and records after the end.
 */
class ScoresFoldTest {

  private static final InputPartitioning ONE_PARTITION = new InputPartitioning("survey-responses", 1);
  private static final String RATER = "ab".repeat(32);

  @ParameterizedTest(name = "pipelined: {0}")
  @ValueSource(booleans = {false, true})
  void shouldStopWithTheTeamChangesExceptionAndApplyNothingAfterIt(boolean pipelined) {
    // One rater counted for 256 subjects of one team: more than the fold's one-byte tally holds.
    List<Record> records = new ArrayList<>();
    for (int subject = 0; subject < 300; subject++) {
      records.add(response("s" + subject, "t1", subject));
    }
    try (ScoresFold fold = fold(pipelined)) {
      assertThatThrownBy(() -> {
        for (Record record : records) {
          fold.apply(0, record.key(), record.value(), record.time());
        }
        fold.finish();
      }).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("counted responses in one team, more than the fast replay holds")
          .hasMessageContaining("replay with --mode topology");
      if (pipelined) {
        assertThatThrownBy(fold::finish).as("the failure stays").isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("replay with --mode topology");
      }
    }
  }

  @ParameterizedTest(name = "pipelined: {0}")
  @ValueSource(booleans = {false, true})
  void shouldEndWithEveryChangeAppliedAndRefuseRecordsAfterTheEndWhenPipelined(boolean pipelined) {
    try (ScoresFold fold = fold(pipelined)) {
      for (int subject = 0; subject < 40; subject++) {
        Record record = response("s" + subject, "t" + subject % 3, subject);
        assertThat(fold.apply(0, record.key(), record.value(), record.time())).isNull();
      }
      List<TeamScores> scores = new ArrayList<>();
      fold.forEachTeam((team, value) -> scores.add(value));
      // An aggregate no change reached yet would be empty, and its scores null (a tombstone).
      assertThat(scores).as("every team's changes applied").hasSize(3).doesNotContainNull();
      Record late = response("s99", "t1", 99);
      if (pipelined) {
        assertThatThrownBy(() -> fold.apply(0, late.key(), late.value(), late.time()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
      }
    }
  }

  private static ScoresFold fold(boolean pipelined) {
    ScoreCalculator calculator = new ScoreCalculator(ScoringConfig.defaults());
    return pipelined ? ScoresFold.pipelined(calculator, InputScope.ALL, ONE_PARTITION, 1)
        : new ScoresFold(calculator, InputScope.ALL, ONE_PARTITION);
  }

  private record Record(byte[] key, byte[] value, long time) {}

  private static Record response(String subject, String team, int second) {
    Instant at = Instant.parse("2026-10-01T08:00:00Z").plusSeconds(second);
    SurveyResponse value = SurveyResponse.newBuilder().setResponseId("r-" + subject).setCycleId("2026-H2")
        .setTeamId(team).setSubjectId(subject).setRaterId(RATER).setRaterGroup(RaterGroup.SELF).setSubmittedAt(at)
        .setInstrumentId("leadership-vs-management").setInstrumentVersion(1)
        .setAnswers(List.of(new Answer("CHANGE_L1", Axis.CHANGE, Pole.LEADER, 4))).build();
    return new Record(AvroSerdes.responseKey().encode(new ResponseKey("2026-H2", subject, RATER)),
        AvroSerdes.surveyResponse().encode(value), at.toEpochMilli());
  }
}
