package dev.feedback360.streams.topology;

import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.internal.ResponseState;
import java.time.Instant;

/**
 * Which response counts for one ResponseKey (pure; no Kafka). The response with the greatest submittedAt counts;
 * an equal submittedAt arriving later replaces; an older one (a stale re-send) and an exact duplicate change
 * nothing. A withdrawal erases whatever is counted and everything submitted at or before the later of the
 * withdrawal time and the erased response's submittedAt, so no re-send of erased data ever counts again.
 */
public final class LatestResponseRule {

  /**
   * The outcome of one input record.
   *
   * @param state the new state to store
   * @param before the response that stops counting (null if none)
   * @param after the response that starts counting (null if none)
   * @param changed whether the counted response changed (if not, nothing is emitted)
   */
  public record Decision(ResponseState state, SurveyResponse before, SurveyResponse after, boolean changed) {}

  private LatestResponseRule() {}

  /** Applies a submission. */
  public static Decision submit(ResponseState current, SurveyResponse incoming) {
    SurveyResponse counted = current == null ? null : current.getCounted();
    Instant erasedThrough = current == null ? null : current.getErasedThrough();
    Instant submittedAt = incoming.getSubmittedAt();
    boolean erased = erasedThrough != null && !submittedAt.isAfter(erasedThrough);
    boolean stale = counted != null && submittedAt.isBefore(counted.getSubmittedAt());
    if (erased || stale || incoming.equals(counted)) {
      return new Decision(current, counted, counted, false);
    }
    return new Decision(with(current, incoming, erasedThrough), counted, incoming, true);
  }

  /** Applies a withdrawal received with event time {@code withdrawnAt}. */
  public static Decision withdraw(ResponseState current, Instant withdrawnAt) {
    SurveyResponse counted = current == null ? null : current.getCounted();
    Instant erasedThrough = latest(current == null ? null : current.getErasedThrough(), withdrawnAt);
    if (counted != null) {
      erasedThrough = latest(erasedThrough, counted.getSubmittedAt());
    }
    return new Decision(with(current, null, erasedThrough), counted, null, counted != null);
  }

  /** The state with another counted response and erasure instant; the key's nomination and flags are kept. */
  private static ResponseState with(ResponseState current, SurveyResponse counted, Instant erasedThrough) {
    if (current == null) {
      return new ResponseState(counted, erasedThrough, null, false, false);
    }
    return new ResponseState(counted, erasedThrough, current.getNomination(), current.getHeld(),
        current.getRostered());
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
