package dev.feedback360.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
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
 * version) and resolves it to the current one. A null payload is a tombstone and maps to a null record both ways.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  /** Marker (2 bytes) and fingerprint (8 bytes). */
  private static final int HEADER_LENGTH = 10;

  private final Class<T> type;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  AvroSerde(Class<T> type, Schema current, SchemaCatalog catalog) {
    this.type = type;
    this.schema = current;
    SpecificData model = SpecificData.getForSchema(current);
    this.encoder = new BinaryMessageEncoder<>(model, current);
    this.decoder = new BinaryMessageDecoder<>(model, current, catalog.storeFor(current.getFullName()));
  }

  /** The record class. */
  Class<T> type() {
    return type;
  }

  /** The schema records are written with. */
  Schema schema() {
    return schema;
  }

  /** Encodes a record; null stays null (a tombstone). */
  public byte[] encode(T record) {
    if (record == null) {
      return null;
    }
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot encode " + type.getSimpleName() + " as Avro: " + e.getMessage(), e);
    }
  }

  /**
   * Decodes single-object encoded bytes; null stays null (a tombstone).
   *
   * @throws SerializationException naming the cause: not single-object encoded, unknown writer fingerprint,
   *     truncated or otherwise malformed body
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new SerializationException(
          "Cannot decode " + type.getSimpleName() + ": the writer schema fingerprint is not a released version "
              + "known to this build (" + e.getMessage() + "); upgrade the reader", e);
    } catch (IOException | RuntimeException e) {
      String expected = hasSingleObjectHeader(bytes)
          ? "the header is valid, so the body is truncated or corrupt"
          : "expected Avro single-object encoding (header C3 01 + fingerprint)";
      throw new SerializationException(
          "Cannot decode " + type.getSimpleName() + " from " + bytes.length + " bytes: " + describe(e) + "; "
              + expected, e);
    }
  }

  private static boolean hasSingleObjectHeader(byte[] bytes) {
    return bytes.length >= HEADER_LENGTH && bytes[0] == (byte) 0xC3 && bytes[1] == (byte) 0x01;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
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
