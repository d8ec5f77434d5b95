package dev.feedback360.producer.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON Lines export: one object per line,
 * {@code {"response_id":..,"cycle_id":..,"team_id":..,"subject_id":..,"rater_id":..,"rater_group":..,
 * "submitted_at":..,"answers":{"CHANGE_L1":4,"FOCUS_M2":null,..}}}. Blank lines are skipped.
 *
 * <p>Rejected per line: malformed or truncated JSON, anything but one object, duplicate keys, unknown fields,
 * NaN/Infinity, nesting deeper than {@value #MAX_DEPTH}, fixed fields that are not strings (null counts as
 * missing), {@code answers} that is not an object, scores other than integers, null, {@code "NA"}, {@code "na"} or
 * {@code ""}. Whether the values make sense is left to the validator.
 */
final class JsonLinesResponseReader implements ResponseReader {

  /** Deepest nesting accepted: the row object and its answers object, plus one level to report wrong types. */
  static final int MAX_DEPTH = JsonLines.MAX_DEPTH;

  private static final Set<String> NOT_OBSERVED = Set.of("NA", "na", "");

  private final PhysicalLineReader lines;
  private PhysicalLineReader.Line peeked;

  private JsonLinesResponseReader(PhysicalLineReader lines, PhysicalLineReader.Line first) {
    this.lines = lines;
    this.peeked = first;
  }

  /**
   * Opens the reader, refusing a file without any non-blank line.
   *
   * @throws InputRejectedException when the file is empty
   */
  static JsonLinesResponseReader open(PhysicalLineReader lines, String source)
      throws IOException, InputRejectedException {
    PhysicalLineReader.Line first = JsonLines.nextNonBlank(lines);
    if (first == null) {
      throw new InputRejectedException("Input file " + source + " is empty: expected one JSON object per line");
    }
    return new JsonLinesResponseReader(lines, first);
  }

  @Override
  public ParsedRow next() throws IOException {
    PhysicalLineReader.Line line = peeked != null ? peeked : JsonLines.nextNonBlank(lines);
    peeked = null;
    if (line == null) {
      return null;
    }
    if (line.problem() != null) {
      return new ParsedRow.Unreadable(line.number(), line.problem(), null);
    }
    try {
      return new ParsedRow.Row(line.number(), toRow(JsonLines.object(line.text())), line.text());
    } catch (RowFormatException e) {
      return new ParsedRow.Unreadable(line.number(), e.getMessage(), line.text());
    }
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  private static ResponseRow toRow(JsonNode node) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!Columns.isField(name) && !Columns.ANSWERS.equals(name)) {
        throw new RowFormatException("unknown field " + SafeText.name(name) + "; expected "
            + String.join(", ", Columns.FIXED) + ", " + Columns.ANSWERS + " and optionally "
            + String.join(", ", Columns.OPTIONAL));
      }
    }
    return new ResponseRow(JsonLines.string(node, Columns.RESPONSE_ID), JsonLines.string(node, Columns.CYCLE_ID),
        JsonLines.string(node, Columns.TEAM_ID), JsonLines.string(node, Columns.SUBJECT_ID),
        JsonLines.string(node, Columns.RATER_ID),
        JsonLines.string(node, Columns.RATER_GROUP), JsonLines.string(node, Columns.SUBMITTED_AT),
        answers(node.get(Columns.ANSWERS)),
        JsonLines.string(node, Columns.CHANNEL));
  }

  private static Map<String, String> answers(JsonNode answers) {
    if (answers == null || answers.isNull()) {
      throw new RowFormatException(Columns.ANSWERS + " is missing; give an object of item id to score");
    }
    if (!answers.isObject()) {
      throw new RowFormatException(
          Columns.ANSWERS + " must be an object of item id to score, got " + JsonLines.kind(answers));
    }
    Map<String, String> scores = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> answer : answers.properties()) {
      scores.put(answer.getKey(), score(answer.getKey(), answer.getValue()));
    }
    return scores;
  }

  private static String score(String item, JsonNode value) {
    if (value.isNull()) {
      return "";
    }
    if (value.isNumber()) {
      return value.asText();
    }
    if (value.isTextual() && NOT_OBSERVED.contains(value.textValue())) {
      return value.textValue();
    }
    throw new RowFormatException("score of " + SafeText.name(item) + " must be a number 1 to 5, null, \"NA\" or "
        + "\"\", got " + JsonLines.kind(value));
  }
}
