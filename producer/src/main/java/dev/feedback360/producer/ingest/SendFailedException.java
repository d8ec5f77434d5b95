package dev.feedback360.producer.ingest;

/** A record was not acknowledged by the broker in time, or could not be sent at all. */
public final class SendFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SendFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
