package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  private final DurationConverter seconds = new DurationConverter.BareSeconds();
  private final DurationConverter minutes = new DurationConverter.BareMinutes();

  @ParameterizedTest
  @CsvSource({
      "500ms, 500",
      "90s, 90000",
      "5m, 300000",
      "1h, 3600000",
      "2d, 172800000",
      "90S, 90000",
      "' 5m ', 300000",
      "PT5M, 300000",
      "pt1m30s, 90000",
      "P1D, 86400000"})
  void shouldReadANumberWithAUnitOrIso8601TheSameWhateverTheBareUnit(String text, long millis) {
    assertThat(seconds.convert(text)).isEqualTo(Duration.ofMillis(millis));
    assertThat(minutes.convert(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void shouldReadABareNumberInTheOptionsOldUnit() {
    // scores/topics/acls/export took seconds, replay and bench minutes: "60" keeps meaning what it meant.
    assertThat(seconds.convert("60")).isEqualTo(Duration.ofSeconds(60));
    assertThat(minutes.convert("60")).isEqualTo(Duration.ofMinutes(60));
    assertThat(seconds.convert("0")).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "5 minutes", "1.5m", "-5s", "-5", "PT-5M", "5w", "m", "99999999999999999999s"})
  void shouldRefuseWhatIsNotANonNegativeDuration(String text) {
    assertThatThrownBy(() -> seconds.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'" + text + "' is not a duration")
        .hasMessageContaining("90s, 5m, 1h")
        .hasMessageEndingWith("a bare number means seconds");
  }

  @Test
  void shouldSayWhichUnitABareNumberHasWhenRefusing() {
    assertThatThrownBy(() -> minutes.convert("soon")).hasMessageEndingWith("a bare number means minutes");
  }

  @Test
  void shouldParseTimeoutsOnTheCommandLineWithUnitsAndBareNumbers() {
    ScoresCommand scores = new ScoresCommand();
    picocli.CommandLine scoresLine = new picocli.CommandLine(scores);

    scoresLine.parseArgs("--timeout", "2m");
    assertThat(scores.timeout).isEqualTo(Duration.ofMinutes(2));
    scoresLine.parseArgs("--timeout", "20");
    assertThat(scores.timeout).isEqualTo(Duration.ofSeconds(20));
    scoresLine.parseArgs();
    assertThat(scores.timeout).as("the default").isEqualTo(Duration.ofSeconds(60));

    ReplayCommand replay = new ReplayCommand();
    picocli.CommandLine replayLine = new picocli.CommandLine(replay);
    replayLine.parseArgs("--output", "what-if", "--timeout", "90");
    assertThat(replay.timeout).as("a bare number is minutes in replay").isEqualTo(Duration.ofMinutes(90));
    replayLine.parseArgs("--output", "what-if");
    assertThat(replay.timeout).as("the default").isEqualTo(Duration.ofHours(1));
  }
}
