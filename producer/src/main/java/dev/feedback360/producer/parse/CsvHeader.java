package dev.feedback360.producer.parse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Finds named columns in a CSV header (any order, any case) and says what is wrong with it. Problems name columns by
 * number, and show a header name only when it is one of the known columns: a file without a header would put a raw
 * id in its place.
 */
final class CsvHeader {

  /** Why a row equal to the header is rejected. */
  static final String REPEATED = "repeats the header row (two exports joined?): remove it";

  private CsvHeader() {}

  /**
   * Whether a row repeats the header: the same names, compared without case, surrounding spaces or a byte order mark
   * (two exports joined, one of them saved with a BOM).
   *
   * @param header the header, as {@link #normalised}
   */
  static boolean repeats(List<String> fields, List<String> header) {
    return fields.size() == header.size() && normalised(fields).equals(header);
  }

  /** The names without case, surrounding spaces or a byte order mark, to compare rows with the header. */
  static List<String> normalised(List<String> names) {
    return names.stream().map(name -> name.replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT)).toList();
  }

  /** Why a row with another number of fields than the header is rejected, and what to do about it. */
  static String fieldCountProblem(int fields, int header) {
    return "has " + fields + " fields but the header has " + header + (fields > header
        ? ": a comma inside an unquoted field? put that field in double quotes"
        : ": is the line cut short, or does an unquoted field hold a line break? complete the line, or put the "
            + "field in double quotes");
  }

  /**
   * The index of each of {@code columns} in {@code names}, -1 where absent; every problem found is added to
   * {@code problems}.
   *
   * @param columns the known columns, lower case
   * @param required how many of {@code columns}, from the first, must be present
   * @param othersAllowed whether columns not in {@code columns} are accepted (and ignored)
   */
  static int[] positions(List<String> names, List<String> columns, int required, boolean othersAllowed,
      List<String> problems) {
    int[] positions = new int[columns.size()];
    Arrays.fill(positions, -1);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).toLowerCase(Locale.ROOT);
      int column = columns.indexOf(name);
      if (column < 0) {
        if (!othersAllowed) {
          problems.add("column " + (i + 1) + " is not one of " + String.join(", ", columns));
        }
      } else if (positions[column] >= 0) {
        problems.add("duplicate column " + name + " (column " + (i + 1) + ")");
      } else {
        positions[column] = i;
      }
    }
    List<String> missing = new ArrayList<>();
    for (int column = 0; column < required; column++) {
      if (positions[column] < 0) {
        missing.add(columns.get(column));
      }
    }
    missing.forEach(column -> problems.add("missing column " + column));
    return positions;
  }
}
