package dev.feedback360.streams.errors;

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
    LOG.error("Cannot write a record to {} while processing {}-{} offset {}: {}. The transaction is aborted and the "
        + "app stops; fix the cause (for a rejected record, the topic's limits such as max.message.bytes or "
        + "message.timestamp.*) and restart it: the input is processed again.", record.topic(), context.topic(),
        context.partition(), context.offset(), describe(exception));
    return Response.fail();
  }

  @Override
  @SuppressWarnings("rawtypes") // Kafka's ProductionExceptionHandler declares this parameter raw; overrides must too
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
      SerializationExceptionOrigin origin) {
    LOG.error("Cannot serialize the {} of a record for {} while processing {}-{} offset {}: {}. This is a defect; the "
        + "transaction is aborted and the app stops.", origin == SerializationExceptionOrigin.KEY ? "key" : "value",
        record.topic(), context.topic(), context.partition(), context.offset(), describe(exception));
    return Response.fail();
  }

  private static String describe(Exception exception) {
    return exception.getClass().getSimpleName() + ": " + exception.getMessage();
  }
}
