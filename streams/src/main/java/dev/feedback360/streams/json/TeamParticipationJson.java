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

  private static final ObjectMapper MAPPER = JsonNumbers.mapper();

  private TeamParticipationJson() {}

  /**
   * The contract as one line of JSON, written straight to text (this runs on nearly every change of a team). Plain
   * identifiers (printable ASCII needing no escaping, {@link TeamScoresJson#plain}) are written by hand, exactly as
   * Jackson writes them (a test compares the two on random participation); any other goes through Jackson.
   */
  public static String toJsonLine(TeamParticipation participation) {
    if (TeamScoresJson.plain(participation.cycleId()) && TeamScoresJson.plain(participation.teamId())
        && TeamScoresJson.plain(participation.roster())) {
      return line(participation);
    }
    return jacksonLine(participation);
  }

  /**
   * The line by hand, for plain identifiers: what {@link #write} makes Jackson's generator write, character for
   * character (the same fields in the same order, ints as decimals, rates through {@link TeamScoresJson#number}).
   */
  private static String line(TeamParticipation participation) {
    StringBuilder out = new StringBuilder(512);
    out.append("{\"cycleId\":\"").append(participation.cycleId())
        .append("\",\"teamId\":\"").append(participation.teamId())
        .append("\",\"roster\":\"").append(participation.roster())
        .append("\",\"minRaters\":").append(participation.minRaters())
        .append(",\"groups\":{");
    boolean first = true;
    for (RaterGroup group : RaterGroup.values()) {
      TeamParticipation.Group figures = participation.groups().get(group);
      if (figures == null) {
        continue;
      }
      out.append(first ? "\"" : ",\"").append(TeamScoresJson.name(group))
          .append("\":{\"invited\":").append(figures.invited())
          .append(",\"responded\":").append(figures.responded())
          .append(",\"rate\":");
      TeamScoresJson.number(out, figures.rate());
      out.append(",\"counted\":").append(figures.counted())
          .append(",\"atRisk\":").append(figures.atRisk(participation.minRaters())).append('}');
      first = false;
    }
    out.append("},\"invited\":").append(participation.invited())
        .append(",\"responded\":").append(participation.responded())
        .append(",\"rate\":");
    TeamScoresJson.number(out, participation.rate());
    out.append(",\"unnominated\":").append(participation.unnominated())
        .append(",\"updatedAt\":");
    TeamScoresJson.text(out, participation.updatedAt() == null ? null : participation.updatedAt().toString());
    return out.append('}').toString();
  }

  /** {@link #toJsonLine} through Jackson's generator, whatever the identifiers. */
  static String jacksonLine(TeamParticipation participation) {
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
