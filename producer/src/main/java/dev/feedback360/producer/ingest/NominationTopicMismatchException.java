package dev.feedback360.producer.ingest;

/**
 * The nominations topic exists with another partition count than the responses topic: a nomination and the response
 * that answers it would not land in the same stream task, so nothing is sent. The message names both topics and
 * counts and what to do.
 */
public final class NominationTopicMismatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NominationTopicMismatchException(String message) {
    super(message);
  }
}
