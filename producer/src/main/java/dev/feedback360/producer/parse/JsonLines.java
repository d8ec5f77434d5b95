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
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading one line of a JSON Lines file as one object, strictly: malformed or truncated JSON, more than one value,
 * duplicate keys, NaN/Infinity and nesting deeper than {@value #MAX_DEPTH} are refused with a reason that never
 * repeats input text except key names safe to show.
 */
final class JsonLines {

  /** Deepest nesting accepted: the row object and its answers object, plus one level to report wrong types. */
  static final int MAX_DEPTH = 3;

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

  private JsonLines() {}

  /** The next line that is not blank (a line with a problem counts as not blank), or null at the end. */
  static PhysicalLineReader.Line nextNonBlank(PhysicalLineReader lines) throws IOException {
    PhysicalLineReader.Line line = lines.next();
    while (line != null && line.problem() == null && line.text().isBlank()) {
      line = lines.next();
    }
    return line;
  }

  /**
   * The line as one JSON object.
   *
   * @throws RowFormatException when it is not exactly one JSON object
   */
  static JsonNode object(String text) throws IOException {
    JsonNode node = parse(text);
    if (node == null || !node.isObject()) {
      throw new RowFormatException("expected a JSON object, got " + kind(node));
    }
    return node;
  }

  /** A string field: null when absent or JSON null. */
  static String string(JsonNode row, String field) {
    JsonNode value = row.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new RowFormatException(field + " must be a string, got " + kind(value));
    }
    return value.textValue();
  }

  /** What kind of JSON value a node is, in words ("a string", "an array"...). */
  static String kind(JsonNode node) {
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
}
