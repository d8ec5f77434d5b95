package dev.feedback360.streams.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One random input sequence: its own cycle (so that many sequences share one test driver without meeting), its
 * teams, the group of every rater, and the input records in order.
 */
record Sequence(long seed, String cycle, List<String> teams, Map<String, Integer> groupOfRater, Instant t0,
    List<InputEvent> events) {

  String describe() {
    return "seed " + seed + " (cycle " + cycle + "), " + events.size() + " input records:\n"
        + IntStream.range(0, events.size())
            .mapToObj(i -> String.format("  #%02d %s", i, events.get(i).describe(t0)))
            .collect(Collectors.joining("\n"));
  }
}
