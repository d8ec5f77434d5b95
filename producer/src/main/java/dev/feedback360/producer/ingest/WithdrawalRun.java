package dev.feedback360.producer.ingest;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.producer.parse.WithdrawalReader;
import dev.feedback360.producer.parse.WithdrawalRow;
import dev.feedback360.producer.validate.ResponseValidator;
import dev.feedback360.schemas.AvroSerde;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * One file of withdrawals: reads rows, sends a tombstone for each valid one (keyed exactly as a single withdrawal,
 * self-ratings included), writes rejected ones with their line and reason (never the row: it holds a raw rater id),
 * counts. Sent and failed counts are updated by producer callbacks on the producer's I/O thread.
 */
final class WithdrawalRun {

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AvroSerde<ResponseKey> keySerde;
  private final ResponseValidator validator;
  private final Instant withdrawnAt;
  private final SendTally tally = new SendTally();

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
    while (!tally.failing() && (row = rows.next()) != null) {
      tally.rowRead();
      if (row instanceof WithdrawalRow.Row valid) {
        Optional<String> problems = validator.keyProblems(valid.cycleId(), valid.subjectId(), valid.raterId());
        if (problems.isPresent()) {
          tally.reject(row.line(), problems.get(), null, rejects);
        } else {
          send(validator.keyOf(valid.cycleId(), valid.subjectId(), valid.raterId()));
        }
      } else {
        tally.reject(row.line(), ((WithdrawalRow.Unreadable) row).reason(), null, rejects);
      }
      tally.report(progress);
    }
    producer.flush();
    tally.logFailure("Sending withdrawals");
  }

  ImportSummary summary(Duration elapsed) {
    return tally.summary(elapsed);
  }

  private void send(ResponseKey key) {
    try {
      producer.send(new ProducerRecord<>(topic, null, withdrawnAt.toEpochMilli(), keySerde.encode(key), (byte[]) null),
          tally.callback());
    } catch (KafkaException e) {
      tally.acknowledged(e);
    }
  }
}
