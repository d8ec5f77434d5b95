package dev.feedback360.reliability.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * What the verifier found after a scenario.
 *
 * @param caughtUp whether the app processed and committed all input within the deadline
 * @param lag the partitions still behind when it had not ("" when caught up)
 * @param missingInput acknowledged input records missing from the responses topic (a broker durability failure)
 * @param duplicatedInput input records the producer wrote twice (reported; the model reads the topic as it is)
 * @param unknownInput records on the input topic that were never produced (the model cannot follow them)
 * @param reorderedInputKeys keys whose records reached the responses topic in another order than produced (the
 *     model follows the topic; reported, not a failure of exactly-once processing)
 * @param expectedTeams teams with scores in the model
 * @param actualTeams teams with committed scores on the team-scores topic
 * @param scoreProblems one line per team whose committed scores differ from the model, or that is missing or extra
 * @param expectedAnswers answers behind all published cells in the model (sum of every cell's n; k = 1, so every
 *     non-self answer counts): a duplicate raises it, a lost response lowers it
 * @param actualAnswers the same sum over the committed scores
 * @param expectedRaters distinct raters per group, summed over teams, in the model
 * @param actualRaters the same over the committed scores
 * @param poisonSent poison pills on the input topic (one the producer wrote twice counts twice)
 * @param deadLetters records on the dead-letter topic (read_committed)
 * @param deadLettersExact whether those are exactly the poison pills, byte for byte, each as often as on the input
 *     topic
 * @param hangingPartitions partitions whose last stable offset stayed below the high watermark (an open transaction)
 */
public record Verdict(boolean caughtUp, String lag, long missingInput, int duplicatedInput, int unknownInput,
    int reorderedInputKeys,
    int expectedTeams, int actualTeams, List<String> scoreProblems,
    long expectedAnswers, long actualAnswers, long expectedRaters, long actualRaters, int poisonSent,
    int deadLetters, boolean deadLettersExact, List<String> hangingPartitions) {

  /** Everything that is not exactly once; empty when the run was exact. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (missingInput > 0) {
      problems.add(missingInput + " acknowledged input records are missing from the responses topic");
    }
    if (unknownInput > 0) {
      problems.add(unknownInput + " records on the input topic were never produced by the scenario");
    }
    if (!caughtUp) {
      problems.add("the app did not catch up with its input: " + lag);
    }
    if (expectedAnswers != actualAnswers) {
      problems.add((actualAnswers > expectedAnswers ? "double-counted: " : "lost: ")
          + Math.abs(actualAnswers - expectedAnswers) + " answers (expected " + expectedAnswers + ", got "
          + actualAnswers + ")");
    }
    if (expectedRaters != actualRaters) {
      problems.add("rater counts: expected " + expectedRaters + ", got " + actualRaters);
    }
    if (!scoreProblems.isEmpty()) {
      problems.add(scoreProblems.size() + " of " + expectedTeams + " teams differ from the model, e.g. "
          + scoreProblems.subList(0, Math.min(3, scoreProblems.size())));
    }
    if (!deadLettersExact) {
      problems.add("dead-letter topic holds " + deadLetters + " records, not exactly the " + poisonSent
          + " poison pills on the input topic");
    }
    if (!hangingPartitions.isEmpty()) {
      problems.add("hanging transactions (LSO < HWM) on " + hangingPartitions);
    }
    return problems;
  }

  /** One line for the log and the results table; input anomalies of the producer are stated, not failures. */
  public String summary() {
    List<String> problems = problems();
    String facts = expectedTeams + " teams, " + expectedAnswers + " answers, " + expectedRaters + " raters, "
        + poisonSent + " poison -> DLQ " + deadLetters
        + (duplicatedInput > 0 ? "; " + duplicatedInput + " input records written twice by the producer" : "")
        + (reorderedInputKeys > 0 ? "; input of " + reorderedInputKeys + " keys reordered by the producer" : "");
    return problems.isEmpty() ? "exact (" + facts + ")" : "NOT exact: " + String.join("; ", problems);
  }
}
