package dev.feedback360.cli.table;

import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.RaterCounts;
import dev.feedback360.avro.TeamScores;
import java.util.ArrayList;
import java.util.List;

/**
 * Team scores as an aligned text table for people ({@code scores --format table}): balance per axis with an arrow
 * (up = leader side, down = manager side), two decimals toward zero for reading only ({@link BalanceText}: a figure
 * never crosses a style threshold its exact value does not; the JSON format carries the exact values). Sign and
 * arrow follow the figure shown: a balance that reads 0.00 (between -0.01 and +0.01, exclusive) is {@code 0.00 =}.
 */
public final class ScoresTable {

  private static final String[] HEADER =
      {"CYCLE", "TEAM", "STATUS", "STYLE", "BALANCE", "CHANGE", "FOCUS", "HORIZON", "RATERS S/M/P/D/O"};

  private static final String ZERO = "0.00";

  private ScoresTable() {}

  public static String render(List<TeamScores> teams) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (TeamScores team : teams) {
      rows.add(new String[] {
          team.getCycleId(),
          team.getTeamId(),
          team.getStatus().name(),
          team.getOverall().getStyle() == null ? "-" : team.getOverall().getStyle().name(),
          balance(team.getOverall().getBalance()),
          axis(team.getAxes().getChange()),
          axis(team.getAxes().getFocus()),
          axis(team.getAxes().getHorizon()),
          raters(team.getRaters())});
    }
    return TextTable.render(rows, HEADER.length, teams.isEmpty());
  }

  private static String axis(AxisScores axis) {
    return balance(axis.getBalance());
  }

  static String balance(Double value) {
    if (value == null) {
      return "suppressed";
    }
    String shown = BalanceText.twoDecimals(value);
    if (shown.substring(1).equals(ZERO)) {
      // -0.00367 reads 0.00, not -0.00 with a down arrow: sign and arrow follow the figure shown.
      return ZERO + " =";
    }
    return shown + " " + (value > 0 ? "\u2191" : "\u2193");
  }

  private static String raters(RaterCounts r) {
    return r.getSelf() + "/" + r.getManager() + "/" + r.getPeer() + "/" + r.getDirectReport() + "/" + r.getOther();
  }
}
