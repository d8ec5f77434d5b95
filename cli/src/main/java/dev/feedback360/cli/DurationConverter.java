package dev.feedback360.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one way the command line reads a length of time: a whole number with a unit ({@code 500ms}, {@code 90s},
 * {@code 5m}, {@code 1h}, {@code 2d}) or ISO-8601 ({@code PT5M}, {@code PT1M30S}); never negative.
 *
 * <p>A bare number is still read in the unit the option had before it took units (seconds for most, minutes for
 * {@code replay --timeout} and {@code bench --timeout}), so existing scripts keep working; that form is deprecated.
 * Each unit is a subclass, because picocli makes converters from their class.
 */
public abstract class DurationConverter implements ITypeConverter<Duration> {

  /** What the help of an option using a converter says about bare numbers, in that converter's unit. */
  public static final String SECONDS_NOTE = "A bare number still means seconds (deprecated: write the unit).";
  public static final String MINUTES_NOTE = "A bare number still means minutes (deprecated: write the unit).";

  private static final Pattern WITH_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  private static final Pattern BARE = Pattern.compile("\\d+");

  private final ChronoUnit bareUnit;

  DurationConverter(ChronoUnit bareUnit) {
    this.bareUnit = bareUnit;
  }

  @Override
  public Duration convert(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    try {
      if (BARE.matcher(text).matches()) {
        return Duration.of(Long.parseLong(text), bareUnit);
      }
      Matcher withUnit = WITH_UNIT.matcher(text);
      if (withUnit.matches()) {
        return Duration.of(Long.parseLong(withUnit.group(1)), unit(withUnit.group(2)));
      }
      if (text.startsWith("pt") || text.startsWith("p")) {
        Duration parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
        if (!parsed.isNegative()) {
          return parsed;
        }
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw invalid(value);
    }
    throw invalid(value);
  }

  private static ChronoUnit unit(String unit) {
    return switch (unit) {
      case "ms" -> ChronoUnit.MILLIS;
      case "s" -> ChronoUnit.SECONDS;
      case "m" -> ChronoUnit.MINUTES;
      case "h" -> ChronoUnit.HOURS;
      default -> ChronoUnit.DAYS;
    };
  }

  private TypeConversionException invalid(String value) {
    return new TypeConversionException("'" + value + "' is not a duration: write a whole number with a unit (500ms, "
        + "90s, 5m, 1h, 2d) or ISO-8601 (PT5M); a bare number means " + bareUnit.toString().toLowerCase(Locale.ROOT));
  }

  /** Bare numbers in seconds: {@code scores}, {@code export}, {@code topics}, {@code acls}, {@code reset --wait}. */
  public static final class BareSeconds extends DurationConverter {
    public BareSeconds() {
      super(ChronoUnit.SECONDS);
    }
  }

  /** Bare numbers in minutes: {@code replay} and {@code bench}. */
  public static final class BareMinutes extends DurationConverter {
    public BareMinutes() {
      super(ChronoUnit.MINUTES);
    }
  }
}
