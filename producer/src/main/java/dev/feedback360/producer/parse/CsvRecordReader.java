package dev.feedback360.producer.parse;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads CSV records (one or more physical lines each) and skips blank ones: empty lines, lines of spaces, and
 * records whose fields are all empty (the {@code ,,,,} rows spreadsheets leave behind).
 *
 * <p>Recovery: a quoted field still open at the end of the input, after {@value PhysicalLineReader#MAX_LINE_BYTES}
 * characters, or running into a broken line, is reported as a broken record on the line where it started, and
 * reading resumes with the line after that one, so one stray quote costs one row, not the rest of the file.
 */
final class CsvRecordReader implements Closeable {

  /**
   * One record or one broken part of the input.
   *
   * @param line first physical line
   * @param fields the fields, or null when {@code problem} is set
   * @param text the source text (lines joined by {@code \n}), or null when it could not be decoded
   * @param problem why the record cannot be used, or null
   */
  record CsvRecord(long line, List<String> fields, String text, String problem) {

    boolean broken() {
      return problem != null;
    }
  }

  private final PhysicalLineReader lines;
  private final Deque<PhysicalLineReader.Line> pushedBack = new ArrayDeque<>();

  CsvRecordReader(PhysicalLineReader lines) {
    this.lines = lines;
  }

  /** The next non-blank record, or null at the end of the input. */
  CsvRecord next() throws IOException {
    while (true) {
      PhysicalLineReader.Line first = nextLine();
      if (first == null) {
        return null;
      }
      if (first.problem() != null) {
        return new CsvRecord(first.number(), null, null, first.problem());
      }
      if (first.text().isBlank()) {
        continue;
      }
      CsvRecord record = read(first);
      if (record.broken() || !allBlank(record.fields())) {
        return record;
      }
    }
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  private CsvRecord read(PhysicalLineReader.Line first) throws IOException {
    CsvTokenizer tokenizer = new CsvTokenizer();
    if (!tokenizer.feed(first.text())) {
      return new CsvRecord(first.number(), null, first.text(), tokenizer.error());
    }
    int openField = tokenizer.fieldNumber();
    List<PhysicalLineReader.Line> continuation = new ArrayList<>();
    StringBuilder text = new StringBuilder(first.text());
    while (tokenizer.needsMoreLines()) {
      PhysicalLineReader.Line next = nextLine();
      boolean fits = next != null && next.problem() == null
          && text.length() + 1 + next.text().length() <= PhysicalLineReader.MAX_LINE_BYTES;
      if (next != null) {
        continuation.add(next);
      }
      if (!fits || !tokenizer.feed(next.text())) {
        for (int i = continuation.size() - 1; i >= 0; i--) {
          pushedBack.addFirst(continuation.get(i));
        }
        return new CsvRecord(first.number(), null, first.text(), "quoted field " + openField
            + " is never closed; the quote opened on this line runs into the lines below");
      }
      text.append('\n').append(next.text());
    }
    return new CsvRecord(first.number(), tokenizer.fields(), text.toString(), null);
  }

  private PhysicalLineReader.Line nextLine() throws IOException {
    return pushedBack.isEmpty() ? lines.next() : pushedBack.removeFirst();
  }

  private static boolean allBlank(List<String> fields) {
    return fields.stream().allMatch(String::isEmpty);
  }
}
