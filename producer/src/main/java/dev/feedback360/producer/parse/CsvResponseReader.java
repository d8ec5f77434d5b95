package dev.feedback360.producer.parse;

import dev.feedback360.producer.instrument.Instrument;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV export: a header naming the fixed columns ({@link Columns#FIXED}, any order) and one column per item
 * id (a subset of the instrument's items; column names are matched case-insensitively), then one response per
 * record. The header is checked when the reader is created.
 */
final class CsvResponseReader implements ResponseReader {

  private final CsvRecordReader records;
  private final List<String> header;
  /** The header as written, {@linkplain CsvHeader#normalised normalised}, to spot the header repeated as a row. */
  private final List<String> headerAsWritten;
  /** The first record after the header, read ahead to refuse a header-only file before anything is sent. */
  private CsvRecordReader.CsvRecord pending;

  private CsvResponseReader(CsvRecordReader records, List<String> header, List<String> headerAsWritten) {
    this.records = records;
    this.header = header;
    this.headerAsWritten = CsvHeader.normalised(headerAsWritten);
  }

  /**
   * Reads and checks the header.
   *
   * @throws InputRejectedException when the file is empty or the header is unusable
   */
  static CsvResponseReader open(CsvRecordReader records, Instrument instrument, String source)
      throws IOException, InputRejectedException {
    CsvRecordReader.CsvRecord first = records.next();
    if (first == null) {
      throw new InputRejectedException("Input file " + source + " is empty: expected a CSV header line with "
          + String.join(",", Columns.FIXED) + " and item columns");
    }
    if (first.broken()) {
      throw new InputRejectedException("Input file " + source + " has an unreadable CSV header on line "
          + first.line() + ": " + first.problem());
    }
    CsvResponseReader reader =
        new CsvResponseReader(records, canonicalHeader(first.fields(), instrument, source, first.line()),
            first.fields());
    reader.pending = records.next();
    if (reader.pending == null) {
      throw new InputRejectedException("Input file " + source + " has a header but no rows: nothing to send "
          + "(was the export cut short?)");
    }
    return reader;
  }

  @Override
  public ParsedRow next() throws IOException {
    CsvRecordReader.CsvRecord record = pending != null ? pending : records.next();
    pending = null;
    if (record == null) {
      return null;
    }
    if (record.broken()) {
      return new ParsedRow.Unreadable(record.line(), record.problem(), record.text());
    }
    List<String> fields = record.fields();
    if (CsvHeader.repeats(fields, headerAsWritten)) {
      return new ParsedRow.Unreadable(record.line(), CsvHeader.REPEATED, record.text());
    }
    if (fields.size() != header.size()) {
      return new ParsedRow.Unreadable(record.line(), CsvHeader.fieldCountProblem(fields.size(), header.size()),
          record.text());
    }
    return new ParsedRow.Row(record.line(), toRow(fields), record.text());
  }

  @Override
  public void close() throws IOException {
    records.close();
  }

  private ResponseRow toRow(List<String> fields) {
    Map<String, String> fixed = new HashMap<>();
    Map<String, String> scores = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String column = header.get(i);
      if (Columns.isField(column)) {
        fixed.put(column, fields.get(i));
      } else {
        scores.put(column, fields.get(i));
      }
    }
    return new ResponseRow(fixed.get(Columns.RESPONSE_ID), fixed.get(Columns.CYCLE_ID), fixed.get(Columns.TEAM_ID),
        fixed.get(Columns.SUBJECT_ID), fixed.get(Columns.RATER_ID), fixed.get(Columns.RATER_GROUP),
        fixed.get(Columns.SUBMITTED_AT), scores, fixed.get(Columns.CHANNEL));
  }

  /** Maps header names to canonical names (fixed columns lower case, item ids as in the instrument). */
  private static List<String> canonicalHeader(List<String> names, Instrument instrument, String source, long line)
      throws InputRejectedException {
    Map<String, String> known = new HashMap<>();
    Columns.FIXED.forEach(column -> known.put(column, column));
    Columns.OPTIONAL.forEach(column -> known.put(column, column));
    instrument.itemIds().forEach(id -> known.put(id.toLowerCase(Locale.ROOT), id));
    List<String> canonical = new ArrayList<>(names.size());
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String column = known.get(name.toLowerCase(Locale.ROOT));
      if (name.isEmpty()) {
        problems.add("column " + (i + 1) + " has no name");
      } else if (column == null) {
        problems.add("unknown column " + SafeText.name(name) + " (column " + (i + 1) + ")");
      } else if (canonical.contains(column)) {
        problems.add("duplicate column " + column + " (column " + (i + 1) + ")");
      }
      canonical.add(column);
    }
    List<String> missing = Columns.FIXED.stream().filter(column -> !canonical.contains(column)).toList();
    if (!missing.isEmpty()) {
      problems.add("missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
    }
    if (canonical.stream().noneMatch(column -> column != null && !Columns.isField(column))) {
      problems.add("no item columns");
    }
    if (!problems.isEmpty()) {
      throw new InputRejectedException("Input file " + source + " has an unusable CSV header on line " + line + ": "
          + String.join("; ", problems) + ". Known item columns of instrument " + instrument.id() + " v"
          + instrument.version() + ": " + String.join(", ", instrument.itemIds()));
    }
    return List.copyOf(canonical);
  }
}
