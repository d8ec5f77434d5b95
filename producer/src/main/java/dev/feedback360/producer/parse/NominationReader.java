package dev.feedback360.producer.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a nominations file: who HR asks to rate whom. CSV (UTF-8, a BOM is fine, RFC 4180 quoting, CRLF or LF) with
 * a header, or JSON Lines (one object per line, the values of the named fields strings). The columns
 * {@code cycle_id, team_id, subject_id, rater_id, rater_group} and, optionally, {@code nominated_at}, in any order
 * and case; other columns (an e-mail address, a name) are allowed and ignored except that {@link NominationRow.Row}
 * keeps them. A file of removals needs only {@code cycle_id, subject_id, rater_id}. Blank lines are skipped. The CSV
 * header is checked, and an empty file refused, when the reader is opened. Messages never show field values.
 */
public final class NominationReader implements Closeable {

  /** What the file is read for; it decides the columns that must be there. */
  public enum Use {
    /** Nominations: every column but {@code nominated_at} is required. */
    NOMINATE(5),
    /** Removals: only the key, {@code cycle_id, subject_id, rater_id}, is required. */
    REMOVE(3);

    private final int required;

    Use(int required) {
      this.required = required;
    }

    /** The columns that must be there. */
    public List<String> requiredColumns() {
      return COLUMNS.subList(0, required);
    }
  }

  /** The known columns, the key's first. */
  public static final List<String> COLUMNS = List.of(Columns.CYCLE_ID, Columns.SUBJECT_ID, Columns.RATER_ID,
      Columns.TEAM_ID, Columns.RATER_GROUP, Columns.NOMINATED_AT);

  private final PhysicalLineReader lines;
  private final CsvRecordReader records;
  /** CSV: the header as written, and the index of each of {@link #COLUMNS} in it (-1 where absent). */
  private final List<String> header;
  private final int[] positions;
  /** CSV: the header {@linkplain CsvHeader#normalised normalised}, to spot it repeated as a row. */
  private final List<String> headerNormalised;
  /** The first row, read ahead to refuse a file without rows before anything is sent. */
  private NominationRow pending;

  private NominationReader(PhysicalLineReader lines, CsvRecordReader records, List<String> header, int[] positions) {
    this.lines = lines;
    this.records = records;
    this.header = header;
    this.positions = positions;
    this.headerNormalised = header == null ? null : CsvHeader.normalised(header);
  }

  /**
   * Opens the file and, for CSV, checks its header.
   *
   * @throws InputRejectedException when the file cannot be opened, is empty, has an unusable CSV header or no rows;
   *     nothing of such a file may be sent
   * @throws IOException when reading the header fails
   */
  public static NominationReader open(Path file, InputFormat format, Use use)
      throws IOException, InputRejectedException {
    return InputFiles.open(file, "Nominations file", in -> {
      PhysicalLineReader lines = new PhysicalLineReader(in);
      NominationReader reader = format == InputFormat.CSV
          ? csv(lines, use, file.toString())
          : new NominationReader(lines, null, null, null);
      reader.pending = reader.read();
      if (reader.pending == null) {
        throw new InputRejectedException("Nominations file " + file + (format == InputFormat.CSV
            ? " has a header but no rows: nothing to send" : " is empty: expected one JSON object per line"));
      }
      return reader;
    });
  }

  /** The next row, or null at the end of the input. */
  public NominationRow next() throws IOException {
    NominationRow row = pending != null ? pending : read();
    pending = null;
    return row;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  private NominationRow read() throws IOException {
    return records != null ? readCsv() : readJson();
  }

  private static NominationReader csv(PhysicalLineReader lines, Use use, String source)
      throws IOException, InputRejectedException {
    CsvRecordReader records = new CsvRecordReader(lines);
    String expected = "expected a CSV header line with " + String.join(",", use.requiredColumns())
        + (use == Use.NOMINATE ? " (and optionally " + Columns.NOMINATED_AT + ")" : "")
        + "; other columns are ignored";
    CsvRecordReader.CsvRecord first = records.next();
    if (first == null) {
      throw new InputRejectedException("Nominations file " + source + " is empty: " + expected);
    }
    if (first.broken()) {
      throw new InputRejectedException("Nominations file " + source + " has an unreadable CSV header on line "
          + first.line() + ": " + first.problem());
    }
    List<String> problems = new ArrayList<>();
    List<String> names = first.fields();
    int[] positions = CsvHeader.positions(names, COLUMNS, use.requiredColumns().size(), true, problems);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!COLUMNS.contains(names.get(i).toLowerCase(Locale.ROOT)) && !seen.add(names.get(i))) {
        problems.add("duplicate column " + SafeText.name(names.get(i)) + " (column " + (i + 1) + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejectedException("Nominations file " + source + " has an unusable CSV header on line "
          + first.line() + ": " + String.join("; ", problems) + "; " + expected);
    }
    return new NominationReader(lines, records, List.copyOf(names), positions);
  }

  private NominationRow readCsv() throws IOException {
    CsvRecordReader.CsvRecord record = records.next();
    if (record == null) {
      return null;
    }
    if (record.broken()) {
      return new NominationRow.Unreadable(record.line(), record.problem(), record.text());
    }
    List<String> fields = record.fields();
    if (CsvHeader.repeats(fields, headerNormalised)) {
      return new NominationRow.Unreadable(record.line(), CsvHeader.REPEATED, record.text());
    }
    if (fields.size() != header.size()) {
      return new NominationRow.Unreadable(record.line(), CsvHeader.fieldCountProblem(fields.size(), header.size()),
          record.text());
    }
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      columns.put(header.get(i), fields.get(i));
    }
    String[] known = new String[COLUMNS.size()];
    for (int column = 0; column < COLUMNS.size(); column++) {
      known[column] = positions[column] < 0 ? null : fields.get(positions[column]);
    }
    return row(record.line(), known, columns, record.text());
  }

  private NominationRow readJson() throws IOException {
    PhysicalLineReader.Line line = JsonLines.nextNonBlank(lines);
    if (line == null) {
      return null;
    }
    if (line.problem() != null) {
      return new NominationRow.Unreadable(line.number(), line.problem(), null);
    }
    try {
      JsonNode node = JsonLines.object(line.text());
      String[] known = new String[COLUMNS.size()];
      for (int column = 0; column < COLUMNS.size(); column++) {
        known[column] = JsonLines.string(node, COLUMNS.get(column));
      }
      Map<String, String> columns = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        JsonNode value = field.getValue();
        columns.put(field.getKey(), value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString());
      }
      return row(line.number(), known, columns, line.text());
    } catch (RowFormatException e) {
      return new NominationRow.Unreadable(line.number(), e.getMessage(), line.text());
    }
  }

  private static NominationRow row(long line, String[] known, Map<String, String> columns, String text) {
    return new NominationRow.Row(line, known[0], known[3], known[1], known[2], known[4], known[5], columns, text);
  }
}
