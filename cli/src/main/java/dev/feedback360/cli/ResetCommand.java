package dev.feedback360.cli;

import dev.feedback360.streams.app.ApplicationReset;
import dev.feedback360.streams.app.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reset}: makes the streams app reprocess every response on its next start. */
@Command(name = "reset", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Resets the streams app so that its next start reprocesses the responses and nominations topics "
        + "from the beginning (after a change of method or of --min-raters): Kafka's streams reset tool moves the "
        + "app's offsets to the earliest and deletes its internal topics (by their exact names: an app whose id starts "
        + "with this one's keeps its own); then its local state is deleted.",
        "Stop every instance of the app first. Then: reset, and start the app again. The scores topic is not "
            + "emptied: every team's scores are rewritten as the app catches up.",
        ResetCommand.PRIVACY_WARNING})
final class ResetCommand implements Callable<Integer> {

  /** The rebuilt app publishes by the rule afresh, without what it published before (docs/privacy.md). */
  static final String PRIVACY_WARNING = "Privacy: the rebuilt scores are a second publication sequence, batched "
      + "without regard to the first; a reader who kept earlier records of team-scores or team-scores-json can "
      + "subtract across the two down to single raters. Hand what is published after a reset only to readers who "
      + "do not hold what was published before (docs/privacy.md, \"A second publication sequence\").";

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID,
      description = "Application id of the app to reset (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "data/streams",
      description = "The --state-dir the app runs with; its subdirectory ID is deleted (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.BareSeconds.class,
      description = {"How long to wait for instances that were just stopped to leave the group, for example 90s "
          + "(default: ${DEFAULT-VALUE}; a stopped instance leaves after its 45 s session timeout).",
          DurationConverter.SECONDS_NOTE})
  Duration wait;

  @Option(names = "--force", description = "Remove remaining group members instead of waiting for them; only when "
      + "you are sure every instance is stopped.")
  boolean force;

  @Override
  public Integer call() throws InterruptedException {
    new ApplicationReset(kafka.connection()).reset(applicationId,
        List.of(kafka.responsesTopic, kafka.topics().nominations()), stateDir, wait, force);
    spec.commandLine().getOut().printf("Application %s reset: start it again (./feedback360 streams %s "
        + "--application-id %s --state-dir %s ...) and it reprocesses %s and %s from the beginning.%n", applicationId,
        kafka.asArgumentsForTheStreamsApp(), applicationId, stateDir, kafka.responsesTopic,
        kafka.topics().nominations());
    if (kafka.commandConfig != null) {
      spec.commandLine().getOut().printf("Start it with the streams principal's client properties as %s, not "
          + "with %s: the app needs no more than its own ACLs (docs/security.md).%n",
          KafkaOptions.STREAMS_CLIENT_PROPERTIES, kafka.commandConfig);
    }
    spec.commandLine().getOut().flush();
    spec.commandLine().getErr().println("Warning: " + PRIVACY_WARNING);
    spec.commandLine().getErr().flush();
    return ExitCodes.OK;
  }
}
