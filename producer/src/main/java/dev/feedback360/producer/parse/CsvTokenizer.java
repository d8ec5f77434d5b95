package dev.feedback360.producer.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of one CSV record into fields after RFC 4180: fields separated by commas; a field containing
 * commas, quotes or line breaks is enclosed in double quotes, and a quote inside it is written twice. Unlike RFC 4180,
 * spaces around fields are dropped (also around quoted fields: exports padded after commas read as meant); the
 * content of a quoted field is kept as is, spaces included (the id rules then reject an id with spaces).
 *
 * <p>Fed one physical line at a time; a quoted field left open at the end of a line needs the next line
 * ({@link #needsMoreLines()}), which is joined with {@code \n}.
 */
final class CsvTokenizer {

  private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, AFTER_QUOTED }

  private final List<String> fields = new ArrayList<>();
  private final StringBuilder field = new StringBuilder();
  private State state = State.FIELD_START;
  private String error;

  /**
   * Consumes one physical line.
   *
   * @return false when the line breaks the CSV syntax; {@link #error()} says how
   */
  boolean feed(String text) {
    if (state == State.QUOTED) {
      field.append('\n');
    }
    for (int i = 0; i < text.length(); i++) {
      if (!accept(text.charAt(i))) {
        return false;
      }
    }
    endOfLine();
    return true;
  }

  /** True when a quoted field is still open: the record continues on the next line. */
  boolean needsMoreLines() {
    return state == State.QUOTED;
  }

  /** The fields of a complete record. */
  List<String> fields() {
    return List.copyOf(fields);
  }

  /** The syntax error found by the last {@link #feed}, if any. */
  String error() {
    return error;
  }

  /** The 1-based number of the field being read. */
  int fieldNumber() {
    return fields.size() + 1;
  }

  private boolean accept(char c) {
    switch (state) {
      case FIELD_START -> {
        if (c == '"') {
          state = State.QUOTED;
        } else if (c == ',') {
          emit(false);
        } else if (c != ' ') {
          field.append(c);
          state = State.UNQUOTED;
        }
      }
      case UNQUOTED -> {
        if (c == ',') {
          emit(true);
        } else if (c == '"') {
          return fail("a quote inside unquoted field " + fieldNumber()
              + "; enclose the whole field in quotes and double the quotes inside it");
        } else {
          field.append(c);
        }
      }
      case QUOTED -> {
        if (c == '"') {
          state = State.QUOTE_IN_QUOTED;
        } else {
          field.append(c);
        }
      }
      case QUOTE_IN_QUOTED -> {
        if (c == '"') {
          field.append('"');
          state = State.QUOTED;
        } else {
          return afterQuoted(c);
        }
      }
      case AFTER_QUOTED -> {
        return afterQuoted(c);
      }
      default -> throw new IllegalStateException("Unknown state " + state);
    }
    return true;
  }

  private boolean afterQuoted(char c) {
    if (c == ',') {
      emit(false);
    } else if (c == ' ') {
      state = State.AFTER_QUOTED;
    } else {
      return fail("characters after the closing quote of field " + fieldNumber());
    }
    return true;
  }

  private void endOfLine() {
    switch (state) {
      case FIELD_START -> emit(false);
      case UNQUOTED -> emit(true);
      case QUOTE_IN_QUOTED, AFTER_QUOTED -> emit(false);
      case QUOTED -> {}
      default -> throw new IllegalStateException("Unknown state " + state);
    }
  }

  private void emit(boolean trimTrailingSpaces) {
    int end = field.length();
    while (trimTrailingSpaces && end > 0 && field.charAt(end - 1) == ' ') {
      end--;
    }
    fields.add(field.substring(0, end));
    field.setLength(0);
    state = State.FIELD_START;
  }

  private boolean fail(String message) {
    error = message;
    return false;
  }
}
