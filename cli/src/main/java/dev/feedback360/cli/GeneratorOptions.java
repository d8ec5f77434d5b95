package dev.feedback360.cli;

import dev.feedback360.producer.generate.GeneratorSettings;
import picocli.CommandLine.Option;

/** Size and shape of generated data, shared by generate and demo. */
final class GeneratorOptions {

  @Option(names = "--seed", paramLabel = "N", defaultValue = "" + GeneratorSettings.DEFAULT_SEED,
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--teams", paramLabel = "N", defaultValue = "" + GeneratorSettings.DEFAULT_TEAMS,
      description = "Teams (default: ${DEFAULT-VALUE}).")
  int teams;

  @Option(names = "--cycles", paramLabel = "N", defaultValue = "" + GeneratorSettings.DEFAULT_CYCLES,
      description = "Survey cycles, six months apart (default: ${DEFAULT-VALUE}).")
  int cycles;

  @Option(names = "--subjects-per-team", paramLabel = "MIN-MAX",
      defaultValue = GeneratorSettings.DEFAULT_MIN_SUBJECTS + "-" + GeneratorSettings.DEFAULT_MAX_SUBJECTS,
      description = "Rated people per team (default: ${DEFAULT-VALUE}).")
  String subjectsPerTeam;

  GeneratorSettings settings() {
    String[] range = subjectsPerTeam.split("-");
    String shape = "--subjects-per-team must look like 6-10 (the fewest and the most per team), got "
        + subjectsPerTeam;
    if (range.length != 2) {
      throw new UsageError(shape);
    }
    GeneratorSettings defaults = GeneratorSettings.defaults();
    int min;
    int max;
    try {
      min = Integer.parseInt(range[0].trim());
      max = Integer.parseInt(range[1].trim());
    } catch (NumberFormatException e) {
      throw new UsageError(shape, e);
    }
    try {
      return new GeneratorSettings(seed, cycles, teams, min, max, defaults.start(), defaults.notObservedRate(),
          defaults.correctionRate());
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage() + " (--cycles, --teams, --subjects-per-team)", e);
    }
  }
}
