package dev.feedback360.streams.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.feedback360.avro.AxesScores;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.OverallScores;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterCounts;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.TeamScores;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;

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
 * Numbers are JSON numbers at full double precision, each the shortest decimal that reads back as the same double
 * ({@link JsonNumbers}); absent values are null. One writer produces both forms (a line of text, a tree), and the
 * names of the rater groups, axes and poles come from their enums ({@link #name(Axis)} and its overloads), in enum
 * order.
 */
public final class TeamScoresJson {

  private static final ObjectMapper MAPPER = JsonNumbers.mapper();

  private TeamScoresJson() {}

  /** The contract as a JSON tree: what {@link #toJsonLine} writes, handed over as tokens instead of text. */
  public static ObjectNode toJson(TeamScores scores) {
    TokenBuffer tokens = new TokenBuffer(MAPPER, false);
    try (JsonParser parser = write(tokens, scores).asParser()) {
      return MAPPER.readTree(parser);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write team scores as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The contract as one line of JSON, written straight to text (no tree is built; this runs once per update). The
   * usual case, identifiers of printable ASCII characters that need no escaping, is written by hand, exactly as
   * Jackson writes it (tests compare the two on random scores); any other identifier goes through Jackson.
   */
  public static String toJsonLine(TeamScores scores) {
    if (plain(scores.getCycleId()) && plain(scores.getTeamId())) {
      return line(scores);
    }
    return jacksonLine(scores);
  }

  /** {@link #toJsonLine} through Jackson's generator, whatever the identifiers. */
  static String jacksonLine(TeamScores scores) {
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      write(json, scores);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write team scores as JSON: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /** True for a string Jackson writes as is between quotes: printable ASCII but for the quote and backslash. */
  static boolean plain(String value) {
    if (value == null) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * The line by hand, for plain identifiers: what {@link #write} makes Jackson's generator write, character for
   * character (its fields in order, ints as decimals, a finite double as {@link JsonNumbers#text}, a non-finite one
   * quoted, absent values as null; the enum names and the instant's text need no escaping).
   */
  private static String line(TeamScores scores) {
    StringBuilder out = new StringBuilder(1200);
    out.append("{\"cycleId\":\"").append(scores.getCycleId())
        .append("\",\"teamId\":\"").append(scores.getTeamId())
        .append("\",\"status\":");
    text(out, scores.getStatus().name());
    out.append(",\"minRaters\":").append(scores.getMinRaters())
        .append(",\"minChange\":").append(scores.getMinChange())
        .append(",\"raters\":{");
    RaterCounts raters = scores.getRaters();
    for (RaterGroup group : RaterGroup.values()) {
      out.append(group.ordinal() == 0 ? "\"" : ",\"").append(name(group)).append("\":").append(raters(raters, group));
    }
    out.append("},\"pendingRaters\":").append(scores.getPendingRaters()).append(",\"axes\":{");
    AxesScores axes = scores.getAxes();
    for (Axis name : Axis.values()) {
      AxisScores axis = switch (name) {
        case CHANGE -> axes.getChange();
        case FOCUS -> axes.getFocus();
        case HORIZON -> axes.getHorizon();
      };
      out.append(name.ordinal() == 0 ? "\"" : ",\"").append(name(name)).append("\":{");
      for (Pole pole : Pole.values()) {
        CellScores cell = switch (pole) {
          case LEADER -> axis.getLeader();
          case MANAGER -> axis.getManager();
        };
        out.append(pole.ordinal() == 0 ? "\"" : ",\"").append(name(pole)).append("\":{\"mean\":");
        number(out, cell.getMean());
        out.append(",\"sd\":");
        number(out, cell.getSd());
        out.append(",\"n\":").append(cell.getN()).append(",\"raters\":").append(cell.getRaters()).append('}');
      }
      out.append(",\"balance\":");
      number(out, axis.getBalance());
      out.append(",\"selfBalance\":");
      number(out, axis.getSelfBalance());
      out.append(",\"gap\":");
      number(out, axis.getGap());
      out.append('}');
    }
    OverallScores overall = scores.getOverall();
    out.append("},\"overall\":{\"leaderMean\":");
    number(out, overall.getLeaderMean());
    out.append(",\"managerMean\":");
    number(out, overall.getManagerMean());
    out.append(",\"balance\":");
    number(out, overall.getBalance());
    out.append(",\"style\":");
    text(out, overall.getStyle() == null ? null : overall.getStyle().name());
    out.append("},\"updatedAt\":");
    text(out, scores.getUpdatedAt().toString());
    return out.append('}').toString();
  }

  /** A string that needs no escaping (an enum name, an instant), or null. */
  static void text(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
    } else {
      out.append('"').append(value).append('"');
    }
  }

  /**
   * A double as Jackson's generator writes it with {@link JsonNumbers#mapper}: the shortest decimal that reads back as
   * the same double ({@link JsonNumbers#text}), quoted when not finite (NaN, infinities, as {@code Double.toString}
   * names them).
   */
  static void number(StringBuilder out, Double value) {
    if (value == null) {
      out.append("null");
    } else if (Double.isFinite(value)) {
      out.append(JsonNumbers.text(value));
    } else {
      out.append('"').append(Double.toString(value)).append('"');
    }
  }

  /** The contract's name of a rater group (a field of "raters"): its symbol, e.g. {@code DIRECT_REPORT}. */
  public static String name(RaterGroup group) {
    return group.name();
  }

  /** The contract's name of an axis (a field of "axes"): its symbol, e.g. {@code CHANGE}. */
  public static String name(Axis axis) {
    return axis.name();
  }

  /** The contract's name of a pole's cell in an axis: {@code leader} or {@code manager}. */
  public static String name(Pole pole) {
    return pole.name().toLowerCase(Locale.ROOT);
  }

  private static <G extends JsonGenerator> G write(G json, TeamScores scores) throws IOException {
    json.writeStartObject();
    json.writeStringField("cycleId", scores.getCycleId());
    json.writeStringField("teamId", scores.getTeamId());
    json.writeStringField("status", scores.getStatus().name());
    json.writeNumberField("minRaters", scores.getMinRaters());
    json.writeNumberField("minChange", scores.getMinChange());
    json.writeObjectFieldStart("raters");
    for (RaterGroup group : RaterGroup.values()) {
      json.writeNumberField(name(group), raters(scores.getRaters(), group));
    }
    json.writeEndObject();
    json.writeNumberField("pendingRaters", scores.getPendingRaters());
    json.writeObjectFieldStart("axes");
    for (Axis axis : Axis.values()) {
      axis(json, axis, scores.getAxes());
    }
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
    return json;
  }

  private static void axis(JsonGenerator json, Axis name, AxesScores axes) throws IOException {
    AxisScores axis = switch (name) {
      case CHANGE -> axes.getChange();
      case FOCUS -> axes.getFocus();
      case HORIZON -> axes.getHorizon();
    };
    json.writeObjectFieldStart(name(name));
    for (Pole pole : Pole.values()) {
      cell(json, name(pole), switch (pole) {
        case LEADER -> axis.getLeader();
        case MANAGER -> axis.getManager();
      });
    }
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

  private static int raters(RaterCounts raters, RaterGroup group) {
    return switch (group) {
      case SELF -> raters.getSelf();
      case MANAGER -> raters.getManager();
      case PEER -> raters.getPeer();
      case DIRECT_REPORT -> raters.getDirectReport();
      case OTHER -> raters.getOther();
    };
  }

  private static void number(JsonGenerator json, String name, Double value) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else {
      json.writeNumberField(name, value);
    }
  }
}
