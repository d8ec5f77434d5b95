package dev.feedback360.streams.topology;

import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerdes;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A response as the topology reads it from the responses topic: decoded, with the {@link ResponseDigest} of the bytes
 * it was read from, so that the latest-response rule can tell an exact duplicate without keeping the response or
 * encoding it again.
 *
 * @param response the decoded response
 * @param digest its digest
 */
record ReadResponse(SurveyResponse response, long digest) {

  /**
   * The serde of the topology's source: decodes as {@link AvroSerdes#surveyResponse()} does (null for a withdrawal,
   * the same exceptions for bytes it cannot decode) and digests the bytes; serializes the response alone.
   */
  static Serde<ReadResponse> serde() {
    Serializer<SurveyResponse> serializer = AvroSerdes.surveyResponse().serializer();
    Deserializer<SurveyResponse> deserializer = AvroSerdes.surveyResponse().deserializer();
    return Serdes.serdeFrom(new Serializer<>() {
      @Override
      public byte[] serialize(String topic, ReadResponse read) {
        return serializer.serialize(topic, read == null ? null : read.response());
      }
    }, new Deserializer<>() {
      @Override
      public ReadResponse deserialize(String topic, byte[] bytes) {
        return deserialize(topic, null, bytes);
      }

      @Override
      public ReadResponse deserialize(String topic, Headers headers, byte[] bytes) {
        SurveyResponse response = deserializer.deserialize(topic, headers, bytes);
        return response == null ? null : new ReadResponse(response, ResponseDigest.of(bytes));
      }
    });
  }
}
