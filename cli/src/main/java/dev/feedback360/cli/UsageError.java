package dev.feedback360.cli;

/**
 * A bad option value or a refused combination of options found once the command runs (a check picocli cannot make
 * while parsing, such as a range that depends on another option): {@link FriendlyErrors} reports it as picocli reports
 * its own usage errors, the message and the usage on stderr and exit code 2. Nothing has been done when it is thrown.
 */
final class UsageError extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  UsageError(String message) {
    super(message);
  }

  UsageError(String message, Throwable cause) {
    super(message, cause);
  }
}
