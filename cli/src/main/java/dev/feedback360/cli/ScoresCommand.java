package dev.feedback360.cli;

import dev.feedback360.streams.read.ScoresReader;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scores}: prints the latest committed scores per team. */
@Command(name = "scores", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Reads team-scores with isolation.level=read_committed up to its current end and prints the "
        + "latest record per team, sorted by cycle and team."})
final class ScoresCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--cycle", paramLabel = "CYCLE", description = "Only this survey cycle.")
  String cycle;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
      description = "jsonl (one JSON object per team, the JSON contract) or table (for people). "
          + "Default: ${DEFAULT-VALUE}.")
  ScoresOutput.Format format;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.BareSeconds.class,
      description = {"Give up reading after this long, for example 90s or 5m (default: "
          + "${DEFAULT-VALUE}).", DurationConverter.SECONDS_NOTE})
  Duration timeout;

  @Override
  public Integer call() {
    ScoresReader.Scores scores = new ScoresReader(kafka.connection(), timeout)
        .readWithCycles(kafka.scoresTopic, cycle);
    ScoresOutput.print(spec.commandLine().getOut(), scores.teams(), format);
    CycleHint.printIfNoTeams(spec.commandLine().getErr(), cycle, scores.cycles(), "scores",
        whyEmpty(kafka.scoresTopic));
    return ExitCodes.OK;
  }

  /** Why a scores topic holds no team: what writes it, and when. */
  static String whyEmpty(String topic) {
    return topic + " holds none. The streams app writes a team's scores once it has counted a response of the "
        + "team: is it running (./feedback360 streams), and have responses been sent (./feedback360 produce)?";
  }
}
