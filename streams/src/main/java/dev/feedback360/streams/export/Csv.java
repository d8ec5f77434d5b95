package dev.feedback360.streams.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.schemas.ResponseLimits;
import dev.feedback360.streams.json.JsonNumbers;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 4180 rows: fields quoted only when they hold a comma, quote, CR or LF; quotes doubled. A field that a
 * spreadsheet would run as a formula (text starting with {@code = + - @}, a tab or a CR; a number such as {@code -0.25}
 * is not one) is written with an apostrophe before it, which spreadsheets read as "text" (OWASP's advice against CSV
 * injection): {@code produce} refuses such ids, but a producer we did not write can send them.
 */
final class Csv {

  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  private Csv() {}

  static String row(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(field(fields.get(i)));
    }
    return line.append('\n').toString();
  }

  /**
   * A JSON value as a field's text: as the JSON wrote it (a double as {@link JsonNumbers#text}, a string without its
   * quotes), null or a JSON null as null (an empty field).
   */
  static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isDouble()) {
      return JsonNumbers.text(value.doubleValue());
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  static String field(String value) {
    if (value == null) {
      return "";
    }
    if (ResponseLimits.startsAsFormula(value) && !NUMBER.matcher(value).matches()) {
      value = "'" + value;
    }
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
