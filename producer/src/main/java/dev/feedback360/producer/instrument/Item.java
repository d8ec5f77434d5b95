package dev.feedback360.producer.instrument;

import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Likert item (scored 1 to 5) of an instrument.
 *
 * @param id stable item id, upper case letters, digits and underscores starting with a letter, for example
 *     {@code CHANGE_L1}; it is the column name in CSV exports and the key in JSON Lines answers
 * @param axis the axis the item measures
 * @param pole which end of the axis the item describes
 * @param text the question as shown to raters, about the rated person
 */
public record Item(String id, Axis axis, Pole pole, String text) {

  /** Syntax of item ids. */
  public static final Pattern ID_SYNTAX = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  public Item {
    Objects.requireNonNull(id, "item id is required");
    if (!ID_SYNTAX.matcher(id).matches()) {
      throw new IllegalArgumentException("item id '" + id + "' is invalid: use 1 to 64 upper case letters, digits "
          + "and underscores, starting with a letter, for example CHANGE_L1");
    }
    Objects.requireNonNull(axis, () -> "item " + id + " has no axis");
    Objects.requireNonNull(pole, () -> "item " + id + " has no pole");
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("item " + id + " has no question text");
    }
  }
}
