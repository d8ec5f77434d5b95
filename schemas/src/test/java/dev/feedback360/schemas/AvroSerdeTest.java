package dev.feedback360.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.avro.internal.RaterTally;
import dev.feedback360.avro.internal.ResponseChange;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.avro.internal.TeamAggregateState;
import dev.feedback360.avro.internal.TeamRaterKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  /** The response serde, which reads bodies of the current schema with its own reader. */
  private static final AvroSerde<SurveyResponse> RESPONSES = AvroSerdes.surveyResponse();
  /** A response serde that reads every body with Avro's reader: what the serde's own reader is checked against. */
  private static final AvroSerde<SurveyResponse> AVRO_READ = new AvroSerde<>(SurveyResponse.class,
      SurveyResponse.getClassSchema(), SchemaCatalog.get());

  private static final SurveyResponse RESPONSE = SurveyResponse.newBuilder()
      .setResponseId("r-1")
      .setCycleId("2026-H2")
      .setTeamId("T1")
      .setSubjectId("S1")
      .setRaterId("ab12")
      .setRaterGroup(RaterGroup.DIRECT_REPORT)
      .setSubmittedAt(Instant.parse("2026-10-01T09:00:00.123Z"))
      .setInstrumentId("leadership-vs-management")
      .setInstrumentVersion(1)
      .setAnswers(List.of(new Answer("CHANGE_L1", Axis.CHANGE, Pole.LEADER, 4),
          new Answer("HORIZON_M2", Axis.HORIZON, Pole.MANAGER, null)))
      .build();

  @Test
  void shouldRoundTripAResponse() {
    AvroSerde<SurveyResponse> serde = AvroSerdes.surveyResponse();

    assertThat(serde.decode(serde.encode(RESPONSE))).isEqualTo(RESPONSE);
  }

  @Test
  void shouldWriteTheSingleObjectHeaderWithTheSchemaFingerprint() {
    byte[] bytes = AvroSerdes.surveyResponse().encode(RESPONSE);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(SchemaCatalog.fingerprint(SurveyResponse.getClassSchema()));
  }

  /**
   * Every record type the app writes, as random values of its schema: what the serde writes (Avro's generated
   * straight-line encoders where a type has them, docs/benchmarks.md) is byte for byte the generic writer's walk of
   * the schema after the single-object header (which the serde reads first, as a record of the type's class).
   */
  @Test
  void shouldEncodeEveryTypeExactlyAsTheGenericWriterWalksItsSchema() throws IOException {
    List<Schema> schemas = List.of(ResponseKey.getClassSchema(), SurveyResponse.getClassSchema(),
        Nomination.getClassSchema(), TeamKey.getClassSchema(), TeamScores.getClassSchema(),
        ResponseChange.getClassSchema(), ResponseState.getClassSchema(), TeamAggregateState.getClassSchema(),
        TeamRaterKey.getClassSchema(), RaterTally.getClassSchema());
    MultiTypeAvroSerde keys = AvroSerdes.teamStoreKey();
    MultiTypeAvroSerde values = AvroSerdes.teamStoreValue();
    List<Serde<? extends SpecificRecord>> serdes = List.of(AvroSerdes.responseKey(), AvroSerdes.surveyResponse(),
        AvroSerdes.nomination(), AvroSerdes.teamKey(), AvroSerdes.teamScores(), AvroSerdes.responseChange(),
        AvroSerdes.responseState(), AvroSerdes.teamAggregateState(), keys, values);
    for (int type = 0; type < schemas.size(); type++) {
      Schema schema = schemas.get(type);
      @SuppressWarnings("unchecked")
      Serde<SpecificRecord> serde = (Serde<SpecificRecord>) serdes.get(type);
      for (Object random : new RandomData(GenericData.get(), schema, 300, 16L + type)) {
        byte[] generic = singleObject(schema, random);

        SpecificRecord record = serde.deserializer().deserialize("t", generic);

        assertThat(record.getSchema()).isEqualTo(schema);
        assertThat(serde.serializer().serialize("t", record)).as("%s %s", schema.getName(), random)
            .isEqualTo(generic);
      }
    }
  }

  /**
   * The serde reads responses written with the current schema through its own reader: on random values of the
   * schema, written in one array block or in many (as a blocking encoder writes them), it gives what Avro's reader
   * gives, and repeated strings come back equal when they are shared between responses.
   */
  @Test
  void shouldReadCurrentResponsesExactlyAsAvrosReader() throws IOException {
    Schema schema = SurveyResponse.getClassSchema();
    int blocked = 0;
    for (Object random : new RandomData(GenericData.get(), schema, 2_000, 360L)) {
      byte[] plain = singleObject(schema, random);
      byte[] inBlocks = singleObject(schema, random, true);
      blocked += Arrays.equals(plain, inBlocks) ? 0 : 1;
      for (byte[] bytes : List.of(plain, inBlocks)) {
        SurveyResponse expected = AVRO_READ.decode(bytes);

        SurveyResponse read = RESPONSES.decode(bytes);

        assertThat(read).as("%s", random).isEqualTo(expected);
        assertThat(RESPONSES.decode(bytes)).isEqualTo(expected);
        assertThat(RESPONSES.encode(read)).isEqualTo(AVRO_READ.encode(expected));
      }
    }
    assertThat(blocked).as("responses whose answers were written in blocks with byte counts").isGreaterThan(100);
  }

  /**
   * What Avro's reader refuses, the serde's own reader refuses: every truncation of random responses, and every
   * byte of their bodies replaced by values that make lengths, counts, enum and union indexes negative, zero or out
   * of range. Where Avro's reader accepts the changed bytes, both read the same record.
   */
  @Test
  void shouldRefuseWhatAvrosReaderRefuses() throws IOException {
    Schema schema = SurveyResponse.getClassSchema();
    int refused = 0;
    for (Object random : new RandomData(GenericData.get(), schema, 40, 361L)) {
      byte[] bytes = singleObject(schema, random);
      List<byte[]> changed = new ArrayList<>();
      for (int length = 10; length < bytes.length; length++) {
        changed.add(Arrays.copyOf(bytes, length));
      }
      for (int at = 10; at < bytes.length; at++) {
        for (byte value : new byte[] {0x00, 0x01, 0x02, 0x09, 0x0b, 0x7e, 0x7f}) {
          byte[] copy = bytes.clone();
          copy[at] = value;
          changed.add(copy);
        }
      }
      for (byte[] candidate : changed) {
        SurveyResponse expected;
        try {
          expected = AVRO_READ.decode(candidate);
        } catch (SerializationException refusedByAvro) {
          refused++;
          assertThatThrownBy(() -> RESPONSES.decode(candidate)).as("%s", Arrays.toString(candidate))
              .isInstanceOf(SerializationException.class)
              .hasMessageContaining("body is truncated or corrupt");
          continue;
        }
        assertThat(RESPONSES.decode(candidate)).as("%s", Arrays.toString(candidate)).isEqualTo(expected);
      }
    }
    assertThat(refused).isGreaterThan(1_000);
  }

  /** The single-object encoding of a generic datum, written by Avro's generic writer. */
  private static byte[] singleObject(Schema schema, Object datum) throws IOException {
    return singleObject(schema, datum, false);
  }

  /**
   * As {@link #singleObject(Schema, Object)}; {@code inBlocks}: arrays written in blocks of at most 64 bytes, with
   * negative counts and byte sizes, as a blocking encoder writes them.
   */
  private static byte[] singleObject(Schema schema, Object datum, boolean inBlocks) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
        .putLong(SchemaCatalog.fingerprint(schema)).array());
    BinaryEncoder encoder = inBlocks
        ? new EncoderFactory().configureBlockSize(64).blockingBinaryEncoder(out, null)
        : EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<Object>(schema, GenericData.get()).write(datum, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** Scans ask for a serde per record; building one costs far more than a decode, so each type's is shared. */
  @Test
  void shouldShareOneSerdePerType() {
    assertThat(AvroSerdes.surveyResponse()).isSameAs(AvroSerdes.surveyResponse());
    assertThat(AvroSerdes.responseKey()).isSameAs(AvroSerdes.responseKey());
    assertThat(AvroSerdes.teamKey()).isSameAs(AvroSerdes.teamKey());
    assertThat(AvroSerdes.teamScores()).isSameAs(AvroSerdes.teamScores());
    assertThat(AvroSerdes.teamStoreKey()).isSameAs(AvroSerdes.teamStoreKey());
  }

  @Test
  void shouldMapNullToATombstoneBothWays() {
    assertThat(AvroSerdes.responseKey().encode(null)).isNull();
    assertThat(AvroSerdes.responseKey().decode(null)).isNull();
  }

  @Test
  void shouldRoundTripKeysThroughTheKafkaSerdeInterface() {
    ResponseKey key = new ResponseKey("2026-H2", "S1", "ab12");
    var serde = AvroSerdes.responseKey();

    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", key))).isEqualTo(key);
  }

  @Test
  void shouldRejectBytesThatAreNotSingleObjectEncoded() {
    assertThatThrownBy(() -> AvroSerdes.surveyResponse().decode("hello world".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("single-object encoding");
  }

  @Test
  void shouldRejectAnUnknownWriterFingerprintNamingTheCause() {
    byte[] bytes = AvroSerdes.surveyResponse().encode(RESPONSE);
    bytes[5] ^= 0x55;

    assertThatThrownBy(() -> AvroSerdes.surveyResponse().decode(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not a released version")
        .hasMessageContaining("upgrade the reader");
  }

  @Test
  void shouldNameTheRecordTypeWhenTheFingerprintIsAReleasedVersionOfAnotherRecord() {
    // A response key read as a team key: what export does with the responses topic without --raw.
    byte[] bytes = AvroSerdes.responseKey().encode(new ResponseKey("2026-H2", "S1", "ab12"));

    assertThatThrownBy(() -> AvroSerdes.teamKey().decode(bytes))
        .isInstanceOfSatisfying(AvroSerde.WrongRecordTypeException.class,
            e -> assertThat(e.actual()).isEqualTo(new SchemaCatalog.ReleasedVersion("ResponseKey", 1)))
        .hasMessageContaining("Cannot decode TeamKey: the record is a ResponseKey v1 (writer schema fingerprint ")
        .hasMessageContaining("not a TeamKey; wrong topic?")
        .hasMessageNotContaining("upgrade the reader");
  }

  @Test
  void shouldTellToResetWhenInternalStateWasWrittenByAnotherVersion() {
    byte[] bytes = AvroSerdes.teamAggregateState().encode(
        TeamAggregateState.newBuilder().setResponses(1).setGroupRaters(ByteBuffer.allocate(0))
            .setCells(ByteBuffer.allocate(0)).setCellRaters(ByteBuffer.allocate(0)).build());
    bytes[5] ^= 0x55;

    assertThatThrownBy(() -> AvroSerdes.teamAggregateState().decode(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("another version of the streams app")
        .hasMessageContaining("./feedback360 reset");
  }

  @Test
  void shouldRejectATruncatedBody() {
    byte[] bytes = AvroSerdes.surveyResponse().encode(RESPONSE);

    assertThatThrownBy(() -> AvroSerdes.surveyResponse().decode(Arrays.copyOf(bytes, bytes.length - 12)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot decode SurveyResponse")
        .hasMessageContaining("body is truncated or corrupt");
  }

  @Test
  void shouldReadInternalStateWrittenBeforeMovesWereKeptAsNeverMoved() throws IOException {
    Schema before = SchemaCatalog.get().previousInternalVersions(ResponseState.getClassSchema().getFullName()).get(2);
    GenericData.Record summary = new GenericData.Record(before.getField("summary").schema().getTypes().get(1));
    summary.put("teamId", "T1");
    summary.put("raterGroup", new GenericData.EnumSymbol(
        before.getField("summary").schema().getTypes().get(1).getField("raterGroup").schema(), "PEER"));
    summary.put("submittedAt", 2_000L);
    summary.put("digest", 42L);
    summary.put("cells", List.of(1L, 4L, 16L));
    GenericData.Record old = new GenericData.Record(before);
    old.put("counted", null);
    old.put("erasedThrough", null);
    old.put("nomination", null);
    old.put("held", true);
    old.put("rostered", true);
    old.put("summary", summary);

    ResponseState read = AvroSerdes.responseState().decode(singleObject(before, old));

    assertThat(read.getSummary().getTeamId()).isEqualTo("T1");
    assertThat(read.getSummary().getCells()).containsExactly(1L, 4L, 16L);
    assertThat(read.getHeld()).isTrue();
    assertThat(read.getMovedFrom()).as("a response of earlier state never moved").isNull();
    assertThat(before.getField("movedFrom")).isNull();
    assertThat(SchemaCatalog.fingerprint(before))
        .isNotEqualTo(SchemaCatalog.fingerprint(ResponseState.getClassSchema()));
  }

  @Test
  void shouldReadInternalStateWrittenWithTheWholeCountedResponse() throws IOException {
    Schema before = SchemaCatalog.get().previousInternalVersions(ResponseState.getClassSchema().getFullName()).get(1);
    GenericData.Record old = new GenericData.Record(before);
    old.put("counted", RESPONSE);
    old.put("erasedThrough", 1_000L);
    old.put("nomination", null);
    old.put("held", true);
    old.put("rostered", true);

    ResponseState read = AvroSerdes.responseState().decode(singleObject(before, old));

    assertThat(read.getCounted()).isEqualTo(RESPONSE);
    assertThat(read.getSummary()).as("worked out from counted by the rules, not stored").isNull();
    assertThat(read.getErasedThrough()).isEqualTo(Instant.ofEpochMilli(1_000));
    assertThat(read.getHeld()).isTrue();
    assertThat(read.getRostered()).isTrue();
    assertThat(before.getField("summary")).isNull();
    assertThat(SchemaCatalog.fingerprint(before))
        .isNotEqualTo(SchemaCatalog.fingerprint(ResponseState.getClassSchema()));
  }

  @Test
  void shouldReadInternalStateWrittenBeforeTheRosterFields() throws IOException {
    Schema before = SchemaCatalog.get().previousInternalVersions(ResponseState.getClassSchema().getFullName()).get(0);
    GenericData.Record old = new GenericData.Record(before);
    old.put("counted", RESPONSE);
    old.put("erasedThrough", 1_000L);

    ResponseState read = AvroSerdes.responseState().decode(singleObject(before, old));

    assertThat(read.getCounted()).isEqualTo(RESPONSE);
    assertThat(read.getErasedThrough()).isEqualTo(Instant.ofEpochMilli(1_000));
    assertThat(read.getNomination()).isNull();
    assertThat(read.getHeld()).isFalse();
    assertThat(read.getRostered()).isFalse();
    assertThat(SchemaCatalog.fingerprint(before))
        .isNotEqualTo(SchemaCatalog.fingerprint(ResponseState.getClassSchema()));
  }

  @Test
  void shouldReadEveryEarlierLayoutOfTheTeamStoreThroughItsSerde() throws IOException {
    // Upgrade review 67: the team store's serde knew only the current layouts, so an app upgraded from a version
    // that wrote an earlier TeamAggregateState stopped at the team's first change, at every start.
    List<Schema> teams =
        SchemaCatalog.get().previousInternalVersions(TeamAggregateState.getClassSchema().getFullName());
    List<Schema> tallies = SchemaCatalog.get().previousInternalVersions(RaterTally.getClassSchema().getFullName());
    assertThat(teams).hasSize(4);
    assertThat(tallies).hasSize(1);
    for (Schema before : teams) {
      SpecificRecord read = AvroSerdes.teamStoreValue().decode(singleObject(before, filled(before)));

      assertThat(read).as("TeamAggregateState as of %s", before.getFields().size())
          .isInstanceOf(TeamAggregateState.class);
      TeamAggregateState state = (TeamAggregateState) read;
      assertThat(state.getResponses()).isEqualTo(5);
      assertThat(state.getCells()).isEqualTo(ByteBuffer.wrap(new byte[] {2, 4}));
      assertThat(state.getPending()).isEqualTo(ByteBuffer.wrap(new byte[] {2, 4}));
      assertThat(state.getPublishedAt()).isNull();
      assertThat(state.getSelfPolesAlone()).as("a field the earliest layouts lack, at its default")
          .isEqualTo(before.getField("selfPolesAlone") == null ? 0 : 5);
      assertThat(state.getSquaresFromSums()).as("a field every earlier layout lacks, at its default").isFalse();
    }
    SpecificRecord tally = AvroSerdes.teamStoreValue().decode(singleObject(tallies.get(0), filled(tallies.get(0))));

    assertThat(tally).isInstanceOf(RaterTally.class);
    assertThat(((RaterTally) tally).getCounts()).isEqualTo(ByteBuffer.wrap(new byte[] {2, 4}));
    assertThat(((RaterTally) tally).getRoster().remaining()).isZero();
  }

  @Test
  void shouldSayToResetWhenTheTeamStoreHoldsALayoutThisBuildDoesNotKnow() {
    byte[] unknown = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
        .putLong(0x1234_5678_9abc_def0L).array();

    assertThatThrownBy(() -> AvroSerdes.teamStoreValue().decode(unknown))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("123456789abcdef0")
        .hasMessageContaining("[RaterTally, TeamAggregateState]")
        .hasMessageContaining("written by another version of the streams app")
        .hasMessageContaining("./feedback360 reset");
  }

  /** A record of an earlier internal layout with every field set: numbers 5, bytes 02 04, nullable fields null. */
  private static GenericData.Record filled(Schema schema) {
    GenericData.Record record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      Object value = switch (field.schema().getType()) {
        case INT -> 5;
        case LONG -> 5L;
        case BYTES -> ByteBuffer.wrap(new byte[] {2, 4});
        case UNION -> null;
        default -> throw new IllegalArgumentException("No test value for " + field);
      };
      record.put(field.name(), value);
    }
    return record;
  }

  /** A record single-object encoded with an earlier layout's schema, as a store of that time holds it. */
  private static byte[] singleObject(Schema schema, GenericData.Record record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
        .putLong(SchemaCatalog.fingerprint(schema)).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericData.Record>(schema, org.apache.avro.specific.SpecificData.get())
        .write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
