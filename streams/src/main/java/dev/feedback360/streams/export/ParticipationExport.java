package dev.feedback360.streams.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.streams.read.ParticipationReader.TeamParticipation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes participation (the latest value per team of a participation topic) to a file, atomically: CSV with one row
 * per team and rater group ({@link #HEADER}; a team without groups gets one row with the group columns empty, so
 * that its unnominated responses are not lost), or the values as in the topic, one per line.
 */
public final class ParticipationExport {

  /** The CSV columns: the team's fields, then the group's, then the team's totals. */
  public static final List<String> HEADER = List.of("cycleId", "teamId", "roster", "minRaters", "group", "invited",
      "responded", "rate", "counted", "atRisk", "teamInvited", "teamResponded", "teamRate", "unnominated",
      "updatedAt");

  private ParticipationExport() {}

  /** Writes {@code teams} in {@code format}. */
  public static void write(List<TeamParticipation> teams, ExportFormat format, Path file) {
    AtomicFile.write(file, writer -> {
      if (format == ExportFormat.csv) {
        writer.write(Csv.row(HEADER));
        for (TeamParticipation team : teams) {
          for (List<String> row : rows(team.value())) {
            writer.write(Csv.row(row));
          }
        }
      } else {
        for (TeamParticipation team : teams) {
          writer.write(team.json());
          writer.write('\n');
        }
      }
    });
  }

  /** The CSV rows of one team: one per group, in the contract's group order. */
  static List<List<String>> rows(JsonNode team) {
    List<List<String>> rows = new ArrayList<>();
    for (RaterGroup group : RaterGroup.values()) {
      JsonNode counts = team.path("groups").get(group.name());
      if (counts != null) {
        rows.add(row(team, group.name(), counts));
      }
    }
    if (rows.isEmpty()) {
      rows.add(row(team, null, null));
    }
    return rows;
  }

  private static List<String> row(JsonNode team, String group, JsonNode counts) {
    List<String> row = new ArrayList<>();
    row.add(Csv.text(team.get("cycleId")));
    row.add(Csv.text(team.get("teamId")));
    row.add(Csv.text(team.get("roster")));
    row.add(Csv.text(team.get("minRaters")));
    row.add(group);
    for (String field : List.of("invited", "responded", "rate", "counted", "atRisk")) {
      row.add(counts == null ? null : Csv.text(counts.get(field)));
    }
    row.add(Csv.text(team.get("invited")));
    row.add(Csv.text(team.get("responded")));
    row.add(Csv.text(team.get("rate")));
    row.add(Csv.text(team.get("unnominated")));
    row.add(Csv.text(team.get("updatedAt")));
    return row;
  }
}
