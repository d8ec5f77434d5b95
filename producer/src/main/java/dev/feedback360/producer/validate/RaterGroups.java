package dev.feedback360.producer.validate;

import dev.feedback360.avro.RaterGroup;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a rater group case-insensitively, treating spaces and hyphens as underscores: {@code peer},
 * {@code Direct_Report} and {@code direct report} are all accepted.
 */
final class RaterGroups {

  private RaterGroups() {}

  static Optional<RaterGroup> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String normalised = text.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    return Arrays.stream(RaterGroup.values()).filter(group -> group.name().equals(normalised)).findFirst();
  }

  static String problem(String text) {
    if (text == null || text.isBlank()) {
      return "rater_group is missing";
    }
    return "rater_group is not one of " + Arrays.toString(RaterGroup.values()) + " (in any case)";
  }
}
