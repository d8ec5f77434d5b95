package dev.feedback360.testkit;

import static dev.feedback360.testkit.Responses.response;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import java.time.Instant;
import java.util.List;

/**
 * The worked example of docs/scoring.md: team T1 in cycle 2026-H2, threshold k = 3. Keep both in step.
 *
 * <p>Peers P1..P3 (publishable: 3 raters), one manager M1 and two direct reports D1, D2 (both groups under k, so
 * left out entirely), and S1's self-rating. HORIZON is not observed by anyone.
 */
public final class WorkedExample {

  public static final String CYCLE = "2026-H2";
  public static final String TEAM = "T1";
  public static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");

  private WorkedExample() {}

  public static List<SurveyResponse> responses() {
    return List.of(
        peer("P1", "S1", 1, "CHANGE_L1=5 CHANGE_L2=4 CHANGE_M1=2 CHANGE_M2=3 FOCUS_L1=4 FOCUS_M1=3"),
        peer("P2", "S1", 2, "CHANGE_L1=4 CHANGE_L2=4 CHANGE_M1=3 CHANGE_M2=2 FOCUS_L1=5 FOCUS_M1=2"),
        peer("P3", "S2", 3, "CHANGE_L1=3 CHANGE_L2=5 CHANGE_M1=1 CHANGE_M2=2 FOCUS_L1=NA FOCUS_M1=3"),
        response(CYCLE, TEAM, "S1", "M1", RaterGroup.MANAGER, T0.plusSeconds(4),
            "CHANGE_L1=1 CHANGE_L2=1 CHANGE_M1=1 CHANGE_M2=1 FOCUS_L1=1 FOCUS_M1=1"),
        response(CYCLE, TEAM, "S1", "D1", RaterGroup.DIRECT_REPORT, T0.plusSeconds(5),
            "CHANGE_L1=5 CHANGE_L2=5 CHANGE_M1=5 CHANGE_M2=5 FOCUS_L1=5 FOCUS_M1=5"),
        response(CYCLE, TEAM, "S2", "D2", RaterGroup.DIRECT_REPORT, T0.plusSeconds(6),
            "CHANGE_L1=5 CHANGE_L2=5 CHANGE_M1=5 CHANGE_M2=5 FOCUS_L1=5 FOCUS_M1=5"),
        response(CYCLE, TEAM, "S1", "S1", RaterGroup.SELF, T0.plusSeconds(7),
            "CHANGE_L1=5 CHANGE_L2=5 CHANGE_M1=1 CHANGE_M2=2 FOCUS_L1=4 FOCUS_M1=4"));
  }

  /** When the last response of the example was submitted. */
  public static Instant lastSubmittedAt() {
    return T0.plusSeconds(7);
  }

  public static SurveyResponse peer(String rater, String subject, int secondsAfterT0, String scores) {
    return response(CYCLE, TEAM, subject, rater, RaterGroup.PEER, T0.plusSeconds(secondsAfterT0), scores);
  }
}
