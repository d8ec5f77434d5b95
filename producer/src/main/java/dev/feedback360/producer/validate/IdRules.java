package dev.feedback360.producer.validate;

import dev.feedback360.schemas.ResponseLimits;
import java.util.Optional;

/**
 * What makes an id (response, cycle, team, subject, rater) acceptable: present, at most
 * {@value ResponseLimits#MAX_ID_LENGTH} characters (code points), no leading or trailing spaces, no control
 * characters, and not starting with a character that spreadsheets execute as a formula ({@code = + - @}, tab,
 * carriage return). Reasons name the field, never the value.
 */
final class IdRules {

  private IdRules() {}

  /** Why the value is not a valid id for this field, or empty when it is. */
  static Optional<String> problem(String field, String value) {
    if (value == null || value.isBlank()) {
      return Optional.of(field + " is missing");
    }
    if (ResponseLimits.idLength(value) > ResponseLimits.MAX_ID_LENGTH) {
      return Optional.of(field + " is longer than " + ResponseLimits.MAX_ID_LENGTH + " characters");
    }
    if (ResponseLimits.startsAsFormula(value)) {
      return Optional.of(field + " starts with " + describe(value.charAt(0)) + ", which spreadsheets run as a "
          + "formula");
    }
    if (value.codePoints().anyMatch(IdRules::isControl)) {
      return Optional.of(field + " contains control characters");
    }
    if (value.strip().length() != value.length()) {
      return Optional.of(field + " has leading or trailing spaces");
    }
    return Optional.empty();
  }

  private static boolean isControl(int codePoint) {
    return Character.isISOControl(codePoint) || codePoint == '\u2028' || codePoint == '\u2029'
        || Character.getType(codePoint) == Character.FORMAT;
  }

  private static String describe(char c) {
    return switch (c) {
      case '\t' -> "a tab";
      case '\r' -> "a carriage return";
      default -> "'" + c + "'";
    };
  }
}
