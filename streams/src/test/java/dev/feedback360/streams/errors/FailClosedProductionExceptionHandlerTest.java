package dev.feedback360.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.junit.jupiter.api.Test;

class FailClosedProductionExceptionHandlerTest {

  private final FailClosedProductionExceptionHandler handler = new FailClosedProductionExceptionHandler();
  private final ProducerRecord<byte[], byte[]> output = new ProducerRecord<>("team-scores",
      "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));

  @Test
  void shouldStopWithoutADeadLetterWhenTheBrokerRejectsAnOutputWhoseContextHasNoTimestamp() {
    Response response = handler.handleError(ErrorContexts.ofSend("survey-responses"), output,
        new InvalidTimestampException("Timestamp 1893456000000 of message is out of range"));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).as("a dead letter would be aborted with the transaction").isEmpty();
  }

  @Test
  void shouldNameTheInputRecordOrElseTheTask() {
    assertThat(FailClosedProductionExceptionHandler.source(ErrorContexts.ofSend("survey-responses")))
        .isEqualTo("while processing survey-responses-1 offset 42");
    assertThat(FailClosedProductionExceptionHandler.source(ErrorContexts.withoutRecord()))
        .startsWith("for task 0_-1 (no input record in hand").doesNotContain("null", "offset -1");
  }

  @Test
  void shouldStopOnARecordThatCannotBeSerialized() {
    Response response = handler.handleSerializationError(
        ErrorContexts.at("survey-responses", null, null), output, new SerializationException("boom"),
        SerializationExceptionOrigin.VALUE);

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }
}
