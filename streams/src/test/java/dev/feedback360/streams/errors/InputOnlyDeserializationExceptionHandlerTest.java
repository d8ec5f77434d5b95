package dev.feedback360.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class InputOnlyDeserializationExceptionHandlerTest {

  private static final Map<String, Object> CONFIGS = Map.of(
      StreamsConfig.APPLICATION_ID_CONFIG, "feedback360-team-scores",
      StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "survey-responses-dlq");
  private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = "not avro".getBytes(StandardCharsets.UTF_8);

  @Test
  void shouldSendAnUndecodableInputRecordToTheDeadLetterTopicAndResume() {
    InputOnlyDeserializationExceptionHandler handler = configured();

    Response response =
        handler.handleError(ErrorContexts.at("survey-responses", KEY, VALUE), record("survey-responses"),
            new SerializationException("expected Avro single-object encoding"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
      assertThat(dead.topic()).isEqualTo("survey-responses-dlq");
      assertThat(dead.value()).isEqualTo(VALUE);
    });
  }

  @Test
  void shouldNotRepeatADeadLetterThatAnEarlierRunWroteForTheSameRecord() {
    InputOnlyDeserializationExceptionHandler first = configured();
    SerializationException error = new SerializationException("expected Avro single-object encoding");
    ProducerRecord<byte[], byte[]> earlier = first.handleError(ErrorContexts.at("survey-responses", KEY, VALUE),
        record("survey-responses"), error).deadLetterQueueRecords().get(0);
    InputOnlyDeserializationExceptionHandler afterReset = new InputOnlyDeserializationExceptionHandler();
    Map<String, Object> configs = new HashMap<>(CONFIGS);
    configs.put(DeadLetterHistory.CONFIG, new DeadLetterHistory("survey-responses-dlq", (topic, sink) -> {
      ConsumerRecord<byte[], byte[]> onTopic = new ConsumerRecord<>(topic, 0, 0L, earlier.key(), earlier.value());
      earlier.headers().forEach(onTopic.headers()::add);
      sink.accept(onTopic);
      return 1;
    }));
    afterReset.configure(configs);

    Response response = afterReset.handleError(ErrorContexts.at("survey-responses", KEY, VALUE),
        record("survey-responses"), error);

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  @Test
  void shouldStopOnAnUndecodableRecordOfTheAppsOwnRepartitionTopic() {
    InputOnlyDeserializationExceptionHandler handler = configured();
    String repartition = "feedback360-team-scores-team-changes-repartition";

    Response response = handler.handleError(ErrorContexts.at(repartition, KEY, VALUE), record(repartition),
        new SerializationException("written by another version of the streams app"));

    assertThat(response.result()).as("skipping it would leave team totals inexact").isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).singleElement()
        .satisfies(dead -> assertThat(dead.topic()).isEqualTo("survey-responses-dlq"));
  }

  @Test
  void shouldRefuseToRunWithoutAnApplicationId() {
    assertThatThrownBy(() -> new InputOnlyDeserializationExceptionHandler().configure(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  private static InputOnlyDeserializationExceptionHandler configured() {
    InputOnlyDeserializationExceptionHandler handler = new InputOnlyDeserializationExceptionHandler();
    handler.configure(CONFIGS);
    return handler;
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic) {
    return new ConsumerRecord<>(topic, 1, 42L, KEY, VALUE);
  }
}
