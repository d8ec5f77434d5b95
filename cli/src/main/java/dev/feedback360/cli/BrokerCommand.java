package dev.feedback360.cli;

import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code broker}: a real single-node Kafka KRaft broker in this process, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE, ExitCodes.STOPPED_LINE},
    description = {"Runs a real single-node Kafka 4.4 broker (KRaft, broker and controller) in-process until Ctrl-C.",
        "Storage is formatted on first start and reused after; clients connect to 127.0.0.1:PORT.",
        "With --secure: SASL_SSL only (TLS from a CA generated on first start, SCRAM-SHA-512 users), Kafka's "
            + "StandardAuthorizer with no access without an ACL, admin the one super user; the pipeline's topics are "
            + "created and the least-privilege ACLs applied (see ./feedback360 acls), and each principal's client "
            + "properties are written to DIR/clients/<principal>.properties (ingest, streams, dashboard, analyst, "
            + "admin), for --command-config. A data dir is either secured or not, for good."})
final class BrokerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/broker",
      description = "Where the broker keeps its logs (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--secure", description = "SASL_SSL, SCRAM users, ACLs and a client properties file per principal.")
  boolean secure;

  @Option(names = "--mutual-tls", description = "With --secure: also an SSL listener on a port of its own that "
      + "requires a client certificate (CN = principal), with a keystore and DIR/clients/<principal>-mtls.properties "
      + "per principal.")
  boolean mutualTls;

  @Option(names = "--mtls-port", paramLabel = "PORT",
      description = "With --mutual-tls: the port of its listener on 127.0.0.1. Default: the port of the previous "
          + "start of this data dir (recorded in DIR/" + EmbeddedKafkaBroker.MUTUAL_TLS_PORT_FILE + ") when it is "
          + "free, else a free one; so clients keep their mutual TLS address across restarts.")
  Integer mtlsPort;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(port);
    if (mutualTls && !secure) {
      throw new ParameterException(spec.commandLine(), "--mutual-tls needs --secure");
    }
    if (secure) {
      builder.secure();
    }
    if (mtlsPort != null && !mutualTls) {
      throw new ParameterException(spec.commandLine(), "--mtls-port needs --mutual-tls");
    }
    if (mutualTls) {
      builder.mutualTls();
    }
    if (mtlsPort != null) {
      try {
        builder.mutualTlsPort(mtlsPort);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--mtls-port: " + e.getMessage(), e, null, "" + mtlsPort);
      }
    }
    EmbeddedKafkaBroker broker = builder.build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "feedback360-broker-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    if (secure) {
      SecuredPipeline pipeline = SecuredPipeline.prepare(broker, Topics.defaults(), TopicSettings.defaults());
      out.printf("Secured Kafka broker running at %s (SASL_SSL%s), data in %s.%n", broker.bootstrapServers(),
          mutualTls ? "; mutual TLS at " + broker.mutualTlsBootstrapServers() : " only", dataDir.toAbsolutePath());
      out.printf("Topics created and least-privilege ACLs applied. Client properties for --command-config, one per "
          + "principal: %s/{ingest,streams,dashboard,analyst,admin}.properties%s%n", pipeline.clientsDir(),
          mutualTls ? " (and <principal>-mtls.properties for the mutual TLS listener)" : "");
      out.printf("For example: ./feedback360 scores --bootstrap-servers %s --command-config %s%n"
          + "Press Ctrl-C to stop.%n", broker.bootstrapServers(), pipeline.clientPropertiesFile("analyst"));
    } else {
      out.printf("Kafka broker running at %s, data in %s. Press Ctrl-C to stop.%n", broker.bootstrapServers(),
          dataDir.toAbsolutePath());
    }
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
