package dev.feedback360.producer.parse;

import java.nio.file.Path;
import java.util.Locale;

/** The export formats the producer reads. */
public enum InputFormat {

  /** RFC 4180 CSV with a header row: the fixed columns, then one column per item id. */
  CSV,
  /** JSON Lines: one JSON object per line with the fixed fields and an {@code answers} object. */
  JSON_LINES;

  /**
   * The format implied by a file name: {@code .csv} is CSV; {@code .jsonl} and {@code .ndjson} are JSON Lines
   * (case-insensitive).
   *
   * @throws IllegalArgumentException for any other extension
   */
  public static InputFormat fromFileName(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return CSV;
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return JSON_LINES;
    }
    throw new IllegalArgumentException("Cannot tell the format of " + file + " from its name: use the extension "
        + ".csv, .jsonl or .ndjson, or name the format explicitly");
  }
}
