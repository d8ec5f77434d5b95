package dev.feedback360.producer.ingest;

import dev.feedback360.schemas.ResponseLimits;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the rows an import rejected as CSV (UTF-8, LF line ends), with the header {@code line,reason,original}:
 * the first line of the row in the input, why it was rejected, and the row as it appeared in the input.
 *
 * <p>The original is left empty when it is not safe to copy: it could not be decoded (invalid UTF-8, over-long
 * line), it contains control characters other than line feeds and tabs, or it starts with a character that a
 * spreadsheet would run as a formula ({@code = + - @}). The original holds the raw rater id like the input file does,
 * so keep the rejects file wherever the input file is kept.
 *
 * <p>The file is written whole or not at all: rows go to a temporary file next to the target, moved over the target
 * by {@link #commit()}; {@link #close()} without commit deletes the temporary file.
 */
final class RejectsFile implements Closeable {

  static final String HEADER = "line,reason,original";

  private final Path target;
  private final Path temporary;
  private final BufferedWriter writer;
  private boolean committed;

  private RejectsFile(Path target, Path temporary, BufferedWriter writer) {
    this.target = target;
    this.temporary = temporary;
    this.writer = writer;
  }

  /** Starts a rejects file that will replace {@code target} on commit. */
  static RejectsFile create(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
    BufferedWriter writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
    try {
      writer.write(HEADER);
      writer.write('\n');
    } catch (IOException e) {
      writer.close();
      Files.deleteIfExists(temporary);
      throw e;
    }
    return new RejectsFile(absolute, temporary, writer);
  }

  /** The default rejects file of an input: {@code <input file name>.rejects.csv} in the same directory. */
  static Path defaultFor(Path input) {
    return input.resolveSibling(input.getFileName() + ".rejects.csv");
  }

  void write(long line, String reason, String original) throws IOException {
    writer.write(Long.toString(line));
    writer.write(',');
    writer.write(quote(reason));
    writer.write(',');
    if (isSafe(original)) {
      writer.write(quote(original));
    }
    writer.write('\n');
  }

  /** Completes the file and moves it into place atomically. */
  void commit() throws IOException {
    writer.close();
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    committed = true;
  }

  @Override
  public void close() throws IOException {
    if (!committed) {
      try {
        writer.close();
      } finally {
        Files.deleteIfExists(temporary);
      }
    }
  }

  static boolean isSafe(String original) {
    if (original == null || original.isEmpty() || ResponseLimits.startsAsFormula(original)) {
      return false;
    }
    return original.chars().noneMatch(c -> c != '\n' && c != '\t' && Character.isISOControl(c));
  }

  private static String quote(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
