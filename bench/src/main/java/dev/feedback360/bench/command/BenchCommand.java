package dev.feedback360.bench.command;

import dev.feedback360.bench.BenchResults;
import dev.feedback360.bench.BenchRun;
import dev.feedback360.bench.BenchSettings;
import dev.feedback360.cli.DurationConverter;
import dev.feedback360.cli.ExitCodes;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the benchmark against the broker's own limit, on a fresh in-process broker. Run by
 * {@link BenchMain}, the benchmark's own launcher, never by the production command-line tool.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Measures, in one run on one fresh in-process broker and the same records: the broker's limit "
        + "(a plain idempotent acks=all producer, a plain consumer), a naive one-thread baseline, and the streams "
        + "app (exactly-once v2) draining N preloaded responses, beside the floor (the app's shape with trivial "
        + "processing); then the app's end-to-end latency under open-loop "
        + "load at fractions of its drain rate, its peak heap and RSS, and JMH microbenchmarks.",
        "Prints a table on stdout and writes every figure to --output. Takes 10 minutes or more at the defaults "
            + "on 2 cores."})
public final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--responses", paramLabel = "N", defaultValue = "1000000",
      description = "Responses preloaded, corrections and withdrawals included (default: ${DEFAULT-VALUE}).")
  int responses;

  @Option(names = "--teams", paramLabel = "N", defaultValue = "2000",
      description = "Teams (default: ${DEFAULT-VALUE}).")
  int teams;

  @Option(names = "--cycles", paramLabel = "N", defaultValue = "3", description = "Cycles (default: ${DEFAULT-VALUE}).")
  int cycles;

  @Option(names = "--corrections", paramLabel = "SHARE", defaultValue = "0.10",
      description = "Share of N that are corrections (default: ${DEFAULT-VALUE}).")
  double corrections;

  @Option(names = "--withdrawals", paramLabel = "SHARE", defaultValue = "0.01",
      description = "Share of N that are withdrawals (default: ${DEFAULT-VALUE}).")
  double withdrawals;

  @Option(names = "--seed", defaultValue = "360", description = "Data seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--parts", split = ",", paramLabel = "PART",
      defaultValue = "raw,naive,streams,floor,latency,jmh,replay,peer",
      description = "Parts to run, any of raw, naive, streams, floor, latency, jmh, replay, peer, in any case "
          + "(default: ${DEFAULT-VALUE}). The preload (the raw producer figure) always runs.")
  List<BenchSettings.Part> parts;

  @Option(names = "--min-change", paramLabel = "N",
      description = "The publication rule of the streams app, the naive baseline and the fast replay: a rater group's "
          + "part of a cell is published once N of its raters changed it (default: N = --min-raters of the app, 3). "
          + "1 publishes every change, the heaviest load on the outputs.")
  Integer minChange;

  @Option(names = "--latency-fractions", split = ",", paramLabel = "F", defaultValue = "0.25,0.5,0.75",
      description = "Offered loads as fractions of the measured drain rate (default: ${DEFAULT-VALUE}).")
  List<Double> latencyFractions;

  @Option(names = "--latency-seconds", paramLabel = "S", defaultValue = "15",
      description = "Seconds each latency load is offered (default: ${DEFAULT-VALUE}).")
  int latencySeconds;

  @Option(names = "--app-heap-mb", paramLabel = "MB", defaultValue = "512",
      description = "-Xmx of the streams app's JVM (default: ${DEFAULT-VALUE}).")
  int appHeapMb;

  @Option(names = "--streams-property", paramLabel = "KEY=VALUE",
      description = {"A Kafka Streams, consumer or producer property on top of the app's own settings, for tuning "
          + "experiments; repeatable (the streams command's option of the same name).",
          "--streams-config, its former name here, still works (deprecated)."})
  Map<String, String> streamsProperties = new LinkedHashMap<>();

  @Option(names = "--streams-config", paramLabel = "KEY=VALUE", hidden = true,
      description = "Deprecated alias of --streams-property.")
  Map<String, String> deprecatedStreamsConfig = new LinkedHashMap<>();

  @Option(names = "--jmh-forks", defaultValue = "1", description = "JMH forks (default: ${DEFAULT-VALUE}).")
  int jmhForks;

  @Option(names = "--jmh-iterations", defaultValue = "5",
      description = "JMH warm-up and measured iterations each (default: ${DEFAULT-VALUE}).")
  int jmhIterations;

  @Option(names = "--jmh-iteration-ms", defaultValue = "1000",
      description = "Length of one JMH iteration (default: ${DEFAULT-VALUE}).")
  int jmhIterationMs;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the broker and the app keep their data (default: a fresh temporary directory, deleted "
          + "afterwards).")
  Path workDir;

  @Option(names = "--output", paramLabel = "FILE", defaultValue = "target/bench/results.json",
      description = "The results file (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = {"--timeout", "--timeout-minutes"}, paramLabel = "DURATION", defaultValue = "30m",
      converter = DurationConverter.BareMinutes.class,
      description = {"The longest any one phase may take, for example 45m or 2h (default: ${DEFAULT-VALUE}).",
          DurationConverter.MINUTES_NOTE, "--timeout-minutes is a deprecated alias of --timeout."})
  Duration timeout;

  /** The publication rule: the app's default, or k = 3 with --min-change N. */
  ScoringConfig scoring() {
    return minChange == null ? ScoringConfig.defaults()
        : new ScoringConfig(ScoringConfig.DEFAULT_MIN_RATERS, minChange);
  }

  /** Every --streams-property, and every --streams-config given under the deprecated name. */
  Map<String, String> streamsOverrides() {
    Map<String, String> overrides = new LinkedHashMap<>(deprecatedStreamsConfig);
    overrides.putAll(streamsProperties);
    return overrides;
  }

  @Override
  public Integer call() throws IOException, InterruptedException, ExecutionException {
    BenchSettings settings = new BenchSettings(responses, teams, cycles, corrections, withdrawals, seed,
        Set.copyOf(parts), latencyFractions, Duration.ofSeconds(latencySeconds), appHeapMb, streamsOverrides(),
        scoring(),
        new BenchSettings.JmhSettings(jmhForks, jmhIterations, jmhIterations, Duration.ofMillis(jmhIterationMs)),
        output, timeout);
    boolean temporary = workDir == null;
    Path dir = temporary ? Files.createTempDirectory("feedback360-bench-") : workDir;
    try {
      BenchResults results = new BenchRun(settings, spec.commandLine().getErr()).run(dir);
      results.printTable(spec.commandLine().getOut());
      return CommandLine.ExitCode.OK;
    } finally {
      if (temporary) {
        Utils.delete(dir.toFile());
      }
    }
  }
}
