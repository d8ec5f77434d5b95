package dev.feedback360.cli.table;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.streams.read.ParticipationReader.TeamParticipation;
import java.util.ArrayList;
import java.util.List;

/**
 * Participation as an aligned text table for people: a row per team and rater group (invited, responded, the rate
 * in whole percent, counted raters against k, AT RISK), then a row "all" per team with its totals and its
 * unnominated responses. The JSON lines carry the exact values.
 */
public final class ParticipationTable {

  private static final String[] HEADER =
      {"TEAM", "GROUP", "INVITED", "RESPONDED", "RATE", "COUNTED/K", "RISK", "UNNOMINATED"};
  private static final String AT_RISK = "AT RISK";

  private ParticipationTable() {}

  public static String render(List<TeamParticipation> teams) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (TeamParticipation team : teams) {
      JsonNode value = team.value();
      String k = value.path("minRaters").asText("?");
      for (RaterGroup group : RaterGroup.values()) {
        JsonNode counts = value.get("groups").get(group.name());
        if (counts == null) {
          continue;
        }
        rows.add(new String[] {team.teamId(), group.name(), counts.path("invited").asText(),
            counts.path("responded").asText(), percent(counts.get("rate")),
            counts.path("counted").asText() + "/" + k, counts.path("atRisk").asBoolean() ? AT_RISK : "", ""});
      }
      rows.add(new String[] {team.teamId(), "all", value.path("invited").asText(), value.path("responded").asText(),
          percent(value.get("rate")), "", "", value.path("unnominated").asText()});
    }
    return TextTable.render(rows, HEADER.length, teams.isEmpty());
  }

  /** "67%" (rounded half up), or "-" when nobody was invited (rate null). */
  static String percent(JsonNode rate) {
    if (rate == null || rate.isNull()) {
      return "-";
    }
    return Math.round(rate.asDouble() * 100) + "%";
  }
}
