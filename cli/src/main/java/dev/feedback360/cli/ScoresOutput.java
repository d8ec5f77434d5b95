package dev.feedback360.cli;

import dev.feedback360.avro.TeamScores;
import dev.feedback360.cli.table.ScoresTable;
import dev.feedback360.streams.json.TeamScoresJson;
import java.io.PrintWriter;
import java.util.List;

/** Team scores printed for a reader: JSON lines (the contract) or a table; used by {@code scores} and {@code demo}. */
final class ScoresOutput {

  /** Output formats. */
  enum Format { jsonl, table }

  private ScoresOutput() {}

  static void print(PrintWriter out, List<TeamScores> teams, Format format) {
    if (format == Format.table) {
      out.print(ScoresTable.render(teams));
    } else {
      teams.forEach(team -> out.println(TeamScoresJson.toJsonLine(team)));
    }
    out.flush();
  }
}
