package dev.feedback360.streams.app;

import dev.feedback360.streams.read.ScoresTail;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

/**
 * What it means for the scores' readers when the streams app starts under another rule than the one its scores
 * topic was last published under: k or N changed on the same state (docs/operations.md, "Upgrading with no
 * downtime"), or {@code --withhold-sd} switched in mid-cycle (docs/privacy.md, "What remains"). Nothing is refused:
 * each is a setting an operator may mean to change; the warnings say what it does and how to do it without the side
 * effects.
 */
final class PublishedRuleCheck {

  private PublishedRuleCheck() {}

  /**
   * The warnings for the log, one line each; none when nothing differs or nothing was published.
   *
   * @param running the rule the app starts with
   * @param tail the newest records of its scores topic
   * @param topic the topic they were read from, to name it
   */
  static List<String> warnings(ScoringConfig running, ScoresTail tail, String topic) {
    List<String> warnings = new ArrayList<>();
    for (ScoringConfig last : tail.newestRules()) {
      if (last.minRaters() == running.minRaters() && last.minChange() == running.minChange()) {
        continue;
      }
      warnings.add("The newest records of " + topic + " were published with k = " + last.minRaters() + ", N = "
          + last.minChange() + "; this app runs k = " + running.minRaters() + ", N = " + running.minChange()
          + ": each team changes to the new values at its next change (" + (running.minRaters() > last.minRaters()
              || running.minChange() > last.minChange()
                  ? "a figure standing on fewer raters than the new values is withheld until enough raters change it"
                  : "smaller groups and batches are published from then on")
          + "). Run every instance with the same values; to rebuild every team under them instead, run a new "
          + "application id beside this one (docs/operations.md, \"Upgrading with no downtime\")");
    }
    SortedSet<String> withheld = tail.cycles(false);
    if (!running.withholdsSd() && !withheld.isEmpty()) {
      warnings.add("Records of " + topic + " withhold sd (cycles " + String.join(", ", withheld) + ": the app ran "
          + "with --withhold-sd) and this app runs without it: those teams keep sd withheld until a reset, but "
          + "responses that still arrive for them are read with their answers' squares again, so a wait there can "
          + "tell answers of the same counts and sums apart. Switch the option off with a reset, or once those cycles "
          + "take no more responses (docs/privacy.md, What remains)");
    }
    SortedSet<String> shown = tail.cycles(true);
    if (running.withholdsSd() && !shown.isEmpty()) {
      warnings.add("Records of " + topic + " publish sd (cycles " + String.join(", ", shown) + ") and this app "
          + "runs with --withhold-sd: each team's last record keeps the sd it was published with until the team's "
          + "next change, and responses counted before keep their answers' squares until their raters answer again. "
          + "Switch the option on with a reset, or at a new cycle (docs/privacy.md, What remains)");
    }
    return warnings;
  }
}
