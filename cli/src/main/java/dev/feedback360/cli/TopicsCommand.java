package dev.feedback360.cli;

import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code topics}: creates the pipeline's missing topics, as produce and streams would, and says which exist. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Creates whichever of the pipeline's six topics are missing (responses, scores, JSON scores, dead "
        + "letters, nominations, JSON participation: by default survey-responses, team-scores, team-scores-json, "
        + "survey-responses-dlq, survey-nominations, team-participation-json) with their settings, the same ones "
        + "produce, nominate and streams use; never alters an existing topic.",
        "Meant for a one-shot init step before the apps start (docker-compose.yml's topic-init).",
        "Refuses --partitions above the partition count of an existing responses topic: the count of that topic must "
            + "never change once responses are in it (docs/wire-format.md, Partitioning)."})
final class TopicsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.BareSeconds.class,
      description = {"Give up after this long, for example 90s or 5m (default: "
          + "${DEFAULT-VALUE}).", DurationConverter.SECONDS_NOTE})
  Duration timeout;

  @Override
  public Integer call() {
    Topics topics = kafka.topics();
    Set<String> created;
    Admin admin = kafka.connection().admin();
    try {
      if (spec.commandLine().getParseResult().hasMatchedOption("--partitions")) {
        refuseToAddResponsePartitions(admin, topics.responses(), timeout);
      }
      created = TopicProvisioner.ensure(admin, topics, kafka.topicSettings(), topics.all(), timeout);
    } finally {
      // Within --timeout too: a plain close waits for calls still pending (default.api.timeout.ms, 60 s).
      admin.close(timeout);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String name : new TreeSet<>(topics.all())) {
      out.printf("%-8s %s%n", created.contains(name) ? "created" : "exists", name);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * Kafka places a key by the partition count: after partitions are added, a correction goes to another partition
   * than the response it replaces, and the streams app, which keeps the latest response per key and partition,
   * dead-letters it. Creating topics never alters one, but a larger --partitions reads like a request to grow it.
   */
  private void refuseToAddResponsePartitions(Admin admin, String responses, Duration timeout) {
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list the topics at " + kafka.bootstrapServers() + ": " + e
          + "; is a broker running there?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while listing topics", e);
    }
    if (!existing.contains(responses)) {
      return;
    }
    int current = TopicProvisioner.partitionCount(admin, responses, timeout);
    if (kafka.partitions > current) {
      throw new ParameterException(spec.commandLine(), responses + " already has " + current + " partitions; "
          + "--partitions " + kafka.partitions + " would add partitions, which is refused: Kafka places a response "
          + "by the partition count, so a correction would land on another partition than the response it replaces "
          + "and would not count (docs/wire-format.md, Partitioning). Keep " + current + " partitions, or import "
          + "into a new topic (--responses-topic) created with " + kafka.partitions + ".");
    }
  }
}
