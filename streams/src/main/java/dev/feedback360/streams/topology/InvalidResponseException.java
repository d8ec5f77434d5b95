package dev.feedback360.streams.topology;

import dev.feedback360.streams.metrics.DeadLetterReason;
import java.util.Objects;

/**
 * A record that decoded but cannot be counted (score out of range, key and value disagree, ...). The processing
 * exception handler sends it to the dead-letter topic with this message as the reason and counts it by
 * {@link #reason()}; the message never holds personal data.
 */
public final class InvalidResponseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  /** An invalid response of no more specific kind ({@link DeadLetterReason#INVALID}). */
  public InvalidResponseException(String message) {
    this(DeadLetterReason.INVALID, message);
  }

  public InvalidResponseException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The kind of problem, for the dead-letter counter's {@code reason} tag. */
  public DeadLetterReason reason() {
    return reason;
  }
}
