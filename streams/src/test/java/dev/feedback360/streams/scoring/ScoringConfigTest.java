package dev.feedback360.streams.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScoringConfigTest {

  @Test
  void shouldTellTheRulesThatLetAReaderOrARaterReadAnswers() {
    assertThat(new ScoringConfig(3, 1).publishesEveryChange()).isTrue();
    assertThat(new ScoringConfig(3, 1).letsOneRaterReadAnother()).isFalse();
    assertThat(new ScoringConfig(3, 2).letsOneRaterReadAnother()).isTrue();
    assertThat(new ScoringConfig(5, 2).publishesEveryChange()).isFalse();
    assertThat(ScoringConfig.defaults().letsOneRaterReadAnother()).isFalse();
    assertThat(new ScoringConfig(3, 4).letsOneRaterReadAnother()).isFalse();
  }

  @Test
  void shouldPublishSdByDefaultAndWithholdItOnlyWhenAsked() {
    assertThat(ScoringConfig.defaults().withholdsSd()).isFalse();
    assertThat(new ScoringConfig(4, 5).withholdsSd()).isFalse();
    assertThat(new ScoringConfig(4, 5).withholdingSd(true)).isEqualTo(new ScoringConfig(4, 5, true));
    assertThat(new ScoringConfig(4, 5, true).withholdingSd(false)).isEqualTo(new ScoringConfig(4, 5));
  }

  @Test
  void shouldRefuseThresholdsOutOfRangeNamingTheOption() {
    assertThatThrownBy(() -> new ScoringConfig(3, 0)).hasMessageContaining("--min-change");
    assertThatThrownBy(() -> new ScoringConfig(0, 3)).hasMessageContaining("--min-raters");
  }
}
