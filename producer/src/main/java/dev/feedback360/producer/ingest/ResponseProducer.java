package dev.feedback360.producer.ingest;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.ResponseReaders;
import dev.feedback360.producer.parse.WithdrawalReader;
import dev.feedback360.producer.parse.WithdrawalRow;
import dev.feedback360.producer.validate.ResponseValidator;
import dev.feedback360.producer.validate.ValidatedRow;
import dev.feedback360.producer.validate.ValidatingReader;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.topics.TopicProvisioner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends survey responses to the responses topic: imports export files and withdraws single responses.
 *
 * <p>Records: key {@link ResponseKey}, value {@link SurveyResponse}, both Avro single-object encoded
 * ({@link AvroSerdes}); the record timestamp is {@code submittedAt}. The producer is idempotent with
 * {@code acks=all}, so a retried send never duplicates or reorders a record. The responses topic is created on first
 * use when missing ({@link ProducerSettings#topicSettings()}).
 *
 * <p>Logs carry counts, line numbers and reasons only: never raw rater ids, subject ids or the rater key. Not
 * thread-safe; one import or withdrawal at a time.
 */
public final class ResponseProducer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResponseProducer.class);

  private final ProducerSettings settings;
  private final ResponseValidator validator;
  private final Clock clock;
  private final Producer<byte[], byte[]> producer;
  private final Runnable topicCreator;
  private final AvroSerde<ResponseKey> keySerde = AvroSerdes.responseKey();
  private final AvroSerde<SurveyResponse> valueSerde = AvroSerdes.surveyResponse();
  private boolean topicEnsured;

  /**
   * Connects a Kafka producer; the responses topic is checked on first use.
   *
   * @param validator validates and pseudonymises rows; its instrument defines the accepted items
   * @param clock the time of withdrawals, and the record timestamp of every response sent
   */
  public ResponseProducer(ProducerSettings settings, ResponseValidator validator, Clock clock) {
    this(settings, validator, clock, new KafkaProducer<>(settings.producerProperties()),
        () -> createTopicIfMissing(settings));
  }

  ResponseProducer(ProducerSettings settings, ResponseValidator validator, Clock clock,
      Producer<byte[], byte[]> producer, Runnable topicCreator) {
    this.settings = settings;
    this.validator = validator;
    this.clock = clock;
    this.producer = producer;
    this.topicCreator = topicCreator;
  }

  /** The default rejects file of an input: {@code <input file name>.rejects.csv} next to it. */
  public static Path defaultRejectsFile(Path input) {
    return RejectsFile.defaultFor(input);
  }

  /**
   * Imports one export file: valid rows are sent, invalid rows are written to {@code rejectsFile} and counted. Reading
   * stops at the first send failure. See {@link ImportSummary} for the outcome and exit codes.
   *
   * <p>The rejects file is UTF-8 CSV with the header {@code line,reason,original}: the first line of the row in the
   * input, the reason, and the row as it appeared in the input (quoted, quotes doubled). The original is left empty
   * when it could not be decoded, contains control characters other than line feed and tab, or starts with
   * {@code = + - @} (it would run as a spreadsheet formula). It holds raw rater ids like the input does. The file is
   * replaced by every import that gets to read rows, including with just the header when nothing was rejected, and
   * is written whole or not at all (temporary file, then an atomic move); a refused file leaves it untouched.
   *
   * @param format how to read the input, for example {@link InputFormat#fromFileName(Path)}
   * @param rejectsFile where to write the rejected rows, for example {@link #defaultRejectsFile(Path)}
   * @param listener told about progress while the import runs
   * @throws IOException when the input cannot be read part-way or the rejects file cannot be written
   */
  public ImportSummary importFile(Path input, InputFormat format, Path rejectsFile, ImportListener listener)
      throws IOException {
    String topic = settings.topics().responses();
    return FileSend.send("Import", () -> {
      ValidatingReader rows =
          new ValidatingReader(ResponseReaders.open(input, format, validator.instrument()), validator);
      return FileSend.steps(rows, () -> {
        ValidatedRow row = rows.next();
        if (row instanceof ValidatedRow.Rejected rejected) {
          return new FileSend.Step.Reject(rejected.line(), rejected.reason(), rejected.sourceText());
        }
        return row == null ? null : send(topic, (ValidatedRow.Accepted) row);
      });
    }, rejectsFile, listener, producer, this::ensureTopic);
  }

  /**
   * Withdraws a rater's response about a subject in a cycle: sends a tombstone (null value) under the pseudonymised
   * key, timestamped with the clock's current time, and waits for the acknowledgement.
   *
   * @throws IllegalArgumentException when an id is invalid
   * @throws SendFailedException when the broker did not acknowledge within the timeout
   */
  public Withdrawal withdraw(String cycleId, String subjectId, String rawRaterId) {
    ResponseKey key = validator.keyOf(cycleId, subjectId, rawRaterId);
    ensureTopic();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    ProducerRecord<byte[], byte[]> tombstone =
        new ProducerRecord<>(settings.topics().responses(), null, now.toEpochMilli(), keySerde.encode(key),
            (byte[]) null);
    try {
      RecordMetadata metadata =
          producer.send(tombstone).get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Withdrawal written to {} partition {} offset {}", metadata.topic(), metadata.partition(),
          metadata.offset());
      return new Withdrawal(key, now, metadata.partition(), metadata.offset());
    } catch (ExecutionException e) {
      throw new SendFailedException("The withdrawal was not acknowledged: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new SendFailedException("The withdrawal was not acknowledged within " + settings.timeout().toSeconds()
          + " s; is the broker reachable?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SendFailedException("Interrupted while waiting for the withdrawal to be acknowledged", e);
    } catch (KafkaException e) {
      throw new SendFailedException("The withdrawal could not be sent: " + e.getMessage(), e);
    }
  }

  /**
   * Withdraws every response listed in a withdrawals file (CSV with the header {@code cycle_id,subject_id,rater_id},
   * see {@link WithdrawalReader}): a tombstone per valid row, keyed exactly as {@link #withdraw} keys it (a row whose
   * rater is its subject withdraws a self-rating), all stamped with the clock's time at the start. Invalid rows are
   * written to {@code rejectsFile} with their line and reason only (never the row, which holds the raw rater id) and
   * counted; sending stops at the first failure. The outcome and exit codes are those of {@link #importFile}.
   *
   * @throws IOException when the input cannot be read part-way or the rejects file cannot be written
   */
  public ImportSummary withdrawAll(Path input, Path rejectsFile, ImportListener listener) throws IOException {
    String topic = settings.topics().responses();
    long withdrawnAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    return FileSend.send("Withdrawals", () -> {
      WithdrawalReader rows = WithdrawalReader.open(input);
      return FileSend.steps(rows, () -> {
        WithdrawalRow row = rows.next();
        if (row instanceof WithdrawalRow.Unreadable unreadable) {
          return new FileSend.Step.Reject(row.line(), unreadable.reason(), null);
        }
        if (row == null) {
          return null;
        }
        WithdrawalRow.Row valid = (WithdrawalRow.Row) row;
        Optional<String> problems = validator.keyProblems(valid.cycleId(), valid.subjectId(), valid.raterId());
        return problems.isPresent() ? new FileSend.Step.Reject(row.line(), problems.get(), null)
            : new FileSend.Step.Send(new ProducerRecord<>(topic, null, withdrawnAt,
                keySerde.encode(validator.keyOf(valid.cycleId(), valid.subjectId(), valid.raterId())),
                (byte[]) null));
      });
    }, rejectsFile, listener, producer, this::ensureTopic);
  }

  /**
   * A response's record, stamped with the time of sending, not its {@code submittedAt} (which the app reads from the
   * value): Kafka rolls and compacts a segment by its records' timestamps, so an export stamped with the times it
   * was submitted, spanning days, would be rolled while it is imported and compacted within minutes, taking the
   * earlier versions of its corrected responses away from as-of replays; stamped with the time of sending, it stays
   * in the active segment for at least {@code segment.ms} (docs/replay.md). The broker also keeps an idempotent
   * producer's state by its last record's timestamp (docs/operations.md, {@code producer.id.expiration.ms}).
   */
  private FileSend.Step send(String topic, ValidatedRow.Accepted row) {
    return new FileSend.Step.Send(new ProducerRecord<>(topic, null,
        clock.instant().truncatedTo(ChronoUnit.MILLIS).toEpochMilli(), keySerde.encode(row.key()),
        valueSerde.encode(row.value())));
  }

  /** Flushes and closes the Kafka producer. */
  @Override
  public void close() {
    producer.close(settings.timeout());
  }

  private void ensureTopic() {
    if (!topicEnsured) {
      topicCreator.run();
      topicEnsured = true;
    }
  }

  private static void createTopicIfMissing(ProducerSettings settings) {
    Admin admin = Admin.create(settings.adminProperties());
    try {
      TopicProvisioner.ensure(admin, settings.topics(), settings.topicSettings(),
          Set.of(settings.topics().responses()), settings.timeout());
    } catch (IllegalStateException | KafkaException e) {
      throw new SendFailedException(e.getMessage(), e);
    } finally {
      // Without a wait: a plain close waits for a call that timed out here (default.api.timeout.ms, 60 s), which
      // doubled the time a dead address took to report (--timeout 30 s took 61 s).
      admin.close(Duration.ZERO);
    }
  }
}
