package dev.feedback360.cli;

import java.io.PrintWriter;
import java.util.Collection;

/**
 * The line on stderr when the cycle asked for has no teams at all: the empty answer stands (scripts read it as
 * such), but a mistyped cycle is the likelier cause, so the line names the cycles there are.
 */
final class CycleHint {

  private CycleHint() {}

  /**
   * Prints {@code no teams in cycle C; cycles with WHAT: A, B} unless {@code cycle} is null or among {@code cycles}.
   *
   * @param cycles the cycles that have teams, in the order to print them
   * @param what what the cycles have: "scores", "participation"
   */
  static void printIfNoTeams(PrintWriter err, String cycle, Collection<String> cycles, String what) {
    if (cycle == null || cycles.contains(cycle)) {
      return;
    }
    err.println("no teams in cycle " + cycle + "; " + (cycles.isEmpty()
        ? "no cycle has " + what + " yet"
        : "cycles with " + what + ": " + String.join(", ", cycles)));
    err.flush();
  }
}
