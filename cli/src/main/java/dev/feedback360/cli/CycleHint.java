package dev.feedback360.cli;

import java.io.PrintWriter;
import java.util.Collection;

/**
 * The line on stderr when the cycle asked for has no teams at all: the empty answer stands (scripts read it as
 * such), but a mistyped cycle is the likelier cause, so the line names the cycles there are. Without a cycle, an
 * answer that is empty because the topic holds no team at all says so, and why.
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
    printIfNoTeams(err, cycle, cycles, what, null);
  }

  /**
   * {@link #printIfNoTeams(PrintWriter, String, Collection, String)}, and when no cycle has any team, why: {@code
   * no team has WHAT yet: WHY} (with or without a cycle asked for).
   *
   * @param whyEmpty why a topic holds no team at all (what writes it, and when), or null to say nothing more
   */
  static void printIfNoTeams(PrintWriter err, String cycle, Collection<String> cycles, String what,
      String whyEmpty) {
    if (cycles.isEmpty() && whyEmpty != null) {
      err.println((cycle == null ? "" : "no teams in cycle " + cycle + "; ") + "no team has " + what + " yet: "
          + whyEmpty);
      err.flush();
      return;
    }
    if (cycle == null || cycles.contains(cycle)) {
      return;
    }
    err.println("no teams in cycle " + cycle + "; " + cycles(cycles, what));
    err.flush();
  }

  /**
   * {@code cycle C has no team on SCORES or PARTICIPATION; cycles there: A, B}, or null when {@code known} holds the
   * cycle; for commands whose own input cannot tell a mistyped cycle from an empty one ({@link KnownCycles}).
   *
   * @param known the cycles with a team on the scores or participation topic
   */
  static String unknownCycle(String cycle, Collection<String> known, String scoresTopic, String participationTopic) {
    if (known.contains(cycle)) {
      return null;
    }
    return "cycle " + cycle + " has no team on " + scoresTopic + " or " + participationTopic + "; " + knownThere(known);
  }

  /** {@code cycles there: A, B}, or that there is none yet: the cycles the streams app knows ({@link KnownCycles}). */
  static String knownThere(Collection<String> known) {
    return known.isEmpty() ? "no cycle has any there yet (has the streams app run?)"
        : "cycles there: " + String.join(", ", known);
  }

  /** {@code cycles with WHAT: A, B}, or {@code no cycle has WHAT yet}. */
  static String cycles(Collection<String> cycles, String what) {
    return cycles.isEmpty() ? "no cycle has " + what + " yet"
        : "cycles with " + what + ": " + String.join(", ", cycles);
  }
}
