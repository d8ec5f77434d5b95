package dev.feedback360.reliability.harness;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.reliability.harness.Workload.InputRecord;
import dev.feedback360.reliability.harness.Workload.Kind;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scores the app must publish for exactly the input committed, computed without Kafka: the records are folded
 * in the order the app reads them through the latest-wins rules of docs/scoring.md (written again here, independently of the
 * app's processor), and the responses left counting go through the scoring classes ({@link TeamAggregate},
 * {@link ScoreCalculator}, which unit tests pin against a worked example computed by hand).
 *
 * <p>{@code updatedAt} is left out ({@link #EPOCH} on both sides): it is an event time of the app's processing that
 * this model does not recompute; everything that counts (rater counts, n, sums, means, sd, status) is compared.
 */
public final class ExpectedScores {

  /** The {@code updatedAt} both sides are compared with. */
  public static final Instant EPOCH = Instant.EPOCH;

  private ExpectedScores() {}

  /**
   * Team -> expected scores (teams with no counted response have none).
   *
   * @param records the input in the order the app reads it (per key: the order of the key's partition)
   */
  public static Map<TeamKey, TeamScores> of(List<InputRecord> records, ScoringConfig scoring) {
    Map<TeamKey, TeamAggregate> aggregates = new HashMap<>();
    counted(records).values().forEach(response -> aggregates
        .computeIfAbsent(new TeamKey(response.getCycleId(), response.getTeamId()), team -> new TeamAggregate())
        .add(response));
    ScoreCalculator calculator = new ScoreCalculator(scoring);
    Map<TeamKey, TeamScores> scores = new HashMap<>();
    aggregates.forEach((team, aggregate) -> scores.put(team, calculator.scores(team, aggregate, EPOCH)));
    return scores;
  }

  /** The response that counts per key after all the input, keys without one left out. */
  public static Map<ResponseKey, SurveyResponse> counted(List<InputRecord> records) {
    Map<ResponseKey, SurveyResponse> counted = new HashMap<>();
    Map<ResponseKey, Instant> erasedThrough = new HashMap<>();
    for (InputRecord record : records) {
      if (record.kind() == Kind.POISON) {
        continue;
      }
      ResponseKey key = record.responseKey();
      SurveyResponse current = counted.get(key);
      if (record.response() == null) {
        // A withdrawal erases what counts and everything submitted up to the later of its time and that response's.
        Instant erased = later(Instant.ofEpochMilli(record.timestamp()), erasedThrough.get(key));
        erasedThrough.put(key, later(erased, current == null ? null : current.getSubmittedAt()));
        counted.remove(key);
        continue;
      }
      Instant submittedAt = record.response().getSubmittedAt();
      Instant erased = erasedThrough.get(key);
      boolean isErased = erased != null && !submittedAt.isAfter(erased);
      boolean isStale = current != null && submittedAt.isBefore(current.getSubmittedAt());
      if (!isErased && !isStale) {
        counted.put(key, record.response());
      }
    }
    return counted;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
