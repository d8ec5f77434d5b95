package dev.feedback360.streams.topology;

import dev.feedback360.avro.internal.CountedSummary;
import dev.feedback360.avro.internal.ResponseState;
import java.time.Instant;

/**
 * Which response counts for one ResponseKey (pure; no Kafka). The response with the greatest submittedAt counts;
 * an equal submittedAt arriving later replaces; an older one (a stale re-send) and an exact duplicate (the same
 * submittedAt and the same {@link ResponseDigest}) change nothing. Responses are handled as their
 * {@link ResponseStates#summary summaries}. A withdrawal erases whatever is counted and everything submitted at or
 * before the later of the withdrawal time and the erased response's submittedAt, so no re-send of erased data ever
 * counts again.
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
  public record Decision(ResponseState state, CountedSummary before, CountedSummary after, boolean changed) {}

  private LatestResponseRule() {}

  /** Applies a submission, given as its summary ({@link ResponseStates#summary}). */
  public static Decision submit(ResponseState current, CountedSummary incoming) {
    CountedSummary counted = ResponseStates.counted(current);
    Instant erasedThrough = current == null ? null : current.getErasedThrough();
    long submittedAt = incoming.getSubmittedAt();
    boolean erased = erasedThrough != null && submittedAt <= erasedThrough.toEpochMilli();
    boolean stale = counted != null && submittedAt < counted.getSubmittedAt();
    boolean duplicate = counted != null && submittedAt == counted.getSubmittedAt()
        && incoming.getDigest() == counted.getDigest();
    if (erased || stale || duplicate) {
      return new Decision(current, counted, counted, false);
    }
    return new Decision(with(current, incoming, erasedThrough), counted, incoming, true);
  }

  /** Applies a withdrawal received with event time {@code withdrawnAt}. */
  public static Decision withdraw(ResponseState current, Instant withdrawnAt) {
    CountedSummary counted = ResponseStates.counted(current);
    Instant erasedThrough = latest(current == null ? null : current.getErasedThrough(), withdrawnAt);
    if (counted != null) {
      erasedThrough = latest(erasedThrough, Instant.ofEpochMilli(counted.getSubmittedAt()));
    }
    return new Decision(with(current, null, erasedThrough), counted, null, counted != null);
  }

  /** The state with another counted response and erasure instant; the key's nomination and flags are kept. */
  private static ResponseState with(ResponseState current, CountedSummary counted, Instant erasedThrough) {
    if (current == null) {
      return ResponseStates.of(counted, erasedThrough, null, false, false);
    }
    return ResponseStates.of(counted, erasedThrough, current.getNomination(), current.getHeld(),
        current.getRostered());
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }
}
