package dev.feedback360.cli;

import dev.feedback360.cli.table.ParticipationTable;
import dev.feedback360.streams.read.ParticipationReader;
import dev.feedback360.streams.read.ParticipationReader.TeamParticipation;
import dev.feedback360.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code participation}: who has answered so far, per team and rater group, as the streams app counts it. */
@Command(name = "participation", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Reads team-participation-json with isolation.level=read_committed up to its current end and "
        + "prints the latest participation of each team of the cycle, sorted by team: per rater group invited, "
        + "responded, the rate, the raters counted in the scores against k and whether the group is at risk "
        + "(nominated, but fewer than k counted), and per team the responses without a nomination. Counts only, "
        + "never who."})
final class ParticipationCommand implements Callable<Integer> {

  /** Output formats. */
  enum Format { table, jsonl }

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--cycle", paramLabel = "CYCLE", required = true, description = "The survey cycle.")
  String cycle;

  @Option(names = "--team", paramLabel = "TEAM", description = "Only this team.")
  String team;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "table (for people: a row per team and group, then the team's totals) or jsonl (the values of "
          + "the topic, one per line). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--topic", paramLabel = "TOPIC",
      description = "Participation topic to read (default: the one the streams app writes with the same topic "
          + "options, " + Topics.DEFAULT_PARTICIPATION_JSON + ").")
  String topic;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.BareSeconds.class,
      description = {"Give up reading after this long, for example 90s or 5m (default: "
          + "${DEFAULT-VALUE}).", DurationConverter.SECONDS_NOTE})
  Duration timeout;

  @Override
  public Integer call() {
    String source = topic == null ? kafka.topics().participationJson() : topic;
    ParticipationReader.Participation read = new ParticipationReader(kafka.connection(), timeout)
        .readWithCycles(source, cycle, team);
    List<TeamParticipation> teams = read.teams();
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.table) {
      out.print(ParticipationTable.render(teams));
    } else {
      teams.forEach(t -> out.println(t.json()));
    }
    out.flush();
    CycleHint.printIfNoTeams(spec.commandLine().getErr(), cycle, read.cycles(), "participation",
        whyEmpty(source));
    return ExitCodes.OK;
  }

  /** Why a participation topic holds no team: what writes it, and when. */
  static String whyEmpty(String topic) {
    return topic + " holds none. The streams app writes a team's participation once it has read a nomination or "
        + "a response of the team: is it running (./feedback360 streams), and have nominations or responses been "
        + "sent?";
  }
}
