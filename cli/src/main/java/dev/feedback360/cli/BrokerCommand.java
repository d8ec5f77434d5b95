package dev.feedback360.cli;

import dev.feedback360.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code broker}: a real single-node Kafka KRaft broker in this process, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = {"Runs a real single-node Kafka 4.4 broker (KRaft, broker and controller) in-process until Ctrl-C.",
        "Storage is formatted on first start and reused after; clients connect to 127.0.0.1:PORT."})
final class BrokerCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/broker",
      description = "Where the broker keeps its logs (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dataDir).port(port).build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "feedback360-broker-shutdown"));
    spec.commandLine().getOut().printf("Kafka broker running at %s, data in %s. Press Ctrl-C to stop.%n",
        broker.bootstrapServers(), dataDir.toAbsolutePath());
    spec.commandLine().getOut().flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
