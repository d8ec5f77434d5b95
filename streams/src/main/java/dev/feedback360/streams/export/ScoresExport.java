package dev.feedback360.streams.export;

import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.json.TeamScoresJson;
import java.nio.file.Path;
import java.util.List;

/** Writes team scores (the latest record per team and cycle of a scores topic) to a file, atomically. */
public final class ScoresExport {

  private ScoresExport() {}

  /** Writes {@code teams} in {@code format}: CSV with {@link ScoresCsv} columns, or the JSON contract per line. */
  public static void write(List<TeamScores> teams, ExportFormat format, Path file) {
    AtomicFile.write(file, writer -> {
      if (format == ExportFormat.csv) {
        writer.write(ScoresCsv.headerRow());
        for (TeamScores team : teams) {
          writer.write(ScoresCsv.row(team));
        }
      } else {
        for (TeamScores team : teams) {
          writer.write(TeamScoresJson.toJsonLine(team));
          writer.write('\n');
        }
      }
    });
  }
}
