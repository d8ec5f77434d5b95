package dev.feedback360.producer.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link NominationReader} read at one place of a nominations file: a row, or a part it could not read as a
 * row. Line numbers are 1-based physical lines; a CSV record spanning several lines has the number of its first.
 */
public sealed interface NominationRow {

  /** First line of the row in the input. */
  long line();

  /** The row as it appeared in the file, or null when it could not be decoded. */
  String sourceText();

  /**
   * One nomination as text, not yet validated; a field is null when the file does not have it. Holds raw ids and
   * whatever else the file carries (e-mail addresses...): {@link #toString()} shows none of it.
   *
   * @param columns every column of the row, named as in the file, in the file's order (CSV: the header's; JSON
   *     Lines: the object's), values as text; extra columns are kept here and nowhere else
   */
  record Row(long line, String cycleId, String teamId, String subjectId, String raterId, String raterGroup,
      String nominatedAt, Map<String, String> columns, String sourceText) implements NominationRow {

    public Row {
      Objects.requireNonNull(columns, "columns");
      columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    @Override
    public String toString() {
      return "NominationRow.Row[line=" + line + ", cycleId=" + cycleId + ", teamId=" + teamId + ", raterGroup="
          + raterGroup + ", subject, rater and " + columns.size() + " columns hidden]";
    }
  }

  /**
   * Input that could not be read as a row.
   *
   * @param reason what is wrong, in plain words; never contains field values
   */
  record Unreadable(long line, String reason, String sourceText) implements NominationRow {}
}
