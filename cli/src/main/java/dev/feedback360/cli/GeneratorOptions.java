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
    if (range.length != 2) {
      throw new IllegalArgumentException("--subjects-per-team must look like 6-10, got " + subjectsPerTeam);
    }
    GeneratorSettings defaults = GeneratorSettings.defaults();
    return new GeneratorSettings(seed, cycles, teams, Integer.parseInt(range[0].trim()),
        Integer.parseInt(range[1].trim()), defaults.start(), defaults.notObservedRate(), defaults.correctionRate());
  }
}
