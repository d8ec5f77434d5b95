package dev.feedback360.producer.parse;

import java.util.regex.Pattern;

/**
 * Decides which input text may appear in a message. Field values are never shown, because a misaligned export can
 * put a rater id into any column; the exceptions are structural names (column names, JSON keys, item ids) and numbers
 * too short to be an employee number.
 */
public final class SafeText {

  /** Shown in place of text that may not appear in messages. */
  public static final String NOT_SHOWN = "(value not shown)";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_. -]{1,40}");
  private static final Pattern SHORT_NUMBER = Pattern.compile("[-+]?[0-9]{1,2}([.,][0-9]{1,2})?");

  private SafeText() {}

  /** A column name, JSON key or item id in quotes, or {@link #NOT_SHOWN} when it looks like anything else. */
  public static String name(String text) {
    return text != null && NAME.matcher(text).matches() ? "'" + text + "'" : NOT_SHOWN;
  }

  /** A number of at most two digits (with up to two decimals) in quotes, otherwise {@link #NOT_SHOWN}. */
  public static String shortNumber(String text) {
    return text != null && SHORT_NUMBER.matcher(text).matches() ? "'" + text + "'" : NOT_SHOWN;
  }
}
