package dev.feedback360.streams.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One random input sequence: its own cycle (so that many sequences share one test driver without meeting), its
 * teams, the group of every rater, the input records in order, and whether it runs under {@code --roster strict}
 * (then nominations are among the records).
 */
record Sequence(long seed, String cycle, List<String> teams, Map<String, Integer> groupOfRater, Instant t0,
    List<InputEvent> events, boolean strictRoster) {

  /** An open-roster sequence. */
  Sequence(long seed, String cycle, List<String> teams, Map<String, Integer> groupOfRater, Instant t0,
      List<InputEvent> events) {
    this(seed, cycle, teams, groupOfRater, t0, events, false);
  }

  String describe() {
    return "seed " + seed + " (cycle " + cycle + (strictRoster ? ", strict roster" : "") + "), " + events.size()
        + " input records:\n"
        + IntStream.range(0, events.size())
            .mapToObj(i -> String.format("  #%02d %s", i, events.get(i).describe(t0)))
            .collect(Collectors.joining("\n"));
  }
}
