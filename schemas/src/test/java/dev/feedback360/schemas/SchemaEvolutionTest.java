package dev.feedback360.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.Channel;
import dev.feedback360.avro.SurveyResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

/** SurveyResponse v2 added the optional {@code channel}: both directions of the change are readable. */
class SchemaEvolutionTest {

  private static final String NAME = "dev.feedback360.avro.SurveyResponse";
  private static final Schema V1 = SchemaCatalog.get().releasedVersions(NAME).get(0);
  private static final Schema V2 = SchemaCatalog.get().releasedVersions(NAME).get(1);

  /** A response written by a v1 producer, as raw single-object bytes. */
  static byte[] writtenWithV1() throws IOException {
    Schema answer = V1.getField("answers").schema().getElementType();
    GenericRecord oneAnswer = new GenericRecordBuilder(answer)
        .set("itemId", "CHANGE_L1")
        .set("axis", new GenericData.EnumSymbol(answer.getField("axis").schema(), "CHANGE"))
        .set("pole", new GenericData.EnumSymbol(answer.getField("pole").schema(), "LEADER"))
        .set("score", 4)
        .build();
    GenericRecord v1 = new GenericRecordBuilder(V1)
        .set("responseId", "r-1").set("cycleId", "2026-H2").set("teamId", "T1").set("subjectId", "S1")
        .set("raterId", "ab12")
        .set("raterGroup", new GenericData.EnumSymbol(V1.getField("raterGroup").schema(), "PEER"))
        .set("submittedAt", 1_790_000_000_000L).set("instrumentId", "leadership-vs-management")
        .set("instrumentVersion", 1).set("answers", List.of(oneAnswer))
        .build();
    ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(v1);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  @Test
  void shouldReleaseVersionTwoAsTheCurrentSchemaWithTheChannelField() {
    assertThat(V1.getField("channel")).isNull();
    assertThat(V2.getField("channel")).isNotNull();
    assertThat(SchemaCatalog.fingerprint(V2)).isEqualTo(SchemaCatalog.fingerprint(SurveyResponse.getClassSchema()));
  }

  @Test
  void shouldReadDataWrittenWithVersionOneInTheCurrentApp() throws IOException {
    SurveyResponse read = AvroSerdes.surveyResponse().decode(writtenWithV1());

    assertThat(read.getResponseId()).isEqualTo("r-1");
    assertThat(read.getAnswers()).singleElement().satisfies(a -> assertThat(a.getScore()).isEqualTo(4));
    assertThat(read.getChannel()).as("defaulted").isNull();
  }

  @Test
  void shouldLetAVersionOneReaderReadDataWrittenWithVersionTwo() throws IOException {
    SurveyResponse current = AvroSerdes.surveyResponse().decode(writtenWithV1());
    current.setChannel(Channel.MOBILE);
    byte[] v2Bytes = AvroSerdes.surveyResponse().encode(current);
    SchemaStore.Cache known = new SchemaStore.Cache();
    known.addSchema(V2);
    BinaryMessageDecoder<GenericRecord> v1Reader = new BinaryMessageDecoder<>(GenericData.get(), V1, known);

    GenericRecord read = v1Reader.decode(v2Bytes);

    assertThat(read.getSchema().getField("channel")).isNull();
    assertThat(read.get("responseId").toString()).isEqualTo("r-1");
    assertThat(read.get("raterGroup").toString()).isEqualTo("PEER");
  }
}
