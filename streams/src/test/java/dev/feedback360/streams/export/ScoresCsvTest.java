package dev.feedback360.streams.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.testkit.WorkedExample;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoresCsvTest {

  @Test
  void shouldKeepTheFirstReleasesColumnsInPlaceAndAppendTheNewOnes() {
    assertThat(ScoresCsv.HEADER).startsWith("cycleId", "teamId", "status", "minRaters", "raters_SELF")
        .contains("raters_DIRECT_REPORT", "CHANGE_leader_mean", "FOCUS_manager_raters", "HORIZON_gap",
            "overall_style")
        .endsWith("updatedAt", "minChange", "pendingRaters")
        .hasSize(4 + 5 + 3 * 11 + 4 + 1 + 2)
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldWriteTheHeaderAndTheWorkedExampleByteForByte() {
    // The columns in docs and in analysts' spreadsheets: exactly these, in this order.
    assertThat(ScoresCsv.headerRow()).isEqualTo("cycleId,teamId,status,minRaters,"
        + "raters_SELF,raters_MANAGER,raters_PEER,raters_DIRECT_REPORT,raters_OTHER,"
        + "CHANGE_leader_mean,CHANGE_leader_sd,CHANGE_leader_n,CHANGE_leader_raters,"
        + "CHANGE_manager_mean,CHANGE_manager_sd,CHANGE_manager_n,CHANGE_manager_raters,"
        + "CHANGE_balance,CHANGE_selfBalance,CHANGE_gap,"
        + "FOCUS_leader_mean,FOCUS_leader_sd,FOCUS_leader_n,FOCUS_leader_raters,"
        + "FOCUS_manager_mean,FOCUS_manager_sd,FOCUS_manager_n,FOCUS_manager_raters,"
        + "FOCUS_balance,FOCUS_selfBalance,FOCUS_gap,"
        + "HORIZON_leader_mean,HORIZON_leader_sd,HORIZON_leader_n,HORIZON_leader_raters,"
        + "HORIZON_manager_mean,HORIZON_manager_sd,HORIZON_manager_n,HORIZON_manager_raters,"
        + "HORIZON_balance,HORIZON_selfBalance,HORIZON_gap,"
        + "overall_leaderMean,overall_managerMean,overall_balance,overall_style,updatedAt,minChange,pendingRaters\n");
    // docs/scoring.md's worked example (the numbers README's scores section shows), cell by cell.
    assertThat(ScoresCsv.row(workedExample())).isEqualTo("2026-H2,T1,PUBLISHED,3,1,1,3,2,0,"
        + "4.166666666666667,0.752772652709081,6,3,2.1666666666666665,0.752772652709081,6,3,2.0000000000000004,,,"
        + ",,2,2,2.6666666666666665,0.5773502691896257,3,3,,,,"
        + ",,0,0,,,0,0,,,,"
        + "4.166666666666667,2.3333333333333335,1.8333333333333335,LEADING,2026-10-01T09:00:07Z,3,0\n");
  }

  @Test
  void shouldFlattenTheWorkedExampleWithNullsAsEmptyCells() {
    Map<String, String> row = parse(ScoresCsv.row(workedExample()));

    // docs/scoring.md: CHANGE leader 25/6, FOCUS leader suppressed (2 raters < 3), HORIZON not observed.
    assertThat(row).containsEntry("cycleId", "2026-H2").containsEntry("teamId", "T1")
        .containsEntry("status", "PUBLISHED").containsEntry("minRaters", "3")
        .containsEntry("raters_PEER", "3").containsEntry("raters_DIRECT_REPORT", "2")
        .containsEntry("CHANGE_leader_mean", "4.166666666666667").containsEntry("CHANGE_leader_n", "6")
        .containsEntry("FOCUS_leader_mean", "").containsEntry("FOCUS_leader_raters", "2")
        .containsEntry("HORIZON_balance", "").containsEntry("overall_style", "LEADING")
        .containsEntry("updatedAt", "2026-10-01T09:00:07Z");
  }

  private static Map<String, String> parse(String line) {
    assertThat(line).endsWith("\n").doesNotContain("\"");
    List<String> cells = List.of(line.substring(0, line.length() - 1).split(",", -1));
    assertThat(cells).hasSameSizeAs(ScoresCsv.HEADER);
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      row.put(ScoresCsv.HEADER.get(i), cells.get(i));
    }
    return row;
  }

  private static TeamScores workedExample() {
    TeamAggregate aggregate = new TeamAggregate();
    WorkedExample.responses().forEach(aggregate::add);
    return new ScoreCalculator(ScoringConfig.defaults())
        .scores(new TeamKey(WorkedExample.CYCLE, WorkedExample.TEAM), aggregate, WorkedExample.lastSubmittedAt());
  }
}
