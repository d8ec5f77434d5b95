package dev.feedback360.bench.jmh;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.json.TeamScoresJson;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The scoring path on a team of 150 live responses: exact add/subtract, score computation, the team state written,
 * JSON.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AggregateBenchmarks {

  private TeamAggregate aggregate;
  private SurveyResponse extra;
  private ScoreCalculator calculator;
  private TeamKey team;
  private TeamScores scores;
  private TeamAggregate published;
  private AvroSerde<TeamAggregateState> stateSerde;
  private boolean extraCounted;
  /** {@link #foldTeam}'s changes: per change the contribution before (null: a first answer) and after. */
  private final List<ResponseContribution[]> fold = new ArrayList<>();

  /** A team with 150 responses counted, and one more response to add and take back out. */
  @Setup
  public void setUp() {
    List<SurveyResponse> responses = BenchFixtures.teamResponses(BenchFixtures.TEAM_RESPONSES + 1);
    aggregate = new TeamAggregate();
    responses.subList(0, BenchFixtures.TEAM_RESPONSES).forEach(aggregate::add);
    extra = responses.get(BenchFixtures.TEAM_RESPONSES);
    calculator = new ScoreCalculator(ScoringConfig.defaults());
    team = new TeamKey(extra.getCycleId(), extra.getTeamId());
    scores = calculator.scores(team, aggregate, Instant.EPOCH);
    published = new TeamAggregate(ScoringConfig.defaults());
    responses.subList(0, BenchFixtures.TEAM_RESPONSES).forEach(published::add);
    stateSerde = AvroSerdes.teamAggregateState();
    for (SurveyResponse response : responses.subList(0, BenchFixtures.TEAM_RESPONSES)) {
      fold.add(new ResponseContribution[] {null, TeamAggregate.contribution(response)});
    }
    // Every tenth rater corrects one answer by one point.
    for (int i = 0; i < FOLD_CORRECTIONS; i++) {
      SurveyResponse before = responses.get(i * 10);
      SurveyResponse after = SurveyResponse.newBuilder(before).build();
      List<Answer> answers = new ArrayList<>(after.getAnswers());
      for (int a = 0; a < answers.size(); a++) {
        Integer score = answers.get(a).getScore();
        if (score != null) {
          answers.set(a, Answer.newBuilder(answers.get(a)).setScore(score == 5 ? 4 : score + 1).build());
          break;
        }
      }
      after.setAnswers(answers);
      fold.add(new ResponseContribution[] {TeamAggregate.contribution(before), TeamAggregate.contribution(after)});
    }
  }

  private static final int FOLD_CORRECTIONS = 15;

  /** Adds a response to the team and subtracts it again (one correction's worth of aggregate work). */
  @Benchmark
  public TeamAggregate addThenSubtract() {
    aggregate.add(extra);
    aggregate.subtract(extra);
    return aggregate;
  }

  /** Derives the team's scores from its totals. */
  @Benchmark
  public TeamScores computeScores() {
    return calculator.scores(team, aggregate, Instant.EPOCH);
  }

  /**
   * Packs the state of a team under the default publication rule (its pending raters included) and encodes it, as
   * the app does for the team's store entry on every change.
   */
  @Benchmark
  public byte[] storeTeamState() {
    return stateSerde.encode(published.toState());
  }

  /**
   * Changes the team under the default publication rule by one response (counted in, then taken out again on the
   * next call: the two halves of a correction) and stores its state, as the app does on every change.
   */
  @Benchmark
  public byte[] changeAndStoreTeamState() {
    if (extraCounted) {
      published.subtract(extra);
    } else {
      published.add(extra);
    }
    extraCounted = !extraCounted;
    return stateSerde.encode(published.toState());
  }

  /**
   * Folds a team's 150 first answers and 15 corrections through an empty team under the default publication rule,
   * per change: what the rule's checks cost a change that may publish (the team state is not encoded).
   */
  @Benchmark
  @OperationsPerInvocation(BenchFixtures.TEAM_RESPONSES + FOLD_CORRECTIONS)
  public TeamAggregate foldTeam() {
    TeamAggregate team = new TeamAggregate(ScoringConfig.defaults());
    for (ResponseContribution[] change : fold) {
      team.change(change[0], change[1], Instant.EPOCH);
    }
    return team;
  }

  /** Writes the scores in the JSON contract. */
  @Benchmark
  public String scoresToJson() {
    return TeamScoresJson.toJsonLine(scores);
  }
}
