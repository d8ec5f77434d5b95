package dev.feedback360.producer.validate;

import dev.feedback360.producer.parse.SafeText;
import dev.feedback360.schemas.ResponseLimits;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one Likert score: blank, {@code NA} or {@code na} mean not observed (null); anything else must be a whole
 * number from {@value ResponseLimits#MIN_SCORE} to {@value ResponseLimits#MAX_SCORE}.
 */
final class Scores {

  private static final Set<String> NOT_OBSERVED = Set.of("", "NA", "na");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");

  /** A parsed score: {@code value} is null for not observed, or {@code problem} says what is wrong. */
  record Score(Integer value, String problem) {}

  private Scores() {}

  static Score parse(String itemId, String text) {
    if (text == null || NOT_OBSERVED.contains(text.strip())) {
      return new Score(null, null);
    }
    if (DIGITS.matcher(text).matches()) {
      int value = Integer.parseInt(text);
      if (ResponseLimits.isScore(value)) {
        return new Score(value, null);
      }
    }
    return new Score(null, "score of " + itemId + " must be a whole number from " + ResponseLimits.MIN_SCORE
        + " to " + ResponseLimits.MAX_SCORE
        + " (or blank/NA for not observed), got " + SafeText.shortNumber(text));
  }
}
