package dev.feedback360.streams.scoring;

import static dev.feedback360.testkit.Responses.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.ResponseContribution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The repartition topic carries a response's contribution, not the response: counting a contribution must be
 * exactly counting the response it came from.
 */
class TeamAggregateTest {

  private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");

  @Test
  void shouldCountAContributionExactlyAsTheResponseItCameFrom() {
    List<SurveyResponse> responses = List.of(
        response("C", "T", "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=5 CHANGE_L2=3 FOCUS_M1=2 HORIZON_M2=NA"),
        response("C", "T", "S1", "M1", RaterGroup.MANAGER, T0, "CHANGE_M1=4 FOCUS_L2=1 HORIZON_L1=5"),
        response("C", "T", "S2", "P1", RaterGroup.PEER, T0, "HORIZON_M1=2 HORIZON_M2=3"),
        response("C", "T", "S1", "S1", RaterGroup.SELF, T0, "CHANGE_L1=1"),
        response("C", "T", "S2", "X", RaterGroup.DIRECT_REPORT, T0, "CHANGE_L1=NA"));
    TeamAggregate fromResponses = new TeamAggregate();
    TeamAggregate fromContributions = new TeamAggregate();

    for (SurveyResponse response : responses) {
      fromResponses.add(response);
      fromContributions.add(TeamAggregate.contribution(response));
    }
    assertThat(fromContributions.toState()).isEqualTo(fromResponses.toState());
    assertThat(fromContributions.responses()).isEqualTo(5);

    fromResponses.subtract(responses.get(0));
    fromContributions.subtract(TeamAggregate.contribution(responses.get(0)));
    assertThat(fromContributions.toState()).isEqualTo(fromResponses.toState());
    assertThat(fromContributions.ratersByGroup()).containsEntry(RaterGroup.PEER, 1);
  }

  @Test
  void shouldDescribeAResponseByItsRaterGroupAndCellTotalsOnly() {
    SurveyResponse response =
        response("C", "T", "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=5 CHANGE_L2=3 FOCUS_M1=2");

    ResponseContribution contribution = TeamAggregate.contribution(response);

    assertThat(contribution.getRaterId()).isEqualTo("P1");
    assertThat(contribution.getRaterGroup()).isEqualTo(RaterGroup.PEER);
    // cells in order CHANGE/LEADER, CHANGE/MANAGER, FOCUS/LEADER, FOCUS/MANAGER, HORIZON/...: n, sum, sum of squares
    assertThat(contribution.getCells()).containsExactly(
        2L, 8L, 34L, 0L, 0L, 0L, 0L, 0L, 0L, 1L, 2L, 4L, 0L, 0L, 0L, 0L, 0L, 0L);
  }

  @Test
  void shouldCarryNoCellsForAResponseWithoutAnyScore() {
    SurveyResponse unscored = response("C", "T", "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=NA");
    TeamAggregate aggregate = new TeamAggregate();

    aggregate.add(TeamAggregate.contribution(unscored));

    assertThat(TeamAggregate.contribution(unscored).getCells()).isEmpty();
    assertThat(aggregate.responses()).isEqualTo(1);
    assertThat(aggregate.ratersByGroup()).isEmpty();
  }

  @Test
  void shouldRejectAContributionWrittenWithAnotherNumberOfCells() {
    ResponseContribution foreign = new ResponseContribution("P1", RaterGroup.PEER, List.of(1L, 5L, 25L));

    assertThatThrownBy(() -> new TeamAggregate().add(foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 cell totals where 18 are expected")
        .hasMessageContaining("reset the application");
  }

  @Test
  void shouldRejectTakingMoreScoresOutOfACellThanItHolds() {
    List<Long> oneScore = new ArrayList<>(Collections.nCopies(18, 0L));
    oneScore.set(0, 1L);
    oneScore.set(1, 4L);
    oneScore.set(2, 16L);
    List<Long> twoScores = new ArrayList<>(Collections.nCopies(18, 0L));
    twoScores.set(0, 2L);
    twoScores.set(1, 8L);
    twoScores.set(2, 32L);
    TeamAggregate aggregate = new TeamAggregate();
    aggregate.add(new ResponseContribution("P1", RaterGroup.PEER, oneScore));

    assertThatThrownBy(() -> aggregate.subtract(new ResponseContribution("P1", RaterGroup.PEER, twoScores)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Inconsistent totals n=-1")
        .hasMessageContaining("subtracted that was never added");
  }

  /**
   * A rater's tally is written only when a change moves it: the store round trip and the changelog record of a
   * correction that scores the same cells are saved, and every other change still writes it.
   */
  @Test
  void shouldWriteARaterTallyOnlyWhenTheChangeMovesIt() {
    List<String> puts = new ArrayList<>();
    RaterTallies inMemory = RaterTallies.inMemory();
    RaterTallies recording = new RaterTallies() {
      @Override
      public void read(String raterId, int[] into) {
        inMemory.read(raterId, into);
      }

      @Override
      public void put(String raterId, int[] tally) {
        puts.add(raterId);
        inMemory.put(raterId, tally);
      }
    };
    TeamAggregate aggregate = TeamAggregate.withTallies(recording, new ScoringConfig(1, 1));
    ResponseContribution first = contribution("P1", "CHANGE_L1=5 FOCUS_M1=2");
    ResponseContribution sameCells = contribution("P1", "CHANGE_L1=1 FOCUS_M1=4");
    ResponseContribution otherCells = contribution("P1", "CHANGE_L1=1 HORIZON_M1=4");
    ResponseContribution unscored = contribution("P2", "CHANGE_L1=NA");

    aggregate.add(first);
    assertThat(puts).containsExactly("P1");
    aggregate.change(first, sameCells);
    assertThat(puts).as("a correction scoring the same cells").containsExactly("P1");
    aggregate.add(unscored);
    assertThat(puts).as("a response without a score, from a rater without a tally").containsExactly("P1");
    aggregate.change(sameCells, otherCells);
    assertThat(puts).containsExactly("P1", "P1");
    aggregate.subtract(otherCells);
    assertThat(puts).containsExactly("P1", "P1", "P1");
    int[] tally = new int[TeamAggregate.RATER_TALLY_LENGTH];
    inMemory.read("P1", tally);
    assertThat(tally).as("a withdrawal removes the rater").containsOnly(0);

    TeamAggregate expected = new TeamAggregate();
    expected.add(unscored);
    assertThat(aggregate.toState()).isEqualTo(expected.toState());
  }

  @Test
  void shouldKeepSdWithheldForATeamWhoseSquaresWereWorkedOutFromTheSumsAfterASwitchBack() {
    ScoringConfig withheld = new ScoringConfig(1, 1, true);
    TeamAggregate aggregate = new TeamAggregate(withheld);
    aggregate.add(response("C", "T", "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=2 CHANGE_L2=4"));
    aggregate.add(response("C", "T", "S1", "P2", RaterGroup.PEER, T0, "CHANGE_L1=1 CHANGE_L2=5"));
    TeamAggregate exact = new TeamAggregate(new ScoringConfig(1, 1));
    exact.add(response("C", "T", "S1", "P1", RaterGroup.PEER, T0, "CHANGE_L1=3 CHANGE_L2=3"));
    exact.add(response("C", "T", "S1", "P2", RaterGroup.PEER, T0, "CHANGE_L1=3 CHANGE_L2=3"));

    assertThat(aggregate.toState().getSquaresFromSums()).isTrue();
    assertThat(aggregate.toState().getCells()).as("the squares of 3, 3, 3, 3 for 2, 4, 1, 5")
        .isEqualTo(exact.toState().getCells());
    ScoringConfig published = new ScoringConfig(1, 1);
    TeamAggregate restored = TeamAggregate.fromState(aggregate.toState(), published);
    TeamKey team = new TeamKey("C", "T");
    assertThat(restored.withholdsSd()).isTrue();
    assertThat(new ScoreCalculator(published).scores(team, restored, T0).getAxes().getChange().getLeader().getSd())
        .as("the squares are not the answers': no sd until a reset").isNull();
    assertThat(new ScoreCalculator(published).scores(team, restored, T0).getAxes().getChange().getLeader().getMean())
        .isEqualTo(3.0);
    assertThat(exact.withholdsSd()).isFalse();
    assertThat(new ScoreCalculator(published).scores(team, exact, T0).getAxes().getChange().getLeader().getSd())
        .isEqualTo(0.0);
  }

  /**
   * Review 75: on a team counted under --withhold-sd, after the option was switched off, a correction that moved the
   * squares alone (2, 4 to 3, 3) stayed pending and moved pendingRaters, where its twin (3, 3 sent again) did not.
   * The team reads counts and sums only, so such a change is nothing there.
   */
  @Test
  void shouldPublishTheSameForTwinsOfTheSameSumsOnATeamCountedWithSdWithheldAfterTheSwitch() {
    List<List<TeamScores>> histories = new ArrayList<>();
    for (String first : List.of("CHANGE_L1=2 CHANGE_L2=4", "CHANGE_L1=3 CHANGE_L2=3")) {
      RaterTallies tallies = RaterTallies.inMemory();
      TeamAggregate withheld = TeamAggregate.withTallies(tallies, new ScoringConfig(3, 3, true));
      for (String rater : List.of("P1", "P2", "P3")) {
        withheld.add(response("C", "T", "S1", rater, RaterGroup.PEER, T0, "CHANGE_L1=4 CHANGE_L2=5"));
      }
      ScoringConfig published = new ScoringConfig(3, 3);
      TeamAggregate switched = TeamAggregate.fromState(withheld.toState(), tallies, published);
      ScoreCalculator calculator = new ScoreCalculator(published);
      TeamKey team = new TeamKey("C", "T");
      List<TeamScores> records = new ArrayList<>();
      ResponseContribution q = contribution("Q", first);
      switched.add(q);
      records.add(calculator.scores(team, switched, T0));
      for (String rater : List.of("R", "S")) {
        switched.add(contribution(rater, "CHANGE_L1=1 CHANGE_L2=2"));
        records.add(calculator.scores(team, switched, T0));
      }
      switched.change(q, contribution("Q", "CHANGE_L1=3 CHANGE_L2=3"));
      records.add(calculator.scores(team, switched, T0));
      switched.add(contribution("U", "CHANGE_L1=5 CHANGE_L2=1"));
      records.add(calculator.scores(team, switched, T0));
      histories.add(records);
    }

    assertThat(histories.get(0).get(2).getStatus()).as("the batch Q, R, S published").hasToString("PUBLISHED");
    assertThat(histories.get(0).get(2).getAxes().getChange().getLeader().getSd()).isNull();
    assertThat(histories.get(0)).isEqualTo(histories.get(1));
  }

  private static ResponseContribution contribution(String rater, String answers) {
    return TeamAggregate.contribution(response("C", "T", "S1", rater, RaterGroup.PEER, T0, answers));
  }
}
