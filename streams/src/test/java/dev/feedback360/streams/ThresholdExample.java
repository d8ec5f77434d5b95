package dev.feedback360.streams;

import static dev.feedback360.testkit.Responses.response;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Two teams of cycle 2026-H1 where k = 3 and k = 5 differ in exactly one place, computed by hand.
 *
 * <pre>
 * T4: 4 peers of S4.  CHANGE_L1 = 5,4,4,3 (sum 16)  CHANGE_M1 = 2,2,3,1 (sum 8)
 * T5: 5 peers of S5.  CHANGE_L1 = 5,5,4,4,2 (sum 20)  CHANGE_M1 = 1,2,3,2,2 (sum 10)
 *
 * k = 3: both peer groups count.
 *   T4  PUBLISHED  CHANGE leader mean 16/4 = 4.0, sd sqrt((1+0+0+1)/3) = sqrt(2/3), n 4, raters 4
 *                  CHANGE manager mean 8/4 = 2.0; balance 2.0; overall LEADING
 *   T5  PUBLISHED  CHANGE leader mean 20/5 = 4.0, manager 10/5 = 2.0; balance 2.0; overall LEADING
 * k = 5: T4's peer group (4 raters) no longer counts: nothing of T4 is published.
 *   T4  SUPPRESSED every cell n 0, raters 0, mean null; overall null; raters PEER still 4
 *   T5  unchanged but for minRaters = 5
 * </pre>
 */
public final class ThresholdExample {

  public static final String CYCLE = "2026-H1";
  public static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");

  private ThresholdExample() {}

  public static List<SurveyResponse> responses() {
    List<SurveyResponse> all = new ArrayList<>();
    int[][] t4 = {{5, 2}, {4, 2}, {4, 3}, {3, 1}};
    int[][] t5 = {{5, 1}, {5, 2}, {4, 3}, {4, 2}, {2, 2}};
    for (int i = 0; i < t4.length; i++) {
      all.add(peer("T4", "S4", "Q" + i, i, t4[i]));
    }
    for (int i = 0; i < t5.length; i++) {
      all.add(peer("T5", "S5", "R" + i, 10 + i, t5[i]));
    }
    return all;
  }

  private static SurveyResponse peer(String team, String subject, String rater, int seconds, int[] scores) {
    return response(CYCLE, team, subject, rater, RaterGroup.PEER, T0.plusSeconds(seconds),
        "CHANGE_L1=" + scores[0] + " CHANGE_M1=" + scores[1]);
  }
}
