package dev.feedback360.cli;

import dev.feedback360.producer.instrument.Instrument;
import dev.feedback360.producer.pseudonym.RaterPseudonymiser;
import dev.feedback360.producer.validate.ResponseValidator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The rater key and the instrument, shared by the commands that send responses or nominations. */
final class RaterOptions {

  @Option(names = "--rater-key-file", paramLabel = "FILE",
      description = "File holding the secret rater key, used as-is (one trailing line break removed): at least 16 "
          + "bytes, at least 8 different byte values, not a shorter pattern repeated. Only its owner should read it "
          + "(chmod 600; a warning otherwise). Default: the FEEDBACK360_RATER_KEY environment variable, same rule. "
          + "Required one way or the other: raw rater ids never reach Kafka.")
  Path raterKeyFile;

  @Option(names = "--instrument", paramLabel = "FILE",
      description = "Instrument (questionnaire) definition, JSON. Default: the built-in 12-item "
          + "leadership-vs-management instrument, version 1.")
  Path instrumentFile;

  Instrument instrument() {
    return instrumentFile == null ? Instrument.defaultInstrument() : Instrument.load(instrumentFile);
  }

  ResponseValidator validator(Clock clock) {
    return new ResponseValidator(instrument(), pseudonymiser(), clock);
  }

  /** The pseudonymiser of the rater key: the --rater-key-file, else the environment. */
  RaterPseudonymiser pseudonymiser() {
    return RaterPseudonymiser.resolve(Optional.ofNullable(raterKeyFile), System.getenv());
  }
}
