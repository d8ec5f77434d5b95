package dev.feedback360.producer.ingest;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.producer.parse.WithdrawalReader;
import dev.feedback360.producer.parse.WithdrawalRow;
import dev.feedback360.producer.validate.ResponseValidator;
import dev.feedback360.schemas.AvroSerde;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of withdrawals: reads rows, sends a tombstone for each valid one (keyed exactly as a single withdrawal,
 * self-ratings included), writes rejected ones with their line and reason (never the row: it holds a raw rater id),
 * counts. Sent and failed counts are updated by producer callbacks on the producer's I/O thread.
 */
final class WithdrawalRun {

  private static final Logger LOG = LoggerFactory.getLogger(WithdrawalRun.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AvroSerde<ResponseKey> keySerde;
  private final ResponseValidator validator;
  private final Instant withdrawnAt;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final List<Rejection> firstRejections = new ArrayList<>();
  private long read;
  private long rejected;

  WithdrawalRun(Producer<byte[], byte[]> producer, String topic, AvroSerde<ResponseKey> keySerde,
      ResponseValidator validator, Instant withdrawnAt) {
    this.producer = producer;
    this.topic = topic;
    this.keySerde = keySerde;
    this.validator = validator;
    this.withdrawnAt = withdrawnAt;
  }

  /** Sends a tombstone per valid row until the input ends or a send fails, then waits for all acknowledgements. */
  void sendAll(WithdrawalReader rows, RejectsFile rejects, ProgressReporter progress) throws IOException {
    WithdrawalRow row;
    while (firstFailure.get() == null && (row = rows.next()) != null) {
      read++;
      if (row instanceof WithdrawalRow.Row valid) {
        Optional<String> problems = validator.keyProblems(valid.cycleId(), valid.subjectId(), valid.raterId());
        if (problems.isPresent()) {
          reject(row.line(), problems.get(), rejects);
        } else {
          send(validator.keyOf(valid.cycleId(), valid.subjectId(), valid.raterId()));
        }
      } else {
        reject(row.line(), ((WithdrawalRow.Unreadable) row).reason(), rejects);
      }
      progress.rowRead(read, sent.get(), rejected, failed.get());
    }
    producer.flush();
    if (firstFailure.get() != null) {
      LOG.error("Sending withdrawals failed after {} rows read; it stopped there: {}", read,
          firstFailure.get().getMessage());
    }
  }

  ImportSummary summary(Duration elapsed) {
    Exception failure = firstFailure.get();
    return new ImportSummary(read, sent.get(), rejected, failed.get(), elapsed, firstRejections, null,
        failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage());
  }

  private void send(ResponseKey key) {
    try {
      ProducerRecord<byte[], byte[]> tombstone =
          new ProducerRecord<>(topic, null, withdrawnAt.toEpochMilli(), keySerde.encode(key), (byte[]) null);
      producer.send(tombstone, (RecordMetadata metadata, Exception exception) -> acknowledged(exception));
    } catch (KafkaException e) {
      acknowledged(e);
    }
  }

  private void acknowledged(Exception exception) {
    if (exception == null) {
      sent.incrementAndGet();
    } else {
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, exception);
    }
  }

  private void reject(long line, String reason, RejectsFile rejects) throws IOException {
    rejected++;
    rejects.write(line, reason, null);
    if (firstRejections.size() < ImportSummary.MAX_REJECTIONS_KEPT) {
      firstRejections.add(new Rejection(line, reason));
    }
    LOG.debug("Line {} rejected: {}", line, reason);
  }
}
