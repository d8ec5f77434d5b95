package dev.feedback360.cli;

import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code topics}: creates the pipeline's missing topics, as produce and streams would, and says which exist. */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {"Creates whichever of the pipeline's topics are missing (responses, scores, JSON scores, dead "
        + "letters) with their settings, the same ones produce and streams use; never alters an existing topic.",
        "Meant for a one-shot init step before the apps start (docker-compose.yml's topic-init)."})
final class TopicsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "Give up after this many seconds (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers);
    Topics topics = kafka.topics();
    Set<String> created;
    try (Admin admin = Admin.create(props)) {
      created = TopicProvisioner.ensure(admin, topics, kafka.topicSettings(), topics.all(),
          Duration.ofSeconds(timeoutSeconds));
    }
    PrintWriter out = spec.commandLine().getOut();
    for (String name : new TreeSet<>(topics.all())) {
      out.printf("%-8s %s%n", created.contains(name) ? "created" : "exists", name);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
