package dev.feedback360.streams.errors;

import dev.feedback360.streams.metrics.DeadLetterReason;
import dev.feedback360.streams.metrics.PipelineMetrics;
import dev.feedback360.streams.topology.InvalidResponseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy for exceptions thrown while processing a record.
 *
 * <ul>
 *   <li>{@link InvalidResponseException} (the record decoded but cannot count): the raw source key and value go to
 *       the dead-letter topic with the reason in the same {@code __streams.errors.*} headers Kafka Streams uses for
 *       undecodable records, and processing resumes.
 *   <li>Anything else is a defect or an infrastructure fault: the record goes to the dead-letter topic too, and the
 *       stream thread fails (the uncaught-exception handler then stops the app) rather than skipping silently.
 * </ul>
 *
 * A dead letter already on the topic (the same input record refused for the same reason before a reset) is not
 * written again ({@link DeadLetterHistory}).
 *
 * Every dead letter written is counted by its reason ({@link PipelineMetrics}). Log lines name topic, partition,
 * offset and reason only: no key or value content.
 */
public final class DeadLetterProcessingExceptionHandler implements ProcessingExceptionHandler {

  public static final String HEADER_EXCEPTION = "__streams.errors.exception";
  public static final String HEADER_MESSAGE = "__streams.errors.message";
  public static final String HEADER_TOPIC = "__streams.errors.topic";
  public static final String HEADER_PARTITION = "__streams.errors.partition";
  public static final String HEADER_OFFSET = "__streams.errors.offset";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingExceptionHandler.class);

  private String deadLetterTopic;
  private Optional<DeadLetterHistory> history;
  private PipelineMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      throw new IllegalStateException(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
          + " must be set: invalid records are never dropped silently");
    }
    deadLetterTopic = topic.toString();
    history = DeadLetterHistory.from(configs);
    metrics = PipelineMetrics.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    List<ProducerRecord<byte[], byte[]>> deadLetters = List.of(deadLetter(context, exception));
    if (history.isPresent()) {
      deadLetters = history.get().withoutRepeats(deadLetters);
    }
    if (exception instanceof InvalidResponseException invalid) {
      metrics.deadLetters(invalid.reason(), deadLetters.size());
      // A repeat after a reset is said by the history; the record is refused all the same.
      LOG.warn("Invalid response at {}-{} offset {} {} {}: {}", context.topic(), context.partition(),
          context.offset(), deadLetters.isEmpty() ? "refused again, already in" : "sent to", deadLetterTopic,
          exception.getMessage());
      return Response.resume(deadLetters);
    }
    metrics.deadLetters(DeadLetterReason.PROCESSING_FAILURE, deadLetters.size());
    LOG.error("Unexpected failure processing {}-{} offset {} in {}; stopping. No dead letter is kept in {} (the "
        + "transaction is aborted), and the record is processed again at the next start: fix the cause below first",
        context.topic(), context.partition(), context.offset(), context.processorNodeId(), deadLetterTopic, exception);
    return Response.fail(deadLetters);
  }

  private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, Exception exception) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(HEADER_EXCEPTION, utf8(exception.getClass().getName()));
    headers.add(HEADER_MESSAGE, utf8(String.valueOf(exception.getMessage())));
    headers.add(HEADER_TOPIC, utf8(context.topic()));
    headers.add(HEADER_PARTITION, utf8(Integer.toString(context.partition())));
    headers.add(HEADER_OFFSET, utf8(Long.toString(context.offset())));
    return new ProducerRecord<>(deadLetterTopic, null, context.sourceRawKey(), context.sourceRawValue(), headers);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
