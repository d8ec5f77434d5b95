package dev.feedback360.dashboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The participation summary of a cycle: the teams' values (as in {@code team-participation-json}) and their totals.
 *
 * <pre>
 * {"cycleId","minRaters","teams":[value, ...],
 *  "totals":{"invited","responded","rate","unnominated","teamsAtRisk","groupsAtRisk"}}
 * </pre>
 *
 * The totals are sums of the teams' top-level counts; {@code rate} is responded / invited (null when nobody is
 * invited); {@code teamsAtRisk} counts the teams with at least one group at risk, {@code groupsAtRisk} those groups.
 * {@code minRaters} is the teams' k (the largest if values written under different settings disagree; null without
 * teams).
 */
final class ParticipationSummary {

  private ParticipationSummary() {}

  /** The summary of {@code teams}, in the order given. */
  static ObjectNode of(String cycle, List<JsonNode> teams) {
    long invited = 0;
    long responded = 0;
    long unnominated = 0;
    int teamsAtRisk = 0;
    int groupsAtRisk = 0;
    Integer minRaters = null;
    for (JsonNode team : teams) {
      invited += team.path("invited").asLong();
      responded += team.path("responded").asLong();
      unnominated += team.path("unnominated").asLong();
      int atRisk = 0;
      for (JsonNode group : team.path("groups")) {
        if (group.path("atRisk").asBoolean()) {
          atRisk++;
        }
      }
      groupsAtRisk += atRisk;
      teamsAtRisk += atRisk > 0 ? 1 : 0;
      if (team.path("minRaters").isInt()) {
        minRaters = minRaters == null ? team.get("minRaters").asInt() : Math.max(minRaters, team.get("minRaters")
            .asInt());
      }
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("cycleId", cycle);
    body.put("minRaters", minRaters);
    body.putArray("teams").addAll(teams);
    ObjectNode totals = body.putObject("totals");
    totals.put("invited", invited);
    totals.put("responded", responded);
    if (invited == 0) {
      totals.putNull("rate");
    } else {
      totals.put("rate", (double) responded / invited);
    }
    totals.put("unnominated", unnominated);
    totals.put("teamsAtRisk", teamsAtRisk);
    totals.put("groupsAtRisk", groupsAtRisk);
    return body;
  }
}
