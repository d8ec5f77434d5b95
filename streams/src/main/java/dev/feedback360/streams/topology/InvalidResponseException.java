package dev.feedback360.streams.topology;

/**
 * A record that decoded but cannot be counted (score out of range, key and value disagree, ...). The processing
 * exception handler sends it to the dead-letter topic with this message as the reason; the message never holds
 * personal data.
 */
public final class InvalidResponseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidResponseException(String reason) {
    super(reason);
  }
}
