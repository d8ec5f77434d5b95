package dev.feedback360.cli;

import dev.feedback360.streams.topology.Roster;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --roster open|strict}, case-insensitive. */
final class RosterConverter implements ITypeConverter<Roster> {

  static final String DESCRIPTION = "open: every valid response counts in the scores; strict: only a response "
      + "answering its key's nomination (team and rater group), held until then and taken out when the nomination "
      + "is removed or moved (default: ${DEFAULT-VALUE}).";

  @Override
  public Roster convert(String value) {
    try {
      return Roster.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
