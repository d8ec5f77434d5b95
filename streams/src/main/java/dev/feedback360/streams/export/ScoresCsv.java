package dev.feedback360.streams.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.json.TeamScoresJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON contract of team scores flattened into CSV columns, one row per team and cycle: the path of each value
 * joined with '_', without the "axes" level ({@code raters_PEER}, {@code CHANGE_leader_mean}, {@code overall_style}).
 * Null values are empty cells; numbers are written exactly as in the JSON contract (full double precision).
 */
public final class ScoresCsv {

  /** The columns, in order. */
  public static final List<String> HEADER = header();

  private ScoresCsv() {}

  private static List<String> header() {
    List<String> columns = new ArrayList<>(List.of("cycleId", "teamId", "status", "minRaters"));
    for (RaterGroup group : RaterGroup.values()) {
      columns.add("raters_" + TeamScoresJson.name(group));
    }
    for (Axis value : Axis.values()) {
      String axis = TeamScoresJson.name(value);
      for (Pole pole : Pole.values()) {
        for (String field : List.of("mean", "sd", "n", "raters")) {
          columns.add(axis + "_" + TeamScoresJson.name(pole) + "_" + field);
        }
      }
      columns.add(axis + "_balance");
      columns.add(axis + "_selfBalance");
      columns.add(axis + "_gap");
    }
    for (String field : List.of("leaderMean", "managerMean", "balance", "style")) {
      columns.add("overall_" + field);
    }
    columns.add("updatedAt");
    // Added with TeamScores v2, after the first release's columns so that readers by position keep working.
    columns.add("minChange");
    columns.add("pendingRaters");
    return List.copyOf(columns);
  }

  /** The header row. */
  public static String headerRow() {
    return Csv.row(HEADER);
  }

  /**
   * One team's row.
   *
   * @throws IllegalStateException if the JSON contract has fields the CSV columns do not cover (a defect)
   */
  public static String row(TeamScores team) {
    Map<String, String> flat = new LinkedHashMap<>();
    flatten(TeamScoresJson.toJson(team), "", flat);
    if (!flat.keySet().equals(new HashSet<>(HEADER))) {
      throw new IllegalStateException("The CSV columns no longer match the JSON contract: columns " + HEADER
          + ", contract " + flat.keySet());
    }
    List<String> cells = new ArrayList<>(HEADER.size());
    for (String column : HEADER) {
      cells.add(flat.get(column));
    }
    return Csv.row(cells);
  }

  private static void flatten(JsonNode node, String prefix, Map<String, String> into) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = field.getKey();
        String path = name.equals("axes") && prefix.isEmpty() ? "" : prefix + name + "_";
        flatten(field.getValue(), path, into);
      }
      return;
    }
    String column = prefix.substring(0, prefix.length() - 1);
    into.put(column, Csv.text(node));
  }
}
