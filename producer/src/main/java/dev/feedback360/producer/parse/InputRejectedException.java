package dev.feedback360.producer.parse;

/**
 * The input file as a whole cannot be imported (unreadable, empty, bad CSV header); nothing of it may be sent. The
 * message names the file and the problem and never contains field values of data rows.
 */
public final class InputRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  public InputRejectedException(String message) {
    super(message);
  }

  public InputRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
