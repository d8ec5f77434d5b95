package dev.feedback360.producer.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.producer.parse.ResponseRow;
import dev.feedback360.producer.testing.Fixtures;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseValidatorTest {

  /** echo -n emp-00042 | openssl dgst -sha256 -hmac 0123456789abcdef-test-key */
  private static final String PSEUDONYM_OF_EMP_00042 =
      "c48a4eb95f80aaf9196e1f29230b1439df2638d92f2cb06bb1fbba8b0d9546ae";
  /** HMAC-SHA256 of "self\0emp-00042" under the fixture key (computed with Python's hmac module). */
  private static final String SELF_PSEUDONYM_OF_EMP_00042 =
      "a8d1bcd544ccd2a7732f4037e0645d3caa9be9dcbd6c8da9504fd79ed0da776c";

  private final ResponseValidator validator = Fixtures.validator();

  @Test
  void shouldBuildAKeyAndValueWithThePseudonymisedRaterAndOneAnswerPerItemInInstrumentOrder() {
    ResponseRow row = new ResponseRow("r1", "2026-H2", "team-01", "emp-00001", "emp-00042", "direct report",
        "2026-09-30T12:00:00.123456+02:00", Map.of("HORIZON_M2", "5", "CHANGE_L1", "4", "FOCUS_L1", "NA"));

    Validation validation = validator.validate(row);

    assertThat(validation).isInstanceOfSatisfying(Validation.Valid.class, valid -> {
      assertThat(valid.key()).isEqualTo(new ResponseKey("2026-H2", "emp-00001", PSEUDONYM_OF_EMP_00042));
      SurveyResponse value = valid.value();
      assertThat(value.getResponseId()).isEqualTo("r1");
      assertThat(value.getTeamId()).isEqualTo("team-01");
      assertThat(value.getSubjectId()).isEqualTo("emp-00001");
      assertThat(value.getRaterId()).isEqualTo(PSEUDONYM_OF_EMP_00042);
      assertThat(value.getRaterGroup()).isEqualTo(RaterGroup.DIRECT_REPORT);
      // 12:00:00.123456 at +02:00 is 10:00:00.123456 UTC, kept to the millisecond
      assertThat(value.getSubmittedAt()).isEqualTo(Instant.parse("2026-09-30T10:00:00.123Z"));
      assertThat(value.getInstrumentId()).isEqualTo("leadership-vs-management");
      assertThat(value.getInstrumentVersion()).isEqualTo(1);
      assertThat(value.getAnswers()).hasSize(12)
          .extracting(Answer::getItemId).containsExactlyElementsOf(Fixtures.INSTRUMENT.itemIds());
      assertThat(value.getAnswers().get(0)).isEqualTo(new Answer("CHANGE_L1", Axis.CHANGE, Pole.LEADER, 4));
      assertThat(value.getAnswers().get(4)).isEqualTo(new Answer("FOCUS_L1", Axis.FOCUS, Pole.LEADER, null));
      assertThat(value.getAnswers().get(11)).isEqualTo(new Answer("HORIZON_M2", Axis.HORIZON, Pole.MANAGER, 5));
      assertThat(value.getAnswers()).filteredOn(answer -> answer.getScore() == null).hasSize(10);
    });
  }

  @Test
  void shouldCompareRaterAndSubjectOnTheRawIds() {
    ResponseRow self = new ResponseRow("r1", "2026-H2", "team-01", "emp-00042", "emp-00042", "SELF",
        "2026-09-30T10:00:00Z", Map.of("CHANGE_L1", "4"));

    assertThat(validator.validate(self)).isInstanceOfSatisfying(Validation.Valid.class,
        valid -> assertThat(valid.key().getRaterId()).isEqualTo(SELF_PSEUDONYM_OF_EMP_00042));
    assertThat(validator.keyOf("2026-H2", "emp-00042", "emp-00042").getRaterId())
        .as("a self-rating is withdrawn under the same key").isEqualTo(SELF_PSEUDONYM_OF_EMP_00042);
  }

  @Test
  void shouldBuildTheWithdrawalKeyLikeTheResponseKey() {
    assertThat(validator.keyOf("2026-H2", "emp-00001", "emp-00042"))
        .isEqualTo(new ResponseKey("2026-H2", "emp-00001", PSEUDONYM_OF_EMP_00042));
    assertThatThrownBy(() -> validator.keyOf("2026-H2", "=cmd", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot build the response key: subject_id starts with '=', which spreadsheets run as a formula; "
            + "rater_id is missing");
  }
}
