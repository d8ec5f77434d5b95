package dev.feedback360.producer.generate;

import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.ResponseRow;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes rows in an export format the producer reads back: CSV or JSON Lines, UTF-8. */
public final class ResponseFileWriter {

  private ResponseFileWriter() {}

  /**
   * Writes rows to a file, replacing it.
   *
   * @param itemIds the item columns (CSV) or answer keys (JSON Lines) to write, in order
   */
  public static void write(List<ResponseRow> rows, List<String> itemIds, InputFormat format, Path file)
      throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(rows, itemIds, format, out);
    }
  }

  /** Writes rows to a writer, which stays open. */
  public static void write(List<ResponseRow> rows, List<String> itemIds, InputFormat format, Writer out)
      throws IOException {
    switch (format) {
      case CSV -> CsvRowWriter.write(rows, itemIds, out);
      case JSON_LINES -> JsonLinesRowWriter.write(rows, itemIds, out);
      default -> throw new IllegalArgumentException("Unsupported format " + format);
    }
    out.flush();
  }
}
