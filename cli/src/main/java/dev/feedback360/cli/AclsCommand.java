package dev.feedback360.cli;

import dev.feedback360.security.AccessPolicy;
import dev.feedback360.security.AccessPolicy.Grant;
import dev.feedback360.security.AccessPolicy.Principals;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.replay.ReplayRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code acls}: the least-privilege ACL set of the pipeline, printed, or applied with {@code --apply}. */
@Command(name = "acls", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Prints the least-privilege ACLs of the pipeline for the given principals, one per line with the "
        + "reason it is needed; with --apply, creates them on the cluster (run it as the cluster's super user, e.g. "
        + "--command-config admin.properties). Applying twice changes nothing.",
        "Roles: ingest (produce, withdraw), streams (the streams app and its dashboard), dashboard (dashboards "
            + "reading the JSON topic), analyst (scores, export, replay into topics of --analyst-topic-prefix). "
            + "Nothing else is granted to anyone; see docs/security.md."})
final class AclsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--ingest-principal", paramLabel = "PRINCIPAL", defaultValue = "User:ingest",
      description = "Who sends responses (default: ${DEFAULT-VALUE}; a bare name means User:name).")
  String ingest;

  @Option(names = "--streams-principal", paramLabel = "PRINCIPAL", defaultValue = "User:streams",
      description = "Who runs the streams app (default: ${DEFAULT-VALUE}).")
  String streams;

  @Option(names = "--dashboard-principal", paramLabel = "PRINCIPAL", defaultValue = "User:dashboard",
      description = "Who reads the JSON scores for a dashboard (default: ${DEFAULT-VALUE}).")
  String dashboard;

  @Option(names = "--analyst-principal", paramLabel = "PRINCIPAL", defaultValue = "User:analyst",
      description = "Who reads scores and responses and runs replays (default: ${DEFAULT-VALUE}).")
  String analyst;

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID,
      description = "The streams app's application id (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(names = "--analyst-topic-prefix", paramLabel = "PREFIX",
      defaultValue = AccessPolicy.DEFAULT_ANALYST_TOPIC_PREFIX,
      description = "Topics analysts may create: name replay outputs with it (default: ${DEFAULT-VALUE}).")
  String analystTopicPrefix;

  @Option(names = "--dashboard-group-prefix", paramLabel = "PREFIX",
      defaultValue = AccessPolicy.DEFAULT_DASHBOARD_GROUP_PREFIX,
      description = "Consumer groups dashboards may use (default: ${DEFAULT-VALUE}).")
  String dashboardGroupPrefix;

  @Option(names = "--apply", description = "Create the ACLs on the cluster, not just print them.")
  boolean apply;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
      converter = DurationConverter.BareSeconds.class,
      description = {"With --apply, give up after this long, for example 90s or 5m (default: "
          + "${DEFAULT-VALUE}).", DurationConverter.SECONDS_NOTE})
  Duration timeout;

  @Override
  public Integer call() throws InterruptedException {
    AccessPolicy policy = policy();
    List<Grant> grants = policy.grants();
    PrintWriter out = spec.commandLine().getOut();
    for (Grant grant : grants) {
      out.println(grant.describe());
    }
    out.flush();
    if (apply) {
      apply(policy);
      out.printf("Applied %d ACLs at %s.%n", grants.size(), kafka.bootstrapServers());
      out.flush();
    }
    return ExitCodes.OK;
  }

  AccessPolicy policy() {
    return new AccessPolicy(kafka.topics(), new Principals(ingest, streams, dashboard, analyst), applicationId,
        ReplayRequest.APPLICATION_ID_PREFIX, analystTopicPrefix, dashboardGroupPrefix);
  }

  private void apply(AccessPolicy policy) throws InterruptedException {
    Admin admin = kafka.connection().admin();
    try {
      policy.apply(admin, timeout);
    } finally {
      admin.close(timeout);
    }
  }

}
