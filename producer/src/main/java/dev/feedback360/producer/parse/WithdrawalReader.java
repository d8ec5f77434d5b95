package dev.feedback360.producer.parse;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file of withdrawals: CSV (UTF-8, a BOM is fine, RFC 4180 quoting, CRLF or LF) with a header naming exactly
 * the columns {@code cycle_id}, {@code subject_id} and {@code rater_id} (any order and case), then one withdrawal per
 * record. Blank lines are skipped. The header is checked when the reader is opened. Messages never show field
 * values: the file holds raw rater ids.
 */
public final class WithdrawalReader implements Closeable {

  /** The columns of a withdrawals file, in the order the header usually gives them. */
  public static final List<String> COLUMNS = List.of(Columns.CYCLE_ID, Columns.SUBJECT_ID, Columns.RATER_ID);

  private final CsvRecordReader records;
  /** For each of {@link #COLUMNS}, its index in a record. */
  private final int[] positions;
  private final int width;
  /** The header, {@linkplain CsvHeader#normalised normalised}, to spot it repeated as a row. */
  private final List<String> header;
  private CsvRecordReader.CsvRecord pending;

  private WithdrawalReader(CsvRecordReader records, int[] positions, List<String> header) {
    this.records = records;
    this.positions = positions;
    this.width = header.size();
    this.header = CsvHeader.normalised(header);
  }

  /**
   * Opens the file and checks its header.
   *
   * @throws InputRejectedException when the file cannot be opened, is empty, has an unusable header or no rows;
   *     nothing of such a file may be sent
   * @throws IOException when reading the header fails
   */
  public static WithdrawalReader open(Path file) throws IOException, InputRejectedException {
    return InputFiles.open(file, "Withdrawals file",
        in -> open(new CsvRecordReader(new PhysicalLineReader(in)), file.toString()));
  }

  private static WithdrawalReader open(CsvRecordReader records, String source)
      throws IOException, InputRejectedException {
    String expected = "expected a CSV header line " + String.join(",", COLUMNS);
    CsvRecordReader.CsvRecord header = records.next();
    if (header == null) {
      throw new InputRejectedException("Withdrawals file " + source + " is empty: " + expected);
    }
    if (header.broken()) {
      throw new InputRejectedException("Withdrawals file " + source + " has an unreadable CSV header on line "
          + header.line() + ": " + header.problem());
    }
    int[] positions = positions(header.fields(), source, header.line(), expected);
    WithdrawalReader reader = new WithdrawalReader(records, positions, header.fields());
    reader.pending = records.next();
    if (reader.pending == null) {
      throw new InputRejectedException("Withdrawals file " + source + " has a header but no rows: nothing to "
          + "withdraw");
    }
    return reader;
  }

  /** The next row, or null at the end of the input. */
  public WithdrawalRow next() throws IOException {
    CsvRecordReader.CsvRecord record = pending != null ? pending : records.next();
    pending = null;
    if (record == null) {
      return null;
    }
    if (record.broken()) {
      return new WithdrawalRow.Unreadable(record.line(), record.problem());
    }
    List<String> fields = record.fields();
    if (CsvHeader.repeats(fields, header)) {
      return new WithdrawalRow.Unreadable(record.line(), CsvHeader.REPEATED);
    }
    if (fields.size() != width) {
      return new WithdrawalRow.Unreadable(record.line(), CsvHeader.fieldCountProblem(fields.size(), width));
    }
    return new WithdrawalRow.Row(record.line(), fields.get(positions[0]), fields.get(positions[1]),
        fields.get(positions[2]));
  }

  @Override
  public void close() throws IOException {
    records.close();
  }

  private static int[] positions(List<String> names, String source, long line, String expected)
      throws InputRejectedException {
    List<String> problems = new ArrayList<>();
    int[] positions = CsvHeader.positions(names, COLUMNS, COLUMNS.size(), false, problems);
    if (!problems.isEmpty()) {
      throw new InputRejectedException("Withdrawals file " + source + " has an unusable CSV header on line " + line
          + ": " + String.join("; ", problems) + "; " + expected);
    }
    return positions;
  }
}
