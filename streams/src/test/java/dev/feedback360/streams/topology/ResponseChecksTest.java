package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.streams.metrics.DeadLetterReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseChecksTest {

  private static final ResponseKey KEY = new ResponseKey("2026-H2", "S1", "R1");

  /** Short forms are compared pairwise and long ones through a set: both ways find a duplicate wherever it is. */
  @ParameterizedTest
  @ValueSource(ints = {2, 3, 12, 32, 33, 40, 500})
  void shouldRefuseAnItemAnsweredTwiceWhateverTheFormsLength(int answers) {
    List<Answer> form = distinctAnswers(answers);
    form.set(answers - 1, new Answer(form.get(answers / 2 - 1).getItemId(), Axis.FOCUS, Pole.MANAGER, 2));

    assertThatThrownBy(() -> ResponseChecks.requireValid(KEY, response(form)))
        .isInstanceOfSatisfying(InvalidResponseException.class,
            refused -> assertThat(refused.reason()).isEqualTo(DeadLetterReason.DUPLICATE_ITEM))
        .hasMessage("Item " + form.get(answers - 1).getItemId() + " is answered twice");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 12, 32, 33, 500})
  void shouldAcceptDistinctItemsWhateverTheFormsLength(int answers) {
    assertThatCode(() -> ResponseChecks.requireValid(KEY, response(distinctAnswers(answers))))
        .doesNotThrowAnyException();
  }

  private static List<Answer> distinctAnswers(int count) {
    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(new Answer("CHANGE_L" + i, Axis.CHANGE, Pole.LEADER, 1 + i % 5));
    }
    return answers;
  }

  private static SurveyResponse response(List<Answer> answers) {
    return SurveyResponse.newBuilder().setResponseId("r1").setCycleId("2026-H2").setTeamId("T1").setSubjectId("S1")
        .setRaterId("R1").setRaterGroup(RaterGroup.PEER).setSubmittedAt(Instant.parse("2026-10-01T08:00:00Z"))
        .setInstrumentId("leadership-vs-management").setInstrumentVersion(1).setAnswers(answers).build();
  }
}
