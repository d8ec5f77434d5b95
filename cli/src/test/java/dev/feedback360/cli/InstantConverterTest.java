package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class InstantConverterTest {

  private final InstantConverter converter = new InstantConverter();

  @Test
  void shouldReadAnInstantInUtcOrWithAnOffset() {
    assertThat(converter.convert("2026-06-30T23:59:59Z")).isEqualTo(Instant.parse("2026-06-30T23:59:59Z"));
    // midnight at +02:00 is 22:00 the day before in UTC
    assertThat(converter.convert("2026-07-01T00:00:00+02:00")).isEqualTo(Instant.parse("2026-06-30T22:00:00Z"));
  }

  @Test
  void shouldRefuseATimeWithoutAnOffsetAndSayWhatToWrite() {
    assertThatThrownBy(() -> converter.convert("2026-06-30T23:59:59"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'2026-06-30T23:59:59' is not an instant")
        .hasMessageContaining("2026-06-30T23:59:59Z");
  }
}
