package dev.feedback360.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./feedback360} command-line tool. */
@Command(
    name = "feedback360",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Exact, privacy-safe leader-vs-manager 360-degree-feedback scores on Kafka Streams.",
    exitCodeListHeading = "%nExit codes (every command's --help lists its own: produce, nominate, nudge, withdraw "
        + "--input, generate --to-topic and demo add some, and broker, streams and demo exit 130 on Ctrl-C):%n",
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    footer = {"%nThe benchmark, ./feedback360 bench, is a launcher of its own (bench/target/feedback360-bench.jar): "
        + "this tool does not carry it. See docs/benchmarks.md."},
    subcommands = {
        DemoCommand.class,
        BrokerCommand.class,
        ProduceCommand.class,
        WithdrawCommand.class,
        NominateCommand.class,
        NudgeCommand.class,
        GenerateCommand.class,
        StreamsCommand.class,
        TokenCommand.class,
        ScoresCommand.class,
        ParticipationCommand.class,
        ReplayCommand.class,
        ExportCommand.class,
        ResetCommand.class,
        TopicsCommand.class,
        AclsCommand.class,
        SecretsCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Feedback360 implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (shared by main and tests). */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Feedback360());
    commandLine.setExecutionExceptionHandler(new FriendlyErrors());
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
