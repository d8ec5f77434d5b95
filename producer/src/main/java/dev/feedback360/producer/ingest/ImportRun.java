package dev.feedback360.producer.ingest;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.producer.validate.ValidatedRow;
import dev.feedback360.producer.validate.ValidatingReader;
import dev.feedback360.schemas.AvroSerde;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import: reads validated rows, sends accepted ones asynchronously, writes rejected ones, counts. Sent and
 * failed counts are updated by producer callbacks on the producer's I/O thread.
 */
final class ImportRun {

  private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AvroSerde<ResponseKey> keySerde;
  private final AvroSerde<SurveyResponse> valueSerde;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final List<Rejection> firstRejections = new ArrayList<>();
  private long read;
  private long rejected;

  ImportRun(Producer<byte[], byte[]> producer, String topic, AvroSerde<ResponseKey> keySerde,
      AvroSerde<SurveyResponse> valueSerde) {
    this.producer = producer;
    this.topic = topic;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** Sends every accepted row until the input ends or a send fails, then waits for all acknowledgements. */
  void sendAll(ValidatingReader rows, RejectsFile rejects, ProgressReporter progress) throws IOException {
    ValidatedRow row;
    while (firstFailure.get() == null && (row = rows.next()) != null) {
      read++;
      if (row instanceof ValidatedRow.Accepted accepted) {
        send(accepted);
      } else {
        reject((ValidatedRow.Rejected) row, rejects);
      }
      progress.rowRead(read, sent.get(), rejected, failed.get());
    }
    producer.flush();
    if (firstFailure.get() != null) {
      LOG.error("Sending failed after {} rows read; the import stopped there: {}", read,
          firstFailure.get().getMessage());
    }
  }

  ImportSummary summary(Duration elapsed) {
    Exception failure = firstFailure.get();
    return new ImportSummary(read, sent.get(), rejected, failed.get(), elapsed, firstRejections, null,
        failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage());
  }

  private void send(ValidatedRow.Accepted row) {
    try {
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
          row.value().getSubmittedAt().toEpochMilli(), keySerde.encode(row.key()), valueSerde.encode(row.value()));
      producer.send(record, (RecordMetadata metadata, Exception exception) -> acknowledged(exception));
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

  private void reject(ValidatedRow.Rejected row, RejectsFile rejects) throws IOException {
    rejected++;
    rejects.write(row.line(), row.reason(), row.sourceText());
    if (firstRejections.size() < ImportSummary.MAX_REJECTIONS_KEPT) {
      firstRejections.add(new Rejection(row.line(), row.reason()));
    }
    LOG.debug("Line {} rejected: {}", row.line(), row.reason());
  }
}
