package dev.feedback360.cli;

import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.RaterCounts;
import dev.feedback360.avro.TeamScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Team scores as an aligned text table ({@code scores --format table}): balance per axis with an arrow (up = leader
 * side, down = manager side), two decimals toward zero for reading only ({@link BalanceText}; the JSON format carries
 * the exact values). Left-aligned columns two spaces apart, trailing spaces stripped.
 */
final class ScoresTableText {

  private static final String[] HEADER =
      {"CYCLE", "TEAM", "STATUS", "STYLE", "BALANCE", "CHANGE", "FOCUS", "HORIZON", "RATERS S/M/P/D/O"};

  private ScoresTableText() {}

  static String render(List<TeamScores> teams) {
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
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]));
        if (i < row.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    if (teams.isEmpty()) {
      out.append("(no teams)").append(System.lineSeparator());
    }
    return out.toString();
  }

  private static String axis(AxisScores axis) {
    return balance(axis.getBalance());
  }

  static String balance(Double value) {
    if (value == null) {
      return "suppressed";
    }
    String arrow = value > 0 ? "\u2191" : value < 0 ? "\u2193" : "=";
    return BalanceText.twoDecimals(value) + " " + arrow;
  }

  private static String raters(RaterCounts r) {
    return r.getSelf() + "/" + r.getManager() + "/" + r.getPeer() + "/" + r.getDirectReport() + "/" + r.getOther();
  }
}
