package dev.feedback360.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one Avro record type in Avro single-object encoding: the two marker bytes {@code C3 01}, the
 * 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then the Avro binary body.
 *
 * <p>Writes with the current schema; reads any writer schema known to the {@link SchemaCatalog} (every released
 * version) and resolves it to the current one. A type may read bodies of the current schema with its own
 * {@link BodyReader} (responses do: {@link SurveyResponseReader}). A null payload is a tombstone and maps to a null
 * record both ways.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  /** Bytes of the single-object header: the marker C3 01 and the writer schema's 8-byte fingerprint. */
  public static final int HEADER_LENGTH = 10;
  /** A long read from 8 little-endian bytes of an array, as the header holds the fingerprint: no buffer per read. */
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Class<T> type;
  private final Schema schema;
  private final SpecificData model;
  private final byte[] header;
  private final long fingerprint;
  /** The current schema and every released version (or, internal, every earlier layout kept), by fingerprint. */
  private final Map<Long, Schema> writerSchemas = new HashMap<>();
  /** Internal records (state stores, repartition topic) have no released versions: only this build's schema. */
  private final boolean internal;
  /**
   * Writer, readers and the reusable buffers of one thread. Avro's own message encoder and decoder read and write
   * through streams one byte at a time; encoding into a reused buffer and decoding straight from the array took
   * the serde's share of the app's CPU down (docs/benchmarks.md).
   */
  private final ThreadLocal<Codec<T>> codecs;

  AvroSerde(Class<T> type, Schema current, SchemaCatalog catalog) {
    this(type, current, catalog, null);
  }

  /**
   * A serde that reads bodies written with the current schema through its own reader, one per thread, and those of
   * earlier versions through Avro's resolving reader.
   *
   * @param currentReader makes a reader of bodies written with {@code current}; null: Avro's reader for all
   */
  AvroSerde(Class<T> type, Schema current, SchemaCatalog catalog, Supplier<BodyReader<T>> currentReader) {
    this.type = type;
    this.schema = current;
    this.model = SpecificData.getForSchema(current);
    // The straight-line encoders Avro generates for records without logical types (keys, the repartition record,
    // tallies, nested answers): the same bytes as the generic writer's walk of the schema, in less time
    // (docs/benchmarks.md, ninth round). The model is the generated class's own.
    this.model.setCustomCoders(true);
    this.fingerprint = SchemaCatalog.fingerprint(current);
    this.header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3).put((byte) 0x01).putLong(fingerprint).array();
    catalog.releasedVersions(current.getFullName())
        .forEach(released -> writerSchemas.put(SchemaCatalog.fingerprint(released), released));
    catalog.previousInternalVersions(current.getFullName())
        .forEach(previous -> writerSchemas.put(SchemaCatalog.fingerprint(previous), previous));
    writerSchemas.put(fingerprint, current);
    this.internal = catalog.releasedVersions(current.getFullName()).isEmpty();
    this.codecs = ThreadLocal.withInitial(() -> new Codec<>(new SpecificDatumWriter<>(current, model),
        currentReader == null ? null : currentReader.get()));
  }

  /** The record class. */
  Class<T> type() {
    return type;
  }

  /** The fingerprints of every writer schema this serde reads: the current one and the earlier versions it resolves. */
  Set<Long> writerFingerprints() {
    return Set.copyOf(writerSchemas.keySet());
  }

  /** Encodes a record; null stays null (a tombstone). */
  public byte[] encode(T record) {
    if (record == null) {
      return null;
    }
    Codec<T> codec = codecs.get();
    codec.out.reset();
    try {
      codec.out.write(header);
      codec.encoder = EncoderFactory.get().binaryEncoder(codec.out, codec.encoder);
      codec.writer.write(record, codec.encoder);
      codec.encoder.flush();
      return codec.out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot encode " + type.getSimpleName() + " as Avro: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes single-object encoded bytes; null stays null (a tombstone).
   *
   * @throws SerializationException naming the cause: not single-object encoded, unknown writer fingerprint,
   *     truncated or otherwise malformed body; a {@link WrongRecordTypeException} when the fingerprint is a released
   *     version of another public record
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (!hasSingleObjectHeader(bytes)) {
      throw new SerializationException("Cannot decode " + type.getSimpleName() + " from " + bytes.length
          + " bytes: expected Avro single-object encoding (header C3 01 + fingerprint)");
    }
    long writer = writerFingerprint(bytes);
    // The current schema, nearly every record, without boxing the fingerprint to look it up.
    Schema writerSchema = writer == fingerprint ? schema : writerSchemas.get(writer);
    if (writerSchema == null) {
      Optional<SchemaCatalog.ReleasedVersion> released = SchemaCatalog.get().releasedVersion(writer);
      if (released.isPresent()) {
        SchemaCatalog.ReleasedVersion other = released.get();
        throw new WrongRecordTypeException("Cannot decode " + type.getSimpleName() + ": the record is a "
            + other + " (writer schema fingerprint " + Long.toHexString(writer) + "), not a "
            + type.getSimpleName() + "; wrong topic?", other);
      }
      throw new SerializationException("Cannot decode " + type.getSimpleName() + ": the writer schema fingerprint "
          + Long.toHexString(writer) + " is not a released version of any record known to this build; " + (internal
              ? "this internal state or repartition record was written by another version of the streams app: reset "
                  + "the application (./feedback360 reset) and let it rebuild from the responses topic"
              : "upgrade the reader"));
    }
    Codec<T> codec = codecs.get();
    try {
      codec.decoder = DecoderFactory.get()
          .binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, codec.decoder);
      if (writer == fingerprint && codec.currentReader != null) {
        return codec.currentReader.read(codec.decoder);
      }
      SpecificDatumReader<T> reader = codec.readers.computeIfAbsent(writer,
          f -> new SpecificDatumReader<>(writerSchema, schema, model));
      return reader.read(null, codec.decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot decode " + type.getSimpleName() + " from " + bytes.length
          + " bytes: " + describe(e) + "; the header is valid, so the body is truncated or corrupt", e);
    }
  }

  /**
   * A single-object encoded record of another public type than the one asked for (a released version of it): read
   * from the wrong topic, or with the wrong serde.
   */
  public static final class WrongRecordTypeException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private final transient SchemaCatalog.ReleasedVersion actual;

    WrongRecordTypeException(String message, SchemaCatalog.ReleasedVersion actual) {
      super(message);
      this.actual = actual;
    }

    /** What the record is. */
    public SchemaCatalog.ReleasedVersion actual() {
      return actual;
    }
  }

  /** Whether the bytes start with the single-object marker and have room for a fingerprint. */
  static boolean hasSingleObjectHeader(byte[] bytes) {
    return bytes.length >= HEADER_LENGTH && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
  }

  /** The writer schema fingerprint in a single-object header (check {@link #hasSingleObjectHeader} first). */
  public static long writerFingerprint(byte[] bytes) {
    return (long) LITTLE_ENDIAN_LONG.get(bytes, 2);
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }

  /** Per-thread encoding and decoding state: Avro's writers, readers, encoders and decoders are not shared. */
  private static final class Codec<T> {
    final SpecificDatumWriter<T> writer;
    final BodyReader<T> currentReader;
    final Map<Long, SpecificDatumReader<T>> readers = new HashMap<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    BinaryEncoder encoder;
    BinaryDecoder decoder;

    Codec(SpecificDatumWriter<T> writer, BodyReader<T> currentReader) {
      this.writer = writer;
      this.currentReader = currentReader;
    }
  }

  /**
   * Reads the Avro body of a record written with the current schema (the single-object header already read). It
   * must read what Avro's reader reads and refuse what it refuses.
   */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(BinaryDecoder in) throws IOException;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, record) -> encode(record);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> decode(bytes);
  }
}
