package dev.feedback360.cli;

import dev.feedback360.producer.parse.InputFormat;
import java.nio.file.Path;

/** The {@code --format} of a responses file on the command line ({@code produce}, {@code generate}). */
enum ResponseFileFormat {
  csv, jsonl;

  /** The file's format: the one given, or by the file's extension when none was. */
  static InputFormat of(ResponseFileFormat given, Path file) {
    if (given == null) {
      return InputFormat.fromFileName(file);
    }
    return given == csv ? InputFormat.CSV : InputFormat.JSON_LINES;
  }
}
