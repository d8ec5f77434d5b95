package dev.feedback360.testkit;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Test data: responses on the default 12-item instrument, written as "CHANGE_L1=5 FOCUS_M1=NA ...". */
public final class Responses {

  /** The default instrument's id (producer/src/main/resources/.../default-instrument.json). */
  public static final String INSTRUMENT_ID = "leadership-vs-management";

  /** The default instrument's 12 item ids, in its order: three axes, two leader and two manager items each. */
  public static final List<String> ITEMS = List.of(
      "CHANGE_L1", "CHANGE_L2", "CHANGE_M1", "CHANGE_M2",
      "FOCUS_L1", "FOCUS_L2", "FOCUS_M1", "FOCUS_M2",
      "HORIZON_L1", "HORIZON_L2", "HORIZON_M1", "HORIZON_M2");

  private Responses() {}

  /**
   * A response; items not listed in {@code scores} are not observed.
   *
   * @param scores space-separated ITEM=score pairs, score an integer or NA
   */
  public static SurveyResponse response(String cycle, String team, String subject, String rater, RaterGroup group,
      Instant submittedAt, String scores) {
    Map<String, Integer> given = new LinkedHashMap<>();
    for (String pair : scores.trim().split("\\s+")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] kv = pair.split("=");
      given.put(kv[0], kv[1].equals("NA") ? null : Integer.valueOf(kv[1]));
    }
    List<Answer> answers = new ArrayList<>();
    for (String item : ITEMS) {
      answers.add(answer(item, given.remove(item)));
    }
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("Unknown items " + given.keySet());
    }
    return builder(cycle + "/" + subject + "/" + rater + "@" + submittedAt, cycle, team, subject, rater, group,
        submittedAt, answers).build();
  }

  /** A response on version 1 of the default instrument, to complete (a channel, say) and build. */
  public static SurveyResponse.Builder builder(String responseId, String cycle, String team, String subject,
      String rater, RaterGroup group, Instant submittedAt, List<Answer> answers) {
    return SurveyResponse.newBuilder()
        .setResponseId(responseId)
        .setCycleId(cycle)
        .setTeamId(team)
        .setSubjectId(subject)
        .setRaterId(rater)
        .setRaterGroup(group)
        .setSubmittedAt(submittedAt)
        .setInstrumentId(INSTRUMENT_ID)
        .setInstrumentVersion(1)
        .setAnswers(answers);
  }

  /** The answer to {@code item} of the default instrument; {@code score} null for not observed. */
  public static Answer answer(String item, Integer score) {
    String[] parts = item.split("_");
    Axis axis = Axis.valueOf(parts[0].toUpperCase(Locale.ROOT));
    Pole pole = parts[1].startsWith("L") ? Pole.LEADER : Pole.MANAGER;
    return new Answer(item, axis, pole, score);
  }

  public static ResponseKey keyOf(SurveyResponse response) {
    return new ResponseKey(response.getCycleId(), response.getSubjectId(), response.getRaterId());
  }

  /** A copy of the response with another submission time, team or scores. */
  public static SurveyResponse.Builder copy(SurveyResponse response) {
    return SurveyResponse.newBuilder(response);
  }
}
