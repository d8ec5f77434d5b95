package dev.feedback360.streams.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.OverallScores;
import dev.feedback360.avro.RaterCounts;
import dev.feedback360.avro.TeamScores;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The JSON contract of team scores, shared by the scores command and every later JSON consumer:
 *
 * <pre>
 * {"cycleId","teamId","status","minRaters","minChange",
 *  "raters":{"SELF":n,"MANAGER":n,"PEER":n,"DIRECT_REPORT":n,"OTHER":n},"pendingRaters":n,
 *  "axes":{"CHANGE":{"leader":{"mean","sd","n","raters"},"manager":{...},"balance","selfBalance","gap"},
 *          "FOCUS":{...},"HORIZON":{...}},
 *  "overall":{"leaderMean","managerMean","balance","style"},
 *  "updatedAt":"ISO-8601 instant"}
 * </pre>
 *
 * Numbers are JSON numbers at full double precision; absent values are null.
 */
public final class TeamScoresJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TeamScoresJson() {}

  /** The contract as a JSON tree. */
  public static ObjectNode toJson(TeamScores scores) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("cycleId", scores.getCycleId());
    root.put("teamId", scores.getTeamId());
    root.put("status", scores.getStatus().name());
    root.put("minRaters", scores.getMinRaters());
    root.put("minChange", scores.getMinChange());
    RaterCounts raters = scores.getRaters();
    ObjectNode ratersNode = root.putObject("raters");
    ratersNode.put("SELF", raters.getSelf());
    ratersNode.put("MANAGER", raters.getManager());
    ratersNode.put("PEER", raters.getPeer());
    ratersNode.put("DIRECT_REPORT", raters.getDirectReport());
    ratersNode.put("OTHER", raters.getOther());
    root.put("pendingRaters", scores.getPendingRaters());
    ObjectNode axes = root.putObject("axes");
    axis(axes.putObject("CHANGE"), scores.getAxes().getChange());
    axis(axes.putObject("FOCUS"), scores.getAxes().getFocus());
    axis(axes.putObject("HORIZON"), scores.getAxes().getHorizon());
    OverallScores overall = scores.getOverall();
    ObjectNode overallNode = root.putObject("overall");
    overallNode.put("leaderMean", overall.getLeaderMean());
    overallNode.put("managerMean", overall.getManagerMean());
    overallNode.put("balance", overall.getBalance());
    overallNode.put("style", overall.getStyle() == null ? null : overall.getStyle().name());
    root.put("updatedAt", scores.getUpdatedAt().toString());
    return root;
  }

  /**
   * The contract as one line of JSON: the same characters as writing {@link #toJson}, streamed straight to a
   * generator (no tree is built; this runs once per scores update).
   */
  public static String toJsonLine(TeamScores scores) {
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("cycleId", scores.getCycleId());
      json.writeStringField("teamId", scores.getTeamId());
      json.writeStringField("status", scores.getStatus().name());
      json.writeNumberField("minRaters", scores.getMinRaters());
      json.writeNumberField("minChange", scores.getMinChange());
      RaterCounts raters = scores.getRaters();
      json.writeObjectFieldStart("raters");
      json.writeNumberField("SELF", raters.getSelf());
      json.writeNumberField("MANAGER", raters.getManager());
      json.writeNumberField("PEER", raters.getPeer());
      json.writeNumberField("DIRECT_REPORT", raters.getDirectReport());
      json.writeNumberField("OTHER", raters.getOther());
      json.writeEndObject();
      json.writeNumberField("pendingRaters", scores.getPendingRaters());
      json.writeObjectFieldStart("axes");
      axis(json, "CHANGE", scores.getAxes().getChange());
      axis(json, "FOCUS", scores.getAxes().getFocus());
      axis(json, "HORIZON", scores.getAxes().getHorizon());
      json.writeEndObject();
      OverallScores overall = scores.getOverall();
      json.writeObjectFieldStart("overall");
      number(json, "leaderMean", overall.getLeaderMean());
      number(json, "managerMean", overall.getManagerMean());
      number(json, "balance", overall.getBalance());
      json.writeStringField("style", overall.getStyle() == null ? null : overall.getStyle().name());
      json.writeEndObject();
      json.writeStringField("updatedAt", scores.getUpdatedAt().toString());
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write team scores as JSON: " + e.getMessage(), e);
    }
    return out.toString();
  }

  private static void axis(JsonGenerator json, String name, AxisScores axis) throws IOException {
    json.writeObjectFieldStart(name);
    cell(json, "leader", axis.getLeader());
    cell(json, "manager", axis.getManager());
    number(json, "balance", axis.getBalance());
    number(json, "selfBalance", axis.getSelfBalance());
    number(json, "gap", axis.getGap());
    json.writeEndObject();
  }

  private static void cell(JsonGenerator json, String name, CellScores cell) throws IOException {
    json.writeObjectFieldStart(name);
    number(json, "mean", cell.getMean());
    number(json, "sd", cell.getSd());
    json.writeNumberField("n", cell.getN());
    json.writeNumberField("raters", cell.getRaters());
    json.writeEndObject();
  }

  private static void number(JsonGenerator json, String name, Double value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }

  private static void axis(ObjectNode node, AxisScores axis) {
    cell(node.putObject("leader"), axis.getLeader());
    cell(node.putObject("manager"), axis.getManager());
    node.put("balance", axis.getBalance());
    node.put("selfBalance", axis.getSelfBalance());
    node.put("gap", axis.getGap());
  }

  private static void cell(ObjectNode node, CellScores cell) {
    node.put("mean", cell.getMean());
    node.put("sd", cell.getSd());
    node.put("n", cell.getN());
    node.put("raters", cell.getRaters());
  }
}
