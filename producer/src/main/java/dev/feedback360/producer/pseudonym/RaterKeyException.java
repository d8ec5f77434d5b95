package dev.feedback360.producer.pseudonym;

/**
 * The rater key is missing, unreadable or too short. The message says what is missing and how to provide it; it
 * never contains key material.
 */
public final class RaterKeyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RaterKeyException(String message) {
    super(message);
  }

  RaterKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
