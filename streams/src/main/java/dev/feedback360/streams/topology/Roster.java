package dev.feedback360.streams.topology;

import java.util.Locale;

/**
 * Which responses the scores count (an app-wide choice, {@code streams --roster}): {@link #OPEN} counts every valid
 * response; {@link #STRICT} only a response that answers its key's nomination (docs/architecture.md, Roster).
 */
public enum Roster {
  /** Every valid response counts, nominated or not (the default, for organisations that do not nominate). */
  OPEN,
  /** A response counts only while it answers its key's nomination; an unnominated one is held, counted nowhere. */
  STRICT;

  /** The name in options and in the participation JSON: {@code open} or {@code strict}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses an option value, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Roster parse(String value) {
    for (Roster roster : values()) {
      if (roster.optionName().equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT))) {
        return roster;
      }
    }
    throw new IllegalArgumentException("Unknown roster '" + value + "': expected open or strict");
  }
}
