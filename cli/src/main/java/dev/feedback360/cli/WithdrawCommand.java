package dev.feedback360.cli;

import dev.feedback360.producer.ingest.ProducerSettings;
import dev.feedback360.producer.ingest.ResponseProducer;
import dev.feedback360.producer.ingest.Withdrawal;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code withdraw}: erases one rater's response about one subject in one cycle. */
@Command(name = "withdraw", mixinStandardHelpOptions = true,
    description = {"Withdraws a rater's response (right to erasure): sends a tombstone under the pseudonymised key.",
        "The streams app removes it from every score at once; older re-sends never bring it back."})
final class WithdrawCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  KafkaOptions kafka;

  @Mixin
  RaterOptions rater;

  @Option(names = "--cycle", paramLabel = "CYCLE", required = true, description = "Survey cycle.")
  String cycle;

  @Option(names = "--subject", paramLabel = "SUBJECT", required = true, description = "The rated person.")
  String subject;

  @Option(names = "--rater", paramLabel = "RATER", required = true,
      description = "The rater's raw id, as in the export; it is pseudonymised with the rater key before sending.")
  String raterId;

  @Override
  public Integer call() {
    Clock clock = Clock.systemUTC();
    ProducerSettings settings = new ProducerSettings(kafka.bootstrapServers, kafka.topics(), kafka.topicSettings(),
        ProducerSettings.DEFAULT_TIMEOUT, Map.of());
    try (ResponseProducer producer = new ResponseProducer(settings, rater.validator(clock), clock)) {
      Withdrawal withdrawal = producer.withdraw(cycle, subject, raterId);
      spec.commandLine().getOut().printf("Withdrawal sent at %s to %s partition %d offset %d%n",
          withdrawal.withdrawnAt(), kafka.responsesTopic, withdrawal.partition(), withdrawal.offset());
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
