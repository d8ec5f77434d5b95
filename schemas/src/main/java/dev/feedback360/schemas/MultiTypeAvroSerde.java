package dev.feedback360.schemas;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for a fixed set of record types sharing one store or topic: each record is written in single-object
 * encoding with its own schema, and read back by the writer fingerprint in its header, so the types never collide.
 * A record written with an earlier layout of one of the types (a released version, or an internal layout kept in
 * {@code internal-previous/}) is read as that type's serde reads it, resolved to the current layout: a store written
 * by an earlier version of the app carries on after an upgrade (docs/operations.md). A null payload is a tombstone
 * both ways.
 */
public final class MultiTypeAvroSerde implements Serde<SpecificRecord> {

  private final Map<Class<?>, AvroSerde<? extends SpecificRecord>> byClass = new HashMap<>();
  private final Map<Long, AvroSerde<? extends SpecificRecord>> byFingerprint = new HashMap<>();

  MultiTypeAvroSerde(List<AvroSerde<? extends SpecificRecord>> serdes) {
    for (AvroSerde<? extends SpecificRecord> serde : serdes) {
      byClass.put(serde.type(), serde);
      for (long fingerprint : serde.writerFingerprints()) {
        AvroSerde<? extends SpecificRecord> other = byFingerprint.put(fingerprint, serde);
        if (other != null && other != serde) {
          throw new IllegalArgumentException("Writer fingerprint " + Long.toHexString(fingerprint) + " is a layout of "
              + "both " + other.type().getSimpleName() + " and " + serde.type().getSimpleName());
        }
      }
    }
  }

  /** Encodes a record of one of the types; null stays null. */
  @SuppressWarnings("unchecked")
  public byte[] encode(SpecificRecord record) {
    if (record == null) {
      return null;
    }
    AvroSerde<SpecificRecord> serde = (AvroSerde<SpecificRecord>) byClass.get(record.getClass());
    if (serde == null) {
      throw new SerializationException("Cannot encode " + record.getClass().getSimpleName() + ": this serde takes "
          + byClass.keySet().stream().map(Class::getSimpleName).sorted().toList());
    }
    return serde.encode(record);
  }

  /** Decodes bytes written by {@link #encode}; null stays null. */
  public SpecificRecord decode(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (!AvroSerde.hasSingleObjectHeader(bytes)) {
      throw new SerializationException("Cannot decode " + bytes.length + " bytes: expected Avro single-object "
          + "encoding (header C3 01 + fingerprint)");
    }
    long fingerprint = AvroSerde.writerFingerprint(bytes);
    AvroSerde<? extends SpecificRecord> serde = byFingerprint.get(fingerprint);
    if (serde == null) {
      throw new SerializationException("Cannot decode: writer fingerprint " + Long.toHexString(fingerprint)
          + " is no layout of " + byClass.keySet().stream().map(Class::getSimpleName).sorted().toList()
          + " known to this build; this state record was written by another version of the streams app: reset the "
          + "application (./feedback360 reset) and let it rebuild from the responses topic");
    }
    return serde.decode(bytes);
  }

  @Override
  public Serializer<SpecificRecord> serializer() {
    return (topic, record) -> encode(record);
  }

  @Override
  public Deserializer<SpecificRecord> deserializer() {
    return (topic, bytes) -> decode(bytes);
  }
}
