package dev.feedback360.producer.parse;

/**
 * What a {@link WithdrawalReader} read at one place of a withdrawals file: a row, or a part it could not read as a
 * row. Line numbers are 1-based physical lines; a CSV record spanning several lines has the number of its first.
 */
public sealed interface WithdrawalRow {

  /** First line of the row in the input. */
  long line();

  /**
   * One withdrawal as text, not yet validated. Holds the raw rater id: {@link #toString()} hides the ids.
   */
  record Row(long line, String cycleId, String subjectId, String raterId) implements WithdrawalRow {

    @Override
    public String toString() {
      return "WithdrawalRow.Row[line=" + line + ", cycleId=" + cycleId + ", subject and rater hidden]";
    }
  }

  /**
   * Input that could not be read as a row.
   *
   * @param reason what is wrong, in plain words; never contains field values
   */
  record Unreadable(long line, String reason) implements WithdrawalRow {}
}
