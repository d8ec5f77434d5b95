package dev.feedback360.cli;

import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.streams.app.HealthFile;
import dev.feedback360.streams.app.TeamScoresApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code streams}: runs the Kafka Streams app and its dashboard until Ctrl-C / SIGTERM or a fatal error. */
@Command(name = "streams", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:the app stopped by itself, without a failure", ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE,
        ExitCodes.STOPPED_LINE},
    description = {"Runs the Kafka Streams app (exactly-once v2): survey-responses in, team-scores out.",
        "Serves the scores over HTTP: a REST API (the committed records of team-scores-json, which every instance "
            + "reads whole: any instance gives the same answer, no interactive queries), live updates (server-sent "
            + "events) and a web dashboard (docs/dashboards.md).",
        "Authentication is on by default: give a tokens file (--http-tokens, made by the token command), or log "
            + "in with the one-off URL printed on stdout at start.",
        "Creates missing topics. Stops cleanly on Ctrl-C or SIGTERM; exits 1 after a fatal processing error."})
final class StreamsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Mixin
  StreamsOptions options;

  @Mixin
  HttpOptions http;

  /** How often the health file is rewritten; a healthcheck treats a file older than a minute as unhealthy. */
  static final Duration HEALTH_INTERVAL = Duration.ofSeconds(10);

  @Option(names = "--health-file", paramLabel = "FILE", defaultValue = "${env:FEEDBACK360_HEALTH_FILE}",
      description = {"Rewrite this file every 10 s while the app is running or rebalancing, delete it when the app "
          + "stops: a container healthcheck tests its age (default: the FEEDBACK360_HEALTH_FILE environment "
          + "variable; none when unset)."})
  Path healthFile;

  @Override
  public Integer call() throws InterruptedException {
    DashboardSettings httpSettings = http.settings(); // refuses a bad combination before anything starts
    AppWithDashboard served = AppWithDashboard.start(options.settings(kafka, null), httpSettings);
    TeamScoresApp app = served.app();
    HealthFile health = healthFile == null ? null
        : HealthFile.start(healthFile, () -> app.state().isRunningOrRebalancing(), HEALTH_INTERVAL);
    Thread hook = new Thread(() -> {
      if (health != null) {
        health.close();
      }
      served.close();
    }, "feedback360-streams-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    spec.commandLine().getErr().printf("Streams app %s running against %s. Dashboard and API: %s%n"
        + "Press Ctrl-C to stop.%n", options.applicationId, kafka.bootstrapServers(), served.url());
    spec.commandLine().getErr().flush();
    // On stdout, not in the log (stderr): a one-off login URL carries a token.
    spec.commandLine().getOut().println(HttpOptions.loginHelp(served, http.tokens));
    spec.commandLine().getOut().flush();
    app.awaitStop();
    if (health != null) {
      health.close();
    }
    if (app.failure() != null) {
      spec.commandLine().getErr().println("Error: stream processing failed: " + app.failure().getMessage());
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }
}
