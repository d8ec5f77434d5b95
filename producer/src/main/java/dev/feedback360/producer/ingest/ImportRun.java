package dev.feedback360.producer.ingest;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.producer.validate.ValidatedRow;
import dev.feedback360.producer.validate.ValidatingReader;
import dev.feedback360.schemas.AvroSerde;
import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * One import: reads validated rows, sends accepted ones asynchronously, writes rejected ones, counts. Sent and
 * failed counts are updated by producer callbacks on the producer's I/O thread.
 */
final class ImportRun {

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AvroSerde<ResponseKey> keySerde;
  private final AvroSerde<SurveyResponse> valueSerde;
  private final SendTally tally = new SendTally();

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
    while (!tally.failing() && (row = rows.next()) != null) {
      tally.rowRead();
      if (row instanceof ValidatedRow.Accepted accepted) {
        send(accepted);
      } else {
        ValidatedRow.Rejected rejected = (ValidatedRow.Rejected) row;
        tally.reject(rejected.line(), rejected.reason(), rejected.sourceText(), rejects);
      }
      tally.report(progress);
    }
    producer.flush();
    tally.logFailure("Sending the import");
  }

  ImportSummary summary(Duration elapsed) {
    return tally.summary(elapsed);
  }

  private void send(ValidatedRow.Accepted row) {
    try {
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null,
          row.value().getSubmittedAt().toEpochMilli(), keySerde.encode(row.key()), valueSerde.encode(row.value()));
      producer.send(record, tally.callback());
    } catch (KafkaException e) {
      tally.acknowledged(e);
    }
  }
}
