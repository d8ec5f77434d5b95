package dev.feedback360.producer.parse;

/**
 * What a {@link ResponseReader} read at one place of the input: a row, or a part it could not read as a row.
 * Line numbers are 1-based physical lines of the file; a CSV record spanning several lines has the number of its
 * first line.
 */
public sealed interface ParsedRow {

  /** First line of the row in the input. */
  long line();

  /**
   * The source text of the row (lines of a multi-line record joined by {@code \n}), or null when it could not be
   * decoded (invalid UTF-8, over-long line).
   */
  String sourceText();

  /** A syntactically complete row. */
  record Row(long line, ResponseRow row, String sourceText) implements ParsedRow {}

  /**
   * Input that could not be read as a row.
   *
   * @param reason what is wrong, in plain words; never contains field values
   */
  record Unreadable(long line, String reason, String sourceText) implements ParsedRow {}
}
