package dev.feedback360.producer.nudge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.testkit.Responses;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The nudge list of a hand-worked cycle 2026-H2, k = 3 (pseudonyms are single letters here).
 *
 * <pre>
 * nominations, in file order            counted response on the key      answered?
 *  1 S1/a T1 PEER                         T1 PEER, scores                  yes
 *  2 S1/b T1 PEER                         T1 PEER, scores                  yes
 *  3 S2/c T1 PEER                         T1 PEER, every item NA           yes (answered; not a counted rater)
 *  4 S2/d T1 PEER                         none                             no
 *  5 S1/m T1 MANAGER                      T1 MANAGER, scores               yes
 *  6 S2/e T1 MANAGER                      T1 DIRECT_REPORT, scores         no (another group)
 *  7 S3/f T2 PEER      replaced by 9
 *  8 S1/g T1 PEER, cycle 2027-H1          -                                other cycle, left out
 *  9 S3/f T2 OTHER                        T2 PEER, scores                  no (moved to OTHER)
 * 10 S1/h T1 PEER                         none (withdrawn)                 no
 * 11 S4/t T3 PEER                         T1 PEER, scores                  no (another team)
 * plus S1/x T1 PEER, scores, not nominated; S9/a T1 MANAGER in 2027-H1.
 *
 * groups     invited          responded    counted (raters with a score)   at risk (counted &lt; 3)
 * T1 MANAGER {m, e} = 2       {m} = 1      {m} = 1                         yes
 * T1 PEER    {a,b,c,d,h} = 5  {a,b,c} = 3  {a, b, x, t} = 4 (not c)        no
 * T2 OTHER   {f} = 1          0            0 (f answered as PEER)          yes
 * T3 PEER    {t} = 1          0            0                               yes
 * </pre>
 */
class NudgeListTest {

  private static final String CYCLE = "2026-H2";
  private static final Instant AT = Instant.parse("2026-10-01T09:00:00Z");

  private static final List<NudgeList.Nominated<String>> NOMINATIONS = List.of(
      nominated(CYCLE, "S1", "a", "T1", RaterGroup.PEER, "a"),
      nominated(CYCLE, "S1", "b", "T1", RaterGroup.PEER, "b"),
      nominated(CYCLE, "S2", "c", "T1", RaterGroup.PEER, "c"),
      nominated(CYCLE, "S2", "d", "T1", RaterGroup.PEER, "d"),
      nominated(CYCLE, "S1", "m", "T1", RaterGroup.MANAGER, "m"),
      nominated(CYCLE, "S2", "e", "T1", RaterGroup.MANAGER, "e-as-manager"),
      nominated(CYCLE, "S3", "f", "T2", RaterGroup.PEER, "f-first"),
      nominated("2027-H1", "S1", "g", "T1", RaterGroup.PEER, "g-other-cycle"),
      nominated(CYCLE, "S3", "f", "T2", RaterGroup.OTHER, "f-moved"),
      nominated(CYCLE, "S1", "h", "T1", RaterGroup.PEER, "h-withdrawn"),
      nominated(CYCLE, "S4", "t", "T3", RaterGroup.PEER, "t-team"));

  private static final List<SurveyResponse> COUNTED = List.of(
      response(CYCLE, "T1", "S1", "a", RaterGroup.PEER, "CHANGE_L1=4"),
      response(CYCLE, "T1", "S1", "b", RaterGroup.PEER, "FOCUS_M1=2"),
      response(CYCLE, "T1", "S2", "c", RaterGroup.PEER, "CHANGE_L1=NA"),
      response(CYCLE, "T1", "S1", "m", RaterGroup.MANAGER, "CHANGE_L1=3"),
      response(CYCLE, "T1", "S2", "e", RaterGroup.DIRECT_REPORT, "CHANGE_L1=5"),
      response(CYCLE, "T2", "S3", "f", RaterGroup.PEER, "CHANGE_L1=1"),
      response(CYCLE, "T1", "S4", "t", RaterGroup.PEER, "CHANGE_L1=2"),
      response(CYCLE, "T1", "S1", "x", RaterGroup.PEER, "CHANGE_L1=5"),
      response("2027-H1", "T1", "S9", "a", RaterGroup.MANAGER, "CHANGE_L1=5"));

  private static final NudgeList.Group T1_MANAGER = new NudgeList.Group("T1", RaterGroup.MANAGER, 2, 1, 1, true);
  private static final NudgeList.Group T1_PEER = new NudgeList.Group("T1", RaterGroup.PEER, 5, 3, 4, false);
  private static final NudgeList.Group T2_OTHER = new NudgeList.Group("T2", RaterGroup.OTHER, 1, 0, 0, true);
  private static final NudgeList.Group T3_PEER = new NudgeList.Group("T3", RaterGroup.PEER, 1, 0, 0, true);

  @Test
  void shouldListTheNominationsNotAnsweredInFileOrderWithTheLastRowOfAKey() {
    NudgeList.Result<String> result = NudgeList.of(CYCLE, NOMINATIONS, COUNTED, 3, null, false);

    assertThat(result.notAnswered()).containsExactly("d", "e-as-manager", "f-moved", "h-withdrawn", "t-team");
    assertThat(result.groups()).containsExactly(T1_MANAGER, T1_PEER, T2_OTHER, T3_PEER);
  }

  @Test
  void shouldKeepOneTeam() {
    NudgeList.Result<String> result = NudgeList.of(CYCLE, NOMINATIONS, COUNTED, 3, "T1", false);

    assertThat(result.notAnswered()).containsExactly("d", "e-as-manager", "h-withdrawn");
    assertThat(result.groups()).containsExactly(T1_MANAGER, T1_PEER);
  }

  @Test
  void shouldKeepOnlyTheGroupsAtRiskForK() {
    assertThat(NudgeList.of(CYCLE, NOMINATIONS, COUNTED, 3, null, true).notAnswered())
        .containsExactly("e-as-manager", "f-moved", "t-team");
    // k = 1: T1 MANAGER has its one counted rater, T2 OTHER and T3 PEER have none
    assertThat(NudgeList.of(CYCLE, NOMINATIONS, COUNTED, 1, null, true).notAnswered())
        .containsExactly("f-moved", "t-team");
    assertThat(NudgeList.of(CYCLE, NOMINATIONS, COUNTED, 3, "T1", true).notAnswered())
        .containsExactly("e-as-manager");
  }

  @Test
  void shouldBeEmptyWhenEveryNominationIsAnswered() {
    NudgeList.Result<String> result = NudgeList.of(CYCLE, NOMINATIONS.subList(0, 3), COUNTED, 3, null, false);

    assertThat(result.notAnswered()).isEmpty();
    // a, b and c answered; a, b and the unnominated x count: 3 raters, not at risk
    assertThat(result.groups()).containsExactly(new NudgeList.Group("T1", RaterGroup.PEER, 3, 3, 4, false));
  }

  private static NudgeList.Nominated<String> nominated(String cycle, String subject, String rater, String team,
      RaterGroup group, String row) {
    return new NudgeList.Nominated<>(new ResponseKey(cycle, subject, rater), team, group, row);
  }

  private static SurveyResponse response(String cycle, String team, String subject, String rater,
      RaterGroup group, String scores) {
    return Responses.response(cycle, team, subject, rater, group, AT, scores);
  }
}
