package dev.feedback360.streams.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.streams.scoring.TeamParticipation;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The JSON contract of a team's participation (topic {@code team-participation-json}, docs/wire-format.md), the one
 * writer of it:
 *
 * <pre>
 * {"cycleId","teamId","roster":"open|strict","minRaters":k,
 *  "groups":{"MANAGER":{"invited","responded","rate","counted","atRisk"},...},
 *  "invited","responded","rate","unnominated","updatedAt":"ISO-8601 instant"}
 * </pre>
 *
 * Groups appear in RaterGroup order, only those with invited or counted raters; {@code rate} is responded / invited
 * as a JSON number at full double precision, null when no one is invited. Counts only: never a rater id.
 */
public final class TeamParticipationJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TeamParticipationJson() {}

  /** The contract as one line of JSON. */
  public static String toJsonLine(TeamParticipation participation) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      write(json, participation);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write team participation as JSON: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /** The contract as a JSON tree: what {@link #toJsonLine} writes. */
  public static ObjectNode toJson(TeamParticipation participation) {
    TokenBuffer tokens = new TokenBuffer(MAPPER, false);
    try (JsonParser parser = write(tokens, participation).asParser()) {
      return MAPPER.readTree(parser);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write team participation as JSON: " + e.getMessage(), e);
    }
  }

  private static <G extends JsonGenerator> G write(G json, TeamParticipation participation) throws IOException {
    json.writeStartObject();
    json.writeStringField("cycleId", participation.cycleId());
    json.writeStringField("teamId", participation.teamId());
    json.writeStringField("roster", participation.roster());
    json.writeNumberField("minRaters", participation.minRaters());
    json.writeObjectFieldStart("groups");
    for (RaterGroup group : RaterGroup.values()) {
      TeamParticipation.Group figures = participation.groups().get(group);
      if (figures == null) {
        continue;
      }
      json.writeObjectFieldStart(TeamScoresJson.name(group));
      json.writeNumberField("invited", figures.invited());
      json.writeNumberField("responded", figures.responded());
      rate(json, figures.rate());
      json.writeNumberField("counted", figures.counted());
      json.writeBooleanField("atRisk", figures.atRisk(participation.minRaters()));
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeNumberField("invited", participation.invited());
    json.writeNumberField("responded", participation.responded());
    rate(json, participation.rate());
    json.writeNumberField("unnominated", participation.unnominated());
    json.writeStringField("updatedAt",
        participation.updatedAt() == null ? null : participation.updatedAt().toString());
    json.writeEndObject();
    return json;
  }

  private static void rate(JsonGenerator json, Double rate) throws IOException {
    if (rate == null) {
      json.writeNullField("rate");
    } else {
      json.writeNumberField("rate", rate);
    }
  }
}
