package dev.feedback360.streams.errors;

import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy for records the app cannot write (an output, changelog or repartition record the broker rejects, or one
 * that cannot be serialized): the app stops, and with exactly-once the open transaction is aborted, so nothing of it
 * becomes visible and the input is processed again after a restart.
 *
 * <p>Kafka Streams' default handler would also build a dead-letter record from the input, stamped with the error
 * context's timestamp; for a send the broker rejected that timestamp is -1, and building the record fails with a
 * bare "Invalid timestamp: -1" that hides the real cause. A dead letter would be aborted with the transaction anyway,
 * so none is written here and the log says what failed and what to do.
 */
public final class FailClosedProductionExceptionHandler implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FailClosedProductionExceptionHandler.class);

  @Override
  public void configure(Map<String, ?> configs) {
    // Nothing to configure.
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    LOG.error("Cannot write a record stamped {} to {} {}: {}. The transaction is aborted and the app stops; fix the "
        + "cause (for a rejected record, the topic's limits such as max.message.bytes or message.timestamp.*) and "
        + "restart it: the input is processed again.", stamp(record), record.topic(), source(context),
        describe(exception));
    return Response.fail();
  }

  @Override
  @SuppressWarnings("rawtypes") // Kafka's ProductionExceptionHandler declares this parameter raw; overrides must too
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
      SerializationExceptionOrigin origin) {
    LOG.error("Cannot serialize the {} of a record for {} {}: {}. This is a defect; the transaction is aborted and the "
        + "app stops.", origin == SerializationExceptionOrigin.KEY ? "key" : "value", record.topic(), source(context),
        describe(exception));
    return Response.fail();
  }

  /**
   * Which input record the write was for. A send the broker rejects is often reported at a later send or at the
   * commit, where no input record is in hand (Kafka gives topic null and offset -1): then the task is named.
   */
  static String source(ErrorHandlerContext context) {
    if (context.topic() == null || context.offset() < 0) {
      return "for task " + context.taskId() + " (no input record in hand: the failed write was reported at a later "
          + "send or at the commit; the log lines before name the record it was for)";
    }
    return "while processing " + context.topic() + "-" + context.partition() + " offset " + context.offset();
  }

  private static String stamp(ProducerRecord<?, ?> record) {
    return record.timestamp() == null ? "(no timestamp)" : Instant.ofEpochMilli(record.timestamp()).toString();
  }

  private static String describe(Exception exception) {
    return exception.getClass().getSimpleName() + ": " + exception.getMessage();
  }
}
