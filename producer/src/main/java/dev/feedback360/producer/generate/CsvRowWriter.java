package dev.feedback360.producer.generate;

import dev.feedback360.producer.parse.Columns;
import dev.feedback360.producer.parse.ResponseRow;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Writes rows as RFC 4180 CSV (CRLF line ends) with the header the CSV reader expects. */
public final class CsvRowWriter {

  private CsvRowWriter() {}

  static void write(List<ResponseRow> rows, List<String> itemIds, Writer out) throws IOException {
    List<String> header = new ArrayList<>(Columns.FIXED);
    header.addAll(itemIds);
    writeRecord(header, out);
    for (ResponseRow row : rows) {
      List<String> fields = new ArrayList<>(List.of(row.responseId(), row.cycleId(), row.teamId(), row.subjectId(),
          row.raterId(), row.raterGroup(), row.submittedAt()));
      itemIds.forEach(id -> fields.add(row.scores().getOrDefault(id, "")));
      writeRecord(fields, out);
    }
  }

  /** Writes one record: fields quoted where needed (comma, quote, line break, edge spaces), CRLF. */
  public static void writeRecord(List<String> fields, Writer out) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(escape(fields.get(i)));
    }
    out.write("\r\n");
  }

  private static String escape(String field) {
    boolean needsQuotes = field.contains(",") || field.contains("\"") || field.contains("\n")
        || field.contains("\r") || field.startsWith(" ") || field.endsWith(" ");
    return needsQuotes ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
  }
}
