package dev.feedback360.streams.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.json.TeamScoresJson;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScoresTailTest {

  @Test
  void shouldReadSdAsWithheldOnlyFromACellShownOverTwoOrMoreAnswers() {
    TeamScores scores = scores("2026-H1", new CellScores(null, null, 0, 0));
    assertThat(ScoresTail.shownCell(scores)).as("nothing shown").isNull();

    scores.getAxes().getFocus().setManager(new CellScores(4.0, null, 1, 1));
    assertThat(ScoresTail.shownCell(scores)).as("one answer has no sd anyway").isNull();

    CellScores shown = new CellScores(3.5, null, 6, 3);
    scores.getAxes().getHorizon().setLeader(shown);
    assertThat(ScoresTail.shownCell(scores)).isSameAs(shown);
  }

  /**
   * Review 76: after --withhold-sd was switched off, a team counted under it keeps sd null beside a new cycle's teams,
   * which publish it; whichever is newest, the tail reads as withholding.
   */
  @Test
  void shouldReadSdAsWithheldWhenAnyRecordOfTheTailWithholdsIt() {
    TeamScores withheld = scores("2025-H2", new CellScores(3.5, null, 6, 3));
    TeamScores published = scores("2026-H1", new CellScores(3.5, 0.5, 6, 3));
    TeamScores nothingShown = scores("2026-H1", new CellScores(null, null, 6, 2));

    assertThat(tail(withheld, published).withholdsSd()).isTrue();
    assertThat(tail(published, withheld).withholdsSd()).isTrue();
    assertThat(tail(published, nothingShown).withholdsSd()).isFalse();
    assertThat(tail().withholdsSd()).isFalse();
    assertThat(tail(withheld, published, nothingShown).cycles(false)).containsExactly("2025-H2");
    assertThat(tail(withheld, published, nothingShown).cycles(true)).containsExactly("2026-H1");
    assertThat(tail(nothingShown).cycles(true)).as("nothing shown publishes nothing").isEmpty();
  }

  @Test
  void shouldTakeKAndNFromTheLastRecordWrittenNotTheLatestEventTime() {
    ScoresTail.Published older = published(Instant.EPOCH, 5, 5);
    ScoresTail.Published newer = published(Instant.EPOCH.plusSeconds(1), 3, 3);

    assertThat(new ScoresTail(List.of(older, newer)).rule()).contains(new ScoringConfig(3, 3, false));
    assertThat(new ScoresTail(List.of(newer, older)).rule()).as("a late change of an old cycle, written last")
        .contains(new ScoringConfig(5, 5, false));
    assertThat(new ScoresTail(List.of()).rule()).isEmpty();
    ScoresTail twoPartitions = new ScoresTail(List.of(older, newer), List.of(newer, older));
    assertThat(twoPartitions.rule()).as("of the partitions' last records, the latest").contains(
        new ScoringConfig(3, 3, false));
    assertThat(twoPartitions.newestRules()).containsExactly(new ScoringConfig(3, 3), new ScoringConfig(5, 5));
  }

  @Test
  void shouldReadTheJsonMirrorAsItsAvroRecord() throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (TeamScores scores : List.of(scores("2025-H2", new CellScores(3.5, null, 6, 3)),
        scores("2026-H1", new CellScores(3.5, 0.5, 6, 3)), scores("2026-H1", new CellScores(null, null, 6, 2)))) {
      scores.setMinChange(4);
      scores.setUpdatedAt(Instant.parse("2026-03-02T09:15:00.123Z"));

      assertThat(ScoresTail.Published.ofJson(json.readTree(TeamScoresJson.toJsonLine(scores))))
          .isEqualTo(ScoresTail.Published.of(scores));
    }
  }

  private static ScoresTail.Published published(Instant updatedAt, int minRaters, int minChange) {
    return new ScoresTail.Published("2026-H1", updatedAt, minRaters, minChange, true);
  }

  private static ScoresTail tail(TeamScores... records) {
    return new ScoresTail(Stream.of(records).map(ScoresTail.Published::of).toList());
  }

  private static TeamScores scores(String cycle, CellScores changeLeader) {
    TeamScores scores = new ScoreCalculator(ScoringConfig.defaults())
        .scores(new TeamKey(cycle, "team-1"), new TeamAggregate(ScoringConfig.defaults()), Instant.EPOCH);
    scores.getAxes().getChange().setLeader(changeLeader);
    return scores;
  }
}
