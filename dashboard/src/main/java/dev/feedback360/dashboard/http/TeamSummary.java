package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.streams.json.TeamScoresJson;

/**
 * The summary of a team in list answers: a projection of the JSON contract that keeps its field names and nesting
 * (so a client reads a summary and a full record alike) and drops means, deviations and self-ratings:
 *
 * <pre>
 * {"cycleId","teamId","status","minRaters","minChange","raters":{...},"pendingRaters",
 *  "axes":{"CHANGE":{"leader":{"raters"},"manager":{"raters"},"balance"},"FOCUS":{...},"HORIZON":{...}},
 *  "overall":{"balance","style"},"updatedAt"}
 * </pre>
 */
final class TeamSummary {

  private TeamSummary() {}

  /** The summary of one record of the contract ({@code TeamScoresJson.toJson}). */
  static ObjectNode of(ObjectNode contract) {
    ObjectNode summary = contract.objectNode();
    summary.set("cycleId", contract.get("cycleId"));
    summary.set("teamId", contract.get("teamId"));
    summary.set("status", contract.get("status"));
    summary.set("minRaters", contract.get("minRaters"));
    summary.set("minChange", contract.get("minChange"));
    summary.set("raters", contract.get("raters").deepCopy());
    summary.set("pendingRaters", contract.get("pendingRaters"));
    ObjectNode axes = summary.putObject("axes");
    for (Axis value : Axis.values()) {
      String name = TeamScoresJson.name(value);
      JsonNode axis = contract.get("axes").get(name);
      ObjectNode projected = axes.putObject(name);
      for (Pole pole : Pole.values()) {
        String cell = TeamScoresJson.name(pole);
        projected.putObject(cell).set("raters", axis.get(cell).get("raters"));
      }
      projected.set("balance", axis.get("balance"));
    }
    ObjectNode overall = summary.putObject("overall");
    overall.set("balance", contract.get("overall").get("balance"));
    overall.set("style", contract.get("overall").get("style"));
    summary.set("updatedAt", contract.get("updatedAt"));
    return summary;
  }
}
