package dev.feedback360.cli;

/** Exit codes shared by every command (produce adds its own, see ImportSummary). */
final class ExitCodes {

  static final int OK = 0;
  static final int FAILURE = 1;

  private ExitCodes() {}
}
