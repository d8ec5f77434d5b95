package dev.feedback360.cli.table;

import java.util.List;
import java.util.Locale;

/**
 * Rows of text as left-aligned columns two spaces apart, trailing spaces stripped: the tables the CLI prints
 * ({@code scores --format table}, {@code participation}).
 */
final class TextTable {

  private TextTable() {}

  /**
   * The rows (the header first) as lines; {@code (no teams)} after the header when {@code empty}.
   *
   * @param columns how many cells every row has
   */
  static String render(List<String[]> rows, int columns, boolean empty) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i]));
        if (i < row.length - 1) {
          line.append("  ");
        }
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    if (empty) {
      out.append("(no teams)").append(System.lineSeparator());
    }
    return out.toString();
  }
}
