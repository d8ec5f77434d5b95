package dev.feedback360.cli;

/**
 * Exit codes shared by every command (produce adds its own, see ImportSummary), and the lines that list them in each
 * command's --help (the benchmark's launcher lists them too).
 */
public final class ExitCodes {

  static final int OK = 0;
  static final int FAILURE = 1;

  /** The heading of a command's exit codes in its --help. */
  public static final String HEADING = "%nExit codes:%n";
  public static final String OK_LINE = "0:success";
  public static final String FAILURE_LINE = "1:an error: one line on stderr says what went wrong and what to do";
  public static final String USAGE_LINE =
      "2:a usage error: an unknown option, a missing required option or a bad option "
          + "value (picocli's message and the usage on stderr; nothing was done)";
  /** What a command that runs until stopped exits with once stopped: the JVM's code for the signal. */
  public static final String STOPPED_LINE = "130:stopped with Ctrl-C (SIGINT), after a clean stop; 143 with SIGTERM";

  private ExitCodes() {}
}
