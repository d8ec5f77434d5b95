package dev.feedback360.streams.errors;

import dev.feedback360.streams.metrics.DeadLetterReason;
import dev.feedback360.streams.metrics.PipelineMetrics;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy for records that cannot be decoded.
 *
 * <ul>
 *   <li>From an input topic (survey responses from HR exports): a poison pill. Kafka Streams' own log-and-continue
 *       handler sends its raw bytes to the dead-letter topic and processing resumes.
 *   <li>From one of the app's internal topics (the team-changes repartition topic, named after the application
 *       id): the app wrote it itself, so it was written by another version of the app or is corrupt. Skipping it
 *       would leave a team's totals inexact for good, so it also goes to the dead-letter topic but the app stops.
 * </ul>
 *
 * A dead letter of an input record already on the topic (the same record, refused before a reset) is not written
 * again ({@link DeadLetterHistory}). Every dead letter written is counted by its reason ({@link PipelineMetrics}).
 */
public final class InputOnlyDeserializationExceptionHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(InputOnlyDeserializationExceptionHandler.class);

  private final LogAndContinueExceptionHandler forInput = new LogAndContinueExceptionHandler();
  private final LogAndFailExceptionHandler forInternal = new LogAndFailExceptionHandler();
  private String internalTopicPrefix;
  private Optional<DeadLetterHistory> history;
  private PipelineMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    Object applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
    if (applicationId == null || applicationId.toString().isBlank()) {
      throw new IllegalStateException(StreamsConfig.APPLICATION_ID_CONFIG + " must be set: it names the app's "
          + "internal topics, whose undecodable records stop the app instead of being skipped");
    }
    internalTopicPrefix = applicationId + "-";
    history = DeadLetterHistory.from(configs);
    metrics = PipelineMetrics.from(configs);
    forInput.configure(configs);
    forInternal.configure(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
      Exception exception) {
    if (record.topic().startsWith(internalTopicPrefix)) {
      LOG.error("Cannot decode the app's own record at {}-{} offset {}: {}. It was written by another version of "
          + "the app or is corrupt; skipping it would leave team totals inexact, so the app stops. Reset the "
          + "application (./feedback360 reset) to rebuild its state from the responses topic.", record.topic(),
          record.partition(), record.offset(), exception.getMessage());
      Response response = forInternal.handleError(context, record, exception);
      metrics.deadLetters(DeadLetterReason.UNDECODABLE_INTERNAL, response.deadLetterQueueRecords().size());
      return response;
    }
    Response response = forInput.handleError(context, record, exception);
    if (history.isPresent()) {
      response = Response.resume(history.get().withoutRepeats(response.deadLetterQueueRecords()));
    }
    metrics.deadLetters(DeadLetterReason.UNDECODABLE, response.deadLetterQueueRecords().size());
    return response;
  }
}
