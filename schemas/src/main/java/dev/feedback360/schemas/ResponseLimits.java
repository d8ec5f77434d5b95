package dev.feedback360.schemas;

/**
 * What a survey response on the wire may hold: the producer refuses rows beyond these limits and the streams app
 * dead-letters records beyond them, so both read them from here.
 *
 * <p>Ids (response, cycle, team, subject, rater, item) are at most {@value #MAX_ID_LENGTH} characters, counted as
 * Unicode code points ({@link #idLength}), the way a person counts them; in UTF-16 ({@link String#length()}) an id
 * of 128 characters outside the Basic Multilingual Plane is 256 units long, which is what the streams app's old
 * limit of 256 allowed for. Rater ids on the wire are 64-character pseudonyms, item ids of an instrument at most 64.
 */
public final class ResponseLimits {

  /** The lowest Likert score. */
  public static final int MIN_SCORE = 1;
  /** The highest Likert score. */
  public static final int MAX_SCORE = 5;
  /** The longest id, in code points. */
  public static final int MAX_ID_LENGTH = 128;

  private ResponseLimits() {}

  /** An id's length as {@link #MAX_ID_LENGTH} counts it: in code points. */
  public static int idLength(String id) {
    return id.codePointCount(0, id.length());
  }

  /**
   * Whether {@code text} starts with a character spreadsheets run as a formula ({@code = + - @}, tab, carriage
   * return): ids must not ({@code produce} refuses them), and what writes text for a spreadsheet (the rejects file,
   * the CSV exports) makes such text harmless.
   */
  public static boolean startsAsFormula(String text) {
    return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
  }

  /** Whether {@code score} is a valid Likert score. */
  public static boolean isScore(int score) {
    return score >= MIN_SCORE && score <= MAX_SCORE;
  }
}
