package dev.feedback360.reliability.harness;

import java.time.Duration;

/**
 * How big a scenario runs: the quick variant of the default build, or the soak variant behind
 * {@code -Dfeedback360.soak=true} (about ten times the data, several times the faults).
 *
 * @param variant "quick" or "soak"
 * @param records input records produced
 * @param feedDuration over how long they are produced (faults are injected while they flow)
 * @param kills how many kill -9 (or stall) rounds a crash scenario injects
 */
public record ScenarioSize(String variant, int records, Duration feedDuration, int kills) {

  /** System property that selects the soak variant. */
  public static final String SOAK_PROPERTY = "feedback360.soak";

  /** The variant this run selected. */
  public static ScenarioSize current() {
    return Boolean.getBoolean(SOAK_PROPERTY)
        ? new ScenarioSize("soak", 30_000, Duration.ofMinutes(4), 10)
        : new ScenarioSize("quick", 1_500, Duration.ofSeconds(24), 3);
  }

  public boolean soak() {
    return variant.equals("soak");
  }

  /** Generous deadlines: the machine is shared and a soak run is long. */
  public Duration deadline() {
    return feedDuration.multipliedBy(3).plus(Duration.ofMinutes(3));
  }
}
