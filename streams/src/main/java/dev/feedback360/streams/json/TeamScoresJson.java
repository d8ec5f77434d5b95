package dev.feedback360.streams.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.OverallScores;
import dev.feedback360.avro.RaterCounts;
import dev.feedback360.avro.TeamScores;

/**
 * The JSON contract of team scores, shared by the scores command and every later JSON consumer:
 *
 * <pre>
 * {"cycleId","teamId","status","minRaters",
 *  "raters":{"SELF":n,"MANAGER":n,"PEER":n,"DIRECT_REPORT":n,"OTHER":n},
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
    RaterCounts raters = scores.getRaters();
    ObjectNode ratersNode = root.putObject("raters");
    ratersNode.put("SELF", raters.getSelf());
    ratersNode.put("MANAGER", raters.getManager());
    ratersNode.put("PEER", raters.getPeer());
    ratersNode.put("DIRECT_REPORT", raters.getDirectReport());
    ratersNode.put("OTHER", raters.getOther());
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

  /** The contract as one line of JSON. */
  public static String toJsonLine(TeamScores scores) {
    try {
      return MAPPER.writeValueAsString(toJson(scores));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write team scores as JSON: " + e.getOriginalMessage(), e);
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
