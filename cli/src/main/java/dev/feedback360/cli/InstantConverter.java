package dev.feedback360.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an ISO-8601 instant with a zone offset ({@code 2026-06-30T23:59:59Z}, {@code ...+02:00}). */
final class InstantConverter implements ITypeConverter<Instant> {

  @Override
  public Instant convert(String value) {
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not an instant: use ISO-8601 with a zone offset, for "
          + "example 2026-06-30T23:59:59Z or 2026-07-01T00:00:00+02:00");
    }
  }
}
