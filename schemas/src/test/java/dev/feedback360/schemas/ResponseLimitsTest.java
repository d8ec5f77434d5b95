package dev.feedback360.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseLimitsTest {

  @Test
  void shouldCountAnIdInCodePointsNotUtf16Units() {
    String wide = new String(Character.toChars(0x1F600));

    assertThat(ResponseLimits.idLength("emp-00042")).isEqualTo(9);
    assertThat(ResponseLimits.idLength(wide.repeat(128))).isEqualTo(128);
    assertThat(wide.repeat(128)).hasSize(256);
  }

  @Test
  void shouldAcceptScoresOneToFiveOnly() {
    assertThat(ResponseLimits.isScore(0)).isFalse();
    assertThat(ResponseLimits.isScore(1)).isTrue();
    assertThat(ResponseLimits.isScore(5)).isTrue();
    assertThat(ResponseLimits.isScore(6)).isFalse();
  }
}
