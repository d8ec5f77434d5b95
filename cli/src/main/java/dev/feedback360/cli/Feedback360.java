package dev.feedback360.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./feedback360} command-line tool. */
@Command(
    name = "feedback360",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Exact, privacy-safe leader-vs-manager 360-degree-feedback scores on Kafka Streams.",
    exitCodeListHeading = "%nExit codes (produce, withdraw --input, nominate and nudge add theirs, see their --help):%n",
    exitCodeList = {"0:success", "1:an error: one line on stderr says what went wrong and what to do",
        "2:a usage error: an unknown option, a missing required option or a bad option value (picocli's message "
            + "and the usage on stderr; nothing was done)"},
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
