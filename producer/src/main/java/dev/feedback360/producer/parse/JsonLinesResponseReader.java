package dev.feedback360.producer.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  static final int MAX_DEPTH = 3;

  private static final Set<String> NOT_OBSERVED = Set.of("NA", "na", "");
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
  private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(32)
          .maxStringLength(PhysicalLineReader.MAX_LINE_BYTES)
          .build())
      .build())
      .build();

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
    PhysicalLineReader.Line first = nextNonBlank(lines);
    if (first == null) {
      throw new InputRejectedException("Input file " + source + " is empty: expected one JSON object per line");
    }
    return new JsonLinesResponseReader(lines, first);
  }

  @Override
  public ParsedRow next() throws IOException {
    PhysicalLineReader.Line line = peeked != null ? peeked : nextNonBlank(lines);
    peeked = null;
    if (line == null) {
      return null;
    }
    if (line.problem() != null) {
      return new ParsedRow.Unreadable(line.number(), line.problem(), null);
    }
    try {
      return new ParsedRow.Row(line.number(), toRow(parse(line.text())), line.text());
    } catch (RowFormatException e) {
      return new ParsedRow.Unreadable(line.number(), e.getMessage(), line.text());
    }
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  private static PhysicalLineReader.Line nextNonBlank(PhysicalLineReader lines) throws IOException {
    PhysicalLineReader.Line line = lines.next();
    while (line != null && line.problem() == null && line.text().isBlank()) {
      line = lines.next();
    }
    return line;
  }

  private static JsonNode parse(String text) throws IOException {
    try (JsonParser parser = MAPPER.createParser(text)) {
      JsonNode node = MAPPER.readTree(parser);
      if (parser.nextToken() != null) {
        throw new RowFormatException("more than one JSON value on the line");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw new RowFormatException("JSON exceeds the limits (nesting deeper than " + MAX_DEPTH
          + " levels, or an over-long number or string)", e);
    } catch (JsonEOFException e) {
      throw new RowFormatException("truncated JSON: the line ends inside a value", e);
    } catch (JsonProcessingException e) {
      throw new RowFormatException(describe(e), e);
    }
  }

  /** A reason that never repeats input text except key names safe to show. */
  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher duplicate = DUPLICATE.matcher(message);
    if (duplicate.find()) {
      return "duplicate key " + SafeText.name(duplicate.group(1));
    }
    if (message.contains("NaN") || message.contains("Infinity") || message.contains("Non-standard token")) {
      return "NaN and Infinity are not valid JSON numbers";
    }
    String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
    return "malformed JSON" + column;
  }

  private static ResponseRow toRow(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new RowFormatException("expected a JSON object, got " + kind(node));
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!Columns.isField(name) && !Columns.ANSWERS.equals(name)) {
        throw new RowFormatException("unknown field " + SafeText.name(name) + "; expected "
            + String.join(", ", Columns.FIXED) + ", " + Columns.ANSWERS + " and optionally "
            + String.join(", ", Columns.OPTIONAL));
      }
    }
    return new ResponseRow(string(node, Columns.RESPONSE_ID), string(node, Columns.CYCLE_ID),
        string(node, Columns.TEAM_ID), string(node, Columns.SUBJECT_ID), string(node, Columns.RATER_ID),
        string(node, Columns.RATER_GROUP), string(node, Columns.SUBMITTED_AT), answers(node.get(Columns.ANSWERS)),
        string(node, Columns.CHANNEL));
  }

  private static String string(JsonNode row, String field) {
    JsonNode value = row.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new RowFormatException(field + " must be a string, got " + kind(value));
    }
    return value.textValue();
  }

  private static Map<String, String> answers(JsonNode answers) {
    if (answers == null || answers.isNull()) {
      throw new RowFormatException(Columns.ANSWERS + " is missing; give an object of item id to score");
    }
    if (!answers.isObject()) {
      throw new RowFormatException(Columns.ANSWERS + " must be an object of item id to score, got " + kind(answers));
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
        + "\"\", got " + kind(value));
  }

  private static String kind(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }

  /** A line that is JSON but not a usable row; the message is the rejection reason. */
  private static final class RowFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RowFormatException(String message) {
      super(message);
    }

    RowFormatException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
