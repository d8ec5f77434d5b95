package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.streams.read.ScoresTail;
import dev.feedback360.streams.read.ScoresTail.Published;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishedRuleCheckTest {

  private static final String TOPIC = "team-scores-json";

  @Test
  void shouldSayNothingWhenTheRuleIsTheSameOrNothingWasPublished() {
    ScoresTail tail = new ScoresTail(List.of(record("2026-H1", 3, 3, true), record("2026-H1", 3, 3, null)));

    assertThat(PublishedRuleCheck.warnings(ScoringConfig.defaults(), tail, TOPIC)).isEmpty();
    assertThat(PublishedRuleCheck.warnings(new ScoringConfig(5, 5, true), new ScoresTail(List.of()), TOPIC))
        .isEmpty();
  }

  @Test
  void shouldSayWhatANewKOrNDoesFromEachTeamsNextChange() {
    ScoresTail tail = new ScoresTail(List.of(record("2026-H1", 3, 3, true)));

    assertThat(PublishedRuleCheck.warnings(new ScoringConfig(4, 4), tail, TOPIC)).singleElement().asString()
        .startsWith("The newest records of team-scores-json were published with k = 3, N = 3; this app runs k = 4, "
            + "N = 4: each team changes to the new values at its next change (a figure standing on fewer raters "
            + "than the new values is withheld until enough raters change it)")
        .contains("docs/operations.md");
    assertThat(PublishedRuleCheck.warnings(new ScoringConfig(3, 2), tail, TOPIC)).singleElement().asString()
        .contains("this app runs k = 3, N = 2").contains("smaller groups and batches are published from then on");
  }

  @Test
  void shouldWarnOfEachPartitionsNewestRuleThatDiffers() {
    Published before = record("2026-H1", 3, 3, true);
    Published after = record("2026-H1", 4, 4, true);
    ScoresTail tail = new ScoresTail(List.of(before, after), List.of(after, before));

    assertThat(PublishedRuleCheck.warnings(new ScoringConfig(4, 4), tail, TOPIC)).singleElement().asString()
        .startsWith("The newest records of team-scores-json were published with k = 3, N = 3; this app runs k = 4");
    assertThat(PublishedRuleCheck.warnings(new ScoringConfig(5, 5), tail, TOPIC)).hasSize(2);
  }

  @Test
  void shouldNameTheCyclesWithheldWhenSdIsSwitchedOff() {
    ScoresTail tail = new ScoresTail(List.of(record("2025-H2", 3, 3, false), record("2026-H1", 3, 3, true),
        record("2025-H1", 3, 3, false)));

    assertThat(PublishedRuleCheck.warnings(ScoringConfig.defaults(), tail, TOPIC)).singleElement().asString()
        .startsWith("Records of team-scores-json withhold sd (cycles 2025-H1, 2025-H2: the app ran with "
            + "--withhold-sd) and this app runs without it")
        .contains("Switch the option off with a reset, or once those cycles take no more responses");
  }

  @Test
  void shouldNameTheCyclesPublishedWhenSdIsSwitchedOn() {
    ScoresTail tail = new ScoresTail(List.of(record("2026-H1", 3, 3, true), record("2025-H2", 3, 3, false)));

    assertThat(PublishedRuleCheck.warnings(new ScoringConfig(3, 3, true), tail, TOPIC)).singleElement().asString()
        .startsWith("Records of team-scores-json publish sd (cycles 2026-H1) and this app runs with --withhold-sd")
        .contains("Switch the option on with a reset, or at a new cycle");
  }

  private static Published record(String cycle, int minRaters, int minChange, Boolean sdShown) {
    return new Published(cycle, Instant.EPOCH, minRaters, minChange, sdShown);
  }
}
