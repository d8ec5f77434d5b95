package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Channel;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.testkit.Responses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class ResponseDigestTest {

  /** First: loading the serdes trusts the generated classes, which copying a response needs. */
  private static final AvroSerde<SurveyResponse> SERDE = AvroSerdes.surveyResponse();

  private static final SurveyResponse RESPONSE = Responses.copy(Responses.response("2026-H2", "T1", "S1", "R1",
      RaterGroup.PEER, Instant.parse("2026-10-01T09:00:00Z"), "CHANGE_L1=4 CHANGE_M2=2 FOCUS_L1=NA"))
      .setChannel(Channel.WEB).build();

  @Test
  void shouldDigestEqualResponsesAlikeHoweverTheyWereEncoded() throws IOException {
    SurveyResponse decoded = SERDE.decode(SERDE.encode(RESPONSE));
    // The same response with its answers written in blocks of one item each, as another client's writer may.
    SurveyResponse blocked = SERDE.decode(blockedEncoding(RESPONSE));

    assertThat(blocked).isEqualTo(RESPONSE);
    assertThat(ResponseDigest.of(decoded)).isEqualTo(ResponseDigest.of(RESPONSE));
    assertThat(ResponseDigest.of(blocked)).isEqualTo(ResponseDigest.of(RESPONSE));
  }

  /** Fails when a field is added to the schema (or to an answer's) that the digest does not read. */
  @Test
  void shouldChangeWithEveryFieldOfTheResponseAndOfItsAnswers() {
    long digest = ResponseDigest.of(RESPONSE);
    Schema schema = SurveyResponse.getClassSchema();
    for (Schema.Field field : schema.getFields()) {
      if (field.name().equals("answers")) {
        continue;
      }
      SurveyResponse changed = SurveyResponse.newBuilder(RESPONSE).build();
      changed.put(field.pos(), other(field.schema(), RESPONSE.get(field.pos())));

      assertThat(changed).as(field.name()).isNotEqualTo(RESPONSE);
      assertThat(ResponseDigest.of(changed)).as(field.name()).isNotEqualTo(digest);
    }
    for (int item = 0; item < 3; item++) {
      for (Schema.Field field : Answer.getClassSchema().getFields()) {
        SurveyResponse changed = SurveyResponse.newBuilder(RESPONSE).build();
        Answer answer = Answer.newBuilder(changed.getAnswers().get(item)).build();
        answer.put(field.pos(), other(field.schema(), answer.get(field.pos())));
        changed.getAnswers().set(item, answer);

        assertThat(changed).as("answer %d %s", item, field.name()).isNotEqualTo(RESPONSE);
        assertThat(ResponseDigest.of(changed)).as("answer %d %s", item, field.name()).isNotEqualTo(digest);
      }
    }
    SurveyResponse fewer = SurveyResponse.newBuilder(RESPONSE)
        .setAnswers(new ArrayList<>(RESPONSE.getAnswers().subList(0, 11))).build();
    assertThat(ResponseDigest.of(fewer)).as("one answer fewer").isNotEqualTo(digest);
  }

  @Test
  void shouldTellApartManyResponsesThatDifferLittle() {
    Random random = new Random(64);
    Set<SurveyResponse> responses = new HashSet<>();
    Set<Long> digests = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder scores = new StringBuilder();
      for (String item : Responses.ITEMS) {
        int score = random.nextInt(7);
        scores.append(item).append('=').append(score == 0 ? "NA" : score > 5 ? "1" : String.valueOf(score))
            .append(' ');
      }
      SurveyResponse response = Responses.copy(Responses.response("C", "T" + random.nextInt(3), "S",
          "R" + random.nextInt(3), RaterGroup.PEER, Instant.ofEpochMilli(random.nextInt(4)), scores.toString()))
          .setResponseId("r" + random.nextInt(4)).build();
      if (responses.add(response)) {
        digests.add(ResponseDigest.of(response));
      }
    }

    assertThat(digests).hasSameSizeAs(responses);
  }

  /** A value of the field's type other than {@code value}. */
  private static Object other(Schema schema, Object value) {
    return switch (schema.getType()) {
      case STRING -> value + "x";
      case INT -> (Integer) value + 1;
      case LONG -> value instanceof Instant instant ? instant.plusMillis(1) : (Long) value + 1;
      case ENUM -> {
        List<String> symbols = schema.getEnumSymbols();
        yield symbol(schema, symbols.get((symbols.indexOf(value.toString()) + 1) % symbols.size()));
      }
      case UNION -> {
        Schema nonNull = schema.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL).findFirst()
            .orElseThrow();
        if (value == null) {
          yield nonNull.getType() == Schema.Type.ENUM ? symbol(nonNull, nonNull.getEnumSymbols().get(0))
              : other(nonNull, nonNull.getType() == Schema.Type.INT ? 0 : "");
        }
        yield null;
      }
      default -> throw new AssertionError("A field of type " + schema + " that this test cannot change: extend it");
    };
  }

  /** The generated enum's constant named {@code symbol}. */
  private static Object symbol(Schema schema, String symbol) {
    try {
      for (Object constant : Class.forName(schema.getFullName()).getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(symbol)) {
          return constant;
        }
      }
    } catch (ClassNotFoundException e) {
      throw new AssertionError("No generated class for " + schema.getFullName(), e);
    }
    throw new AssertionError("No constant " + symbol + " in " + schema.getFullName());
  }

  /** The response single-object encoded with its answers array in blocks of one item (valid Avro). */
  private static byte[] blockedEncoding(SurveyResponse response) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] header = SERDE.encode(response);
    out.write(header, 0, 10);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    Schema schema = SurveyResponse.getClassSchema();
    SpecificRecord record = response;
    for (Schema.Field field : schema.getFields()) {
      if (field.name().equals("answers")) {
        for (Answer answer : response.getAnswers()) {
          encoder.writeLong(1);
          encoder.writeString(answer.getItemId());
          encoder.writeEnum(answer.getAxis().ordinal());
          encoder.writeEnum(answer.getPole().ordinal());
          if (answer.getScore() == null) {
            encoder.writeIndex(0);
          } else {
            encoder.writeIndex(1);
            encoder.writeInt(answer.getScore());
          }
        }
        encoder.writeLong(0);
        continue;
      }
      Object value = record.get(field.pos());
      writePrimitive(encoder, field.schema(), value);
    }
    encoder.flush();
    return out.toByteArray();
  }

  private static void writePrimitive(BinaryEncoder encoder, Schema schema, Object value) throws IOException {
    switch (schema.getType()) {
      case STRING -> encoder.writeString(value.toString());
      case INT -> encoder.writeInt((Integer) value);
      case LONG -> encoder.writeLong(value instanceof Instant instant ? instant.toEpochMilli() : (Long) value);
      case ENUM -> encoder.writeEnum(((Enum<?>) value).ordinal());
      case UNION -> {
        if (value == null) {
          encoder.writeIndex(schema.getIndexNamed("null"));
        } else {
          Schema nonNull = schema.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL)
              .findFirst().orElseThrow();
          encoder.writeIndex(schema.getTypes().indexOf(nonNull));
          writePrimitive(encoder, nonNull, value);
        }
      }
      default -> throw new AssertionError("Cannot write " + schema);
    }
  }
}
