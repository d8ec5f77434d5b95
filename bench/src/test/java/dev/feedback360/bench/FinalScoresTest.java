package dev.feedback360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.streams.scoring.ScoringConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FinalScoresTest {

  private static final String RATERS =
      "\"raters\":{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0}";

  @Test
  void shouldAgreeWhenKeysRuleAndRaterCountsAgreeWhateverThePublishedMeans() {
    // Under N > 1 where a batch falls decides when a mean is published: only keys, k, N and raters compare.
    Map<String, String> streams = Map.of("C/T1",
        "{\"minRaters\":3,\"minChange\":3," + RATERS + ",\"pendingRaters\":2,\"updatedAt\":\"2026-10-01T09:00:03Z\"}");
    Map<String, String> naive = Map.of("C/T1",
        "{\"minRaters\":3,\"minChange\":3," + RATERS + ",\"pendingRaters\":0,\"updatedAt\":\"2026-10-01T09:00:01Z\"}");

    assertThat(FinalScores.agree(streams, naive, ScoringConfig.defaults())).isTrue();
  }

  @Test
  void shouldCompareWholeRecordsWhenEveryChangeIsPublished() {
    // Under N = 1 every record is exact whatever the order: anything that differs is a difference.
    String record = "{\"minRaters\":3,\"minChange\":1," + RATERS + ",\"pendingRaters\":0,\"updatedAt\":\"%s\"}";
    Map<String, String> one = Map.of("C/T1", String.format(record, "2026-10-01T09:00:03Z"));
    Map<String, String> other = Map.of("C/T1", String.format(record, "2026-10-01T09:00:01Z"));
    ScoringConfig everyChange = new ScoringConfig(3, 1);

    assertThat(FinalScores.agree(one, Map.copyOf(one), everyChange)).isTrue();
    assertThat(FinalScores.agree(one, other, everyChange)).isFalse();
    assertThat(FinalScores.agree(one, other, ScoringConfig.defaults())).isTrue();
  }

  @Test
  void shouldDisagreeOnAMissingTeamOrAnotherRaterCount() {
    Map<String, String> one = Map.of("C/T1", "{\"minRaters\":3,\"minChange\":3," + RATERS + "}");
    Map<String, String> otherCount = Map.of("C/T1",
        "{\"minRaters\":3,\"minChange\":3," + RATERS.replace("\"PEER\":3", "\"PEER\":4") + "}");

    assertThat(FinalScores.agree(one, Map.of(), ScoringConfig.defaults())).isFalse();
    assertThat(FinalScores.agree(one, otherCount, ScoringConfig.defaults())).isFalse();
  }
}
