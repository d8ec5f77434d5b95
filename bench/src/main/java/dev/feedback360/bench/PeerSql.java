package dev.feedback360.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.topics.JsonKeys;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The analyst's alternative to a replay: the team scores of docs/scoring.md computed by DuckDB SQL from the file
 * {@code export --raw} writes (CSV: one row per counted response, withdrawn ones already absent, one column per item).
 * The scores are those of every change published ({@code --min-change 1}): the exact rules, threshold k included.
 *
 * <p>The export carries item ids, not their cells; the SQL maps them to cells by the default instrument's naming
 * ({@code CHANGE_L1}: axis CHANGE, leader pole; {@code _M}: manager pole), which is the instrument the bench data
 * uses. What the SQL computes is compared field for field with the contract's JSON through {@link #comparable}.
 */
final class PeerSql {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> GROUPS = List.of("SELF", "MANAGER", "PEER", "DIRECT_REPORT", "OTHER");
  private static final List<String> AXES = List.of("CHANGE", "FOCUS", "HORIZON");
  private static final String EXPORT_COLUMNS = "response_id, cycle_id, team_id, subject_id, rater_id, rater_group, "
      + "submitted_at, instrument_id, instrument_version, channel";

  /**
   * Per (cycle, team) and axis: both cells, the axis' differences, the team's overall means and rater counts. Every
   * number is computed here; the Java side only copies the columns into the contract's shape. {@code %1$d} is k.
   */
  private static final String SCORES = """
      WITH
      teams AS (SELECT DISTINCT cycle_id, team_id FROM responses),
      answers AS (
        SELECT cycle_id, team_id, rater_id, rater_group,
               split_part(item, '_', 1) AS axis,
               CASE WHEN starts_with(split_part(item, '_', 2), 'L') THEN 'leader' ELSE 'manager' END AS pole,
               CAST(score AS BIGINT) AS score
        FROM (UNPIVOT responses ON COLUMNS(* EXCLUDE (%2$s)) INTO NAME item VALUE score)
        WHERE score IS NOT NULL),
      group_raters AS (
        SELECT cycle_id, team_id, rater_group, COUNT(DISTINCT rater_id) AS raters FROM answers GROUP BY ALL),
      pooled AS (
        SELECT a.cycle_id, a.team_id, a.axis, a.pole, COUNT(*) AS n, SUM(a.score) AS s,
               SUM(a.score * a.score) AS ss, COUNT(DISTINCT a.rater_id) AS raters
        FROM answers a JOIN group_raters g
          ON a.cycle_id = g.cycle_id AND a.team_id = g.team_id AND a.rater_group = g.rater_group
        WHERE a.rater_group <> 'SELF' AND g.raters >= %1$d
        GROUP BY ALL),
      self_cells AS (
        SELECT a.cycle_id, a.team_id, a.axis, a.pole, COUNT(*) AS n, SUM(a.score) AS s,
               COUNT(DISTINCT a.rater_id) AS raters
        FROM answers a JOIN group_raters g
          ON a.cycle_id = g.cycle_id AND a.team_id = g.team_id AND a.rater_group = g.rater_group
        WHERE a.rater_group = 'SELF' AND g.raters >= %1$d
        GROUP BY ALL),
      grid AS (
        SELECT t.cycle_id, t.team_id, x.axis, p.pole
        FROM teams t, (VALUES ('CHANGE'), ('FOCUS'), ('HORIZON')) x(axis), (VALUES ('leader'), ('manager')) p(pole)),
      cells AS (
        SELECT g.cycle_id, g.team_id, g.axis, g.pole,
               COALESCE(c.n, 0) AS n, COALESCE(c.s, 0) AS s, COALESCE(c.raters, 0) AS raters,
               CASE WHEN c.raters >= %1$d AND c.n > 0 THEN c.s::DOUBLE / c.n END AS mean,
               CASE WHEN c.raters >= %1$d AND c.n >= 2
                 THEN sqrt((c.n * c.ss - c.s * c.s)::DOUBLE / (c.n::DOUBLE * (c.n - 1))) END AS sd,
               CASE WHEN sc.raters >= %1$d THEN sc.s::DOUBLE / sc.n END AS self_mean
        FROM grid g
        LEFT JOIN pooled c
          ON c.cycle_id = g.cycle_id AND c.team_id = g.team_id AND c.axis = g.axis AND c.pole = g.pole
        LEFT JOIN self_cells sc
          ON sc.cycle_id = g.cycle_id AND sc.team_id = g.team_id AND sc.axis = g.axis AND sc.pole = g.pole),
      overall AS (
        SELECT cycle_id, team_id,
               SUM(s) FILTER (WHERE pole = 'leader' AND mean IS NOT NULL)::DOUBLE
                 / NULLIF(SUM(n) FILTER (WHERE pole = 'leader' AND mean IS NOT NULL), 0) AS leader_mean,
               SUM(s) FILTER (WHERE pole = 'manager' AND mean IS NOT NULL)::DOUBLE
                 / NULLIF(SUM(n) FILTER (WHERE pole = 'manager' AND mean IS NOT NULL), 0) AS manager_mean,
               bool_or(mean IS NOT NULL) AS published
        FROM cells GROUP BY ALL),
      raters AS (
        SELECT t.cycle_id, t.team_id,
               COALESCE(MAX(g.raters) FILTER (WHERE g.rater_group = 'SELF'), 0) AS self,
               COALESCE(MAX(g.raters) FILTER (WHERE g.rater_group = 'MANAGER'), 0) AS manager,
               COALESCE(MAX(g.raters) FILTER (WHERE g.rater_group = 'PEER'), 0) AS peer,
               COALESCE(MAX(g.raters) FILTER (WHERE g.rater_group = 'DIRECT_REPORT'), 0) AS direct_report,
               COALESCE(MAX(g.raters) FILTER (WHERE g.rater_group = 'OTHER'), 0) AS other
        FROM teams t LEFT JOIN group_raters g ON g.cycle_id = t.cycle_id AND g.team_id = t.team_id
        GROUP BY ALL)
      SELECT l.cycle_id, l.team_id, l.axis,
             l.mean AS l_mean, l.sd AS l_sd, l.n::INTEGER AS l_n, l.raters::INTEGER AS l_raters,
             m.mean AS m_mean, m.sd AS m_sd, m.n::INTEGER AS m_n, m.raters::INTEGER AS m_raters,
             l.mean - m.mean AS balance,
             l.self_mean - m.self_mean AS self_balance,
             (l.self_mean - m.self_mean) - (l.mean - m.mean) AS gap,
             o.leader_mean, o.manager_mean, o.leader_mean - o.manager_mean AS overall_balance,
             CASE WHEN o.leader_mean - o.manager_mean >= 0.5 THEN 'LEADING'
                  WHEN o.leader_mean - o.manager_mean <= -0.5 THEN 'MANAGING'
                  WHEN o.leader_mean - o.manager_mean IS NOT NULL THEN 'BALANCED' END AS style,
             CASE WHEN o.published THEN 'PUBLISHED' ELSE 'SUPPRESSED' END AS status,
             r.self::INTEGER AS r_self, r.manager::INTEGER AS r_manager, r.peer::INTEGER AS r_peer,
             r.direct_report::INTEGER AS r_direct_report, r.other::INTEGER AS r_other
      FROM cells l
      JOIN cells m ON m.cycle_id = l.cycle_id AND m.team_id = l.team_id AND m.axis = l.axis AND m.pole = 'manager'
      JOIN overall o ON o.cycle_id = l.cycle_id AND o.team_id = l.team_id
      JOIN raters r ON r.cycle_id = l.cycle_id AND r.team_id = l.team_id
      WHERE l.pole = 'leader'
      """;

  private final Connection duckdb;

  /** @param duckdb a DuckDB connection (an in-memory database: {@code jdbc:duckdb:}) */
  PeerSql(Connection duckdb) {
    this.duckdb = duckdb;
  }

  /** Loads the CSV of {@code export --raw} into the table {@code responses}; returns its rows. */
  long load(Path csv) throws SQLException {
    try (Statement statement = duckdb.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS responses");
      statement.execute("CREATE TABLE responses AS SELECT * FROM read_csv('"
          + csv.toAbsolutePath().toString().replace("'", "''") + "', header = true)");
      try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM responses")) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /**
   * The scores of every (cycle, team) of the loaded responses under threshold k, keyed as the JSON scores topic is
   * ({@code cycle/team}), in the contract's shape reduced to what {@link #comparable} keeps.
   */
  Map<String, ObjectNode> scores(int minRaters) throws SQLException {
    Map<String, ObjectNode> teams = new HashMap<>();
    try (Statement statement = duckdb.createStatement();
        ResultSet row = statement.executeQuery(String.format(Locale.ROOT, SCORES, minRaters, EXPORT_COLUMNS))) {
      while (row.next()) {
        String key = JsonKeys.of(row.getString("cycle_id"), row.getString("team_id"));
        ObjectNode team = teams.get(key);
        if (team == null) {
          team = JSON.createObjectNode();
          team.put("status", row.getString("status"));
          ObjectNode raters = team.putObject("raters");
          for (String group : GROUPS) {
            raters.put(group, row.getInt("r_" + group.toLowerCase(Locale.ROOT)));
          }
          team.putObject("axes");
          ObjectNode overall = team.putObject("overall");
          overall.put("leaderMean", number(row, "leader_mean"));
          overall.put("managerMean", number(row, "manager_mean"));
          overall.put("balance", number(row, "overall_balance"));
          overall.put("style", row.getString("style"));
          teams.put(key, team);
        }
        ObjectNode axis = ((ObjectNode) team.get("axes")).putObject(row.getString("axis"));
        cell(axis.putObject("leader"), row, "l_");
        cell(axis.putObject("manager"), row, "m_");
        axis.put("balance", number(row, "balance"));
        axis.put("selfBalance", number(row, "self_balance"));
        axis.put("gap", number(row, "gap"));
      }
    }
    Map<String, ObjectNode> comparable = new HashMap<>();
    teams.forEach((key, team) -> comparable.put(key, comparable(team)));
    return comparable;
  }

  /**
   * The fields of a team's scores record that the SQL computes, in one fixed order: status, raters per group, per
   * axis both cells (mean, sd, n, raters), balance, selfBalance and gap, and the overall means, balance and style.
   * Left out: the key's cycleId and teamId, minRaters and minChange (the rule, an input), pendingRaters (0 when every
   * change is published) and updatedAt (an event time, not a score). Doubles compare exactly: the SQL does the same
   * integer sums and the same IEEE divisions, square root and subtractions as {@code ScoreCalculator}.
   */
  static ObjectNode comparable(JsonNode record) {
    ObjectNode out = JSON.createObjectNode();
    out.put("status", record.path("status").asText(null));
    ObjectNode raters = out.putObject("raters");
    for (String group : GROUPS) {
      raters.put(group, record.path("raters").path(group).asInt());
    }
    ObjectNode axes = out.putObject("axes");
    for (String name : AXES) {
      JsonNode axis = record.path("axes").path(name);
      ObjectNode into = axes.putObject(name);
      for (String pole : List.of("leader", "manager")) {
        JsonNode cell = axis.path(pole);
        ObjectNode cellOut = into.putObject(pole);
        cellOut.put("mean", doubleOrNull(cell.get("mean")));
        cellOut.put("sd", doubleOrNull(cell.get("sd")));
        cellOut.put("n", cell.path("n").asInt());
        cellOut.put("raters", cell.path("raters").asInt());
      }
      into.put("balance", doubleOrNull(axis.get("balance")));
      into.put("selfBalance", doubleOrNull(axis.get("selfBalance")));
      into.put("gap", doubleOrNull(axis.get("gap")));
    }
    JsonNode overall = record.path("overall");
    ObjectNode overallOut = out.putObject("overall");
    overallOut.put("leaderMean", doubleOrNull(overall.get("leaderMean")));
    overallOut.put("managerMean", doubleOrNull(overall.get("managerMean")));
    overallOut.put("balance", doubleOrNull(overall.get("balance")));
    JsonNode style = overall.get("style");
    overallOut.put("style", style == null || style.isNull() ? null : style.asText());
    return out;
  }

  private static void cell(ObjectNode cell, ResultSet row, String prefix) throws SQLException {
    cell.put("mean", number(row, prefix + "mean"));
    cell.put("sd", number(row, prefix + "sd"));
    cell.put("n", row.getInt(prefix + "n"));
    cell.put("raters", row.getInt(prefix + "raters"));
  }

  private static Double number(ResultSet row, String column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }

  private static Double doubleOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asDouble();
  }
}
