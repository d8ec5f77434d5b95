package dev.feedback360.bench.command;

import dev.feedback360.cli.Feedback360;
import picocli.CommandLine;

/**
 * The benchmark's launcher ({@code bench/target/feedback360-bench.jar}): the command-line tool with the
 * {@code bench} command added. It lives here, not in the tool, so that the production jar and images carry neither
 * JMH nor HdrHistogram; {@code ./feedback360 bench ...} runs this (docs/benchmarks.md, "Where the benchmark runs").
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The tool's command line plus {@code bench} (its parts are read in any case: raw, RAW). */
  public static CommandLine commandLine() {
    CommandLine commandLine = Feedback360.commandLine();
    commandLine.addSubcommand("bench", new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true));
    return commandLine;
  }
}
