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

  private CsvHeader() {}

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
