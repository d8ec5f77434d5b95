package dev.feedback360.producer.instrument;

/** An instrument file that cannot be used; the message names the file and what is wrong with it. */
public final class InvalidInstrumentException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InvalidInstrumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
