package dev.feedback360.cli;

import dev.feedback360.broker.ContainerSecrets;
import dev.feedback360.broker.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code secrets}: the TLS and SCRAM material of a secured broker that runs elsewhere (docker-compose.secure.yml's
 * secrets-init), one directory per consumer, generated once.
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE},
    description = {"Generates, once, what a secured Kafka broker and its clients need, one directory per consumer "
        + "under --out: broker/ (keystore and truststore, the broker's security settings, the SCRAM users to add "
        + "when formatting, a healthcheck client file) and <principal>/client.properties for ingest, streams, "
        + "dashboard, analyst and admin (SASL_SSL, SCRAM-SHA-512, the CA certificate inline). Random passwords; "
        + "the CA key is not kept.",
        "Leaves complete material alone and refuses incomplete material: the SCRAM users are fixed when the broker's "
            + "storage is first formatted. Prints no secret. See docs/security.md."})
final class SecretsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Where to write; consumers must see their directory at the same path (e.g. /etc/feedback360/"
          + "secrets/broker in the broker's container).")
  Path out;

  @Option(names = "--hostname", paramLabel = "NAME", split = ",",
      description = "DNS names clients use to reach the broker, put in its certificate besides localhost and "
          + "127.0.0.1 (repeatable; e.g. kafka).")
  List<String> hostnames = List.of();

  @Option(names = "--sasl-listener", paramLabel = "NAME", split = ",", defaultValue = "INTERNAL,HOST",
      description = "The broker's SASL_SSL listeners, the inter-broker one first (default: ${DEFAULT-VALUE}).")
  List<String> saslListeners;

  @Option(names = "--controller-listener", paramLabel = "NAME", defaultValue = "CONTROLLER",
      description = "The broker's controller listener, TLS with the broker's own certificate required "
          + "(default: ${DEFAULT-VALUE}).")
  String controllerListener;

  @Override
  public Integer call() {
    ContainerSecrets.Outcome outcome = ContainerSecrets.writeOnce(out, hostnames, saslListeners, controllerListener,
        Instant.now());
    PrintWriter printer = spec.commandLine().getOut();
    if (outcome == ContainerSecrets.Outcome.KEPT) {
      printer.printf("Secrets in %s are complete; kept as they are.%n", out);
    } else {
      printer.printf("Secrets written to %s: %s/ for the broker; client properties for %s.%n", out,
          ContainerSecrets.BROKER_DIR, String.join(", ", EmbeddedKafkaBroker.PRINCIPALS));
    }
    printer.flush();
    return ExitCodes.OK;
  }
}
