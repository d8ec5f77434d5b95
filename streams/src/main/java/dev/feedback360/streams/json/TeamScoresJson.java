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
import java.time.Instant;
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
 * Numbers are JSON numbers at full double precision; absent values are null. One writer produces both forms (a line
 * of text, a tree), and the names of the rater groups, axes and poles come from their enums ({@link #name(Axis)}
 * and its overloads), in enum order.
 */
public final class TeamScoresJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /**
   * Per thread, the text of recently written numbers and instants: from one update of a team to the next most of its
   * published numbers are the same (a part is published only once N raters changed it), and their text is the
   * costliest thing written.
   */
  private static final ThreadLocal<RecentText> RECENT = ThreadLocal.withInitial(RecentText::new);

  private TeamScoresJson() {}

  /** The contract as a JSON tree: what {@link #toJsonLine} writes, handed over as tokens instead of text. */
  public static ObjectNode toJson(TeamScores scores) {
    TokenBuffer tokens = new TokenBuffer(MAPPER, false);
    try (JsonParser parser = write(tokens, scores, null).asParser()) {
      return MAPPER.readTree(parser);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write team scores as JSON: " + e.getMessage(), e);
    }
  }

  /** The contract as one line of JSON, streamed straight to text (no tree is built; this runs once per update). */
  public static String toJsonLine(TeamScores scores) {
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      write(json, scores, RECENT.get());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write team scores as JSON: " + e.getMessage(), e);
    }
    return out.toString();
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

  /**
   * Writes the contract; {@code text} null writes numbers as numbers (a tree), otherwise as the text
   * {@link Double#toString} gives them (what Jackson writes for a finite double), taken from {@code text}.
   */
  private static <G extends JsonGenerator> G write(G json, TeamScores scores, RecentText text) throws IOException {
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
      axis(json, axis, scores.getAxes(), text);
    }
    json.writeEndObject();
    OverallScores overall = scores.getOverall();
    json.writeObjectFieldStart("overall");
    number(json, "leaderMean", overall.getLeaderMean(), text);
    number(json, "managerMean", overall.getManagerMean(), text);
    number(json, "balance", overall.getBalance(), text);
    json.writeStringField("style", overall.getStyle() == null ? null : overall.getStyle().name());
    json.writeEndObject();
    json.writeStringField("updatedAt",
        text == null ? scores.getUpdatedAt().toString() : text.of(scores.getUpdatedAt()));
    json.writeEndObject();
    return json;
  }

  private static void axis(JsonGenerator json, Axis name, AxesScores axes, RecentText text) throws IOException {
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
      }, text);
    }
    number(json, "balance", axis.getBalance(), text);
    number(json, "selfBalance", axis.getSelfBalance(), text);
    number(json, "gap", axis.getGap(), text);
    json.writeEndObject();
  }

  private static void cell(JsonGenerator json, String name, CellScores cell, RecentText text) throws IOException {
    json.writeObjectFieldStart(name);
    number(json, "mean", cell.getMean(), text);
    number(json, "sd", cell.getSd(), text);
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

  private static void number(JsonGenerator json, String name, Double value, RecentText text) throws IOException {
    if (value == null) {
      json.writeNullField(name);
    } else if (text == null || !Double.isFinite(value)) {
      json.writeNumberField(name, value);
    } else {
      // Jackson writes a finite double as the raw text of Double.toString (JsonGenerator.writeNumber(double)).
      json.writeFieldName(name);
      json.writeRawValue(text.of(value));
    }
  }

  /**
   * The text of recently written doubles and instants in direct-mapped tables (an entry is replaced by the next value
   * hashing to its slot): exactly {@link Double#toString} and {@link Instant#toString}, computed once per value while
   * it stays in its slot. One per thread.
   */
  static final class RecentText {
    private static final int DOUBLE_BITS = 14;
    private static final int INSTANT_BITS = 12;
    private final long[] doubles = new long[1 << DOUBLE_BITS];
    private final String[] doubleText = new String[1 << DOUBLE_BITS];
    private final long[] seconds = new long[1 << INSTANT_BITS];
    private final int[] nanos = new int[1 << INSTANT_BITS];
    private final String[] instantText = new String[1 << INSTANT_BITS];

    String of(double value) {
      long bits = Double.doubleToRawLongBits(value);
      int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> (64 - DOUBLE_BITS));
      String known = doubleText[slot];
      if (known != null && doubles[slot] == bits) {
        return known;
      }
      String computed = Double.toString(value);
      doubles[slot] = bits;
      doubleText[slot] = computed;
      return computed;
    }

    String of(Instant instant) {
      long second = instant.getEpochSecond();
      int nano = instant.getNano();
      int slot = (int) (((second * 1_000_000_007L + nano) * 0x9E3779B97F4A7C15L) >>> (64 - INSTANT_BITS));
      String known = instantText[slot];
      if (known != null && seconds[slot] == second && nanos[slot] == nano) {
        return known;
      }
      String computed = instant.toString();
      seconds[slot] = second;
      nanos[slot] = nano;
      instantText[slot] = computed;
      return computed;
    }
  }
}
