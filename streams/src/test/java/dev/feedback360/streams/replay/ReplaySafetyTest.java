package dev.feedback360.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.topics.TopicSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplaySafetyTest {

  private static ReplayRequest request(Instant asOf, ScoringConfig scoring) {
    return new ReplayRequest("unused:9092", "survey-responses", "what-if", Set.of("team-scores"),
        new InputScope(asOf, null), scoring, TopicSettings.defaults(), null, false, Duration.ofMinutes(1));
  }

  @Test
  void shouldCallAFullReplayByProductionsRuleSafeToShare() {
    ReplaySafety safety = ReplaySafety.assess(request(null, new ScoringConfig(5, 5)),
        Optional.of(new ScoringConfig(5, 5)));

    assertThat(safety.safeToShare()).isTrue();
    assertThat(safety.warning()).isNull();
    assertThat(safety.advice()).as("review 116: two replays' records, compared, single out raters")
        .startsWith("Note: hand this replay's output only to readers who see no other replay's or production's "
            + "records of these responses")
        .doesNotContain("\n");
  }

  @Test
  void shouldWarnAboutAWhatIfThresholdBelowProductions() {
    ReplaySafety safety = ReplaySafety.assess(request(null, new ScoringConfig(3)),
        Optional.of(new ScoringConfig(5)));

    assertThat(safety.safeToShare()).isFalse();
    assertThat(safety.warning()).startsWith("Warning: do not hand this replay's output")
        .contains("k = 3 is below production's 5").contains("N = 3 is below production's 5")
        .doesNotContain("\n");
    assertThat(safety.advice()).isEqualTo(safety.warning());
  }

  @Test
  void shouldWarnAboutAnAsOfReplayAndAboutPublishingEveryChange() {
    assertThat(ReplaySafety.assess(request(Instant.parse("2026-06-30T23:59:59Z"), ScoringConfig.defaults()),
        Optional.empty()).warning()).contains("--as-of outputs");
    assertThat(ReplaySafety.assess(request(null, new ScoringConfig(3, 1)), Optional.empty()).warning())
        .contains("N = 1 publishes every change");
  }

  @Test
  void shouldWarnAboutAReplayPublishingSdThatProductionWithholds() {
    ScoringConfig withheld = new ScoringConfig(3, 3, true);

    assertThat(ReplaySafety.assess(request(null, ScoringConfig.defaults()), Optional.of(withheld)).warning())
        .contains("it publishes sd, which production withholds (--withhold-sd)");
    assertThat(ReplaySafety.assess(request(null, withheld), Optional.of(withheld)).safeToShare()).isTrue();
    assertThat(ReplaySafety.assess(request(null, withheld), Optional.of(ScoringConfig.defaults())).safeToShare())
        .as("withholding more than production is safe").isTrue();
  }

  @Test
  void shouldAssumeTheDefaultsWhenProductionsRuleIsUnknown() {
    assertThat(ReplaySafety.assess(request(null, ScoringConfig.defaults()), Optional.empty()).safeToShare())
        .isTrue();
  }
}
