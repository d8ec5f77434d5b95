package dev.feedback360.producer.parse;

/** A line that is JSON but not a usable row; the message is the rejection reason and never shows field values. */
final class RowFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RowFormatException(String message) {
    super(message);
  }

  RowFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
