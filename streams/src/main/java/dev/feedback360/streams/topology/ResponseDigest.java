package dev.feedback360.streams.topology;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;

/**
 * 64 bits of a response's canonical encoding, its encoding under the current {@code SurveyResponse} schema: with the
 * submission time, what tells an exact duplicate (which changes nothing) from a correction submitted at the same
 * instant (which replaces), without keeping the response itself ({@link LatestResponseRule}). The live topology,
 * the fast replay and the naive baseline digest alike.
 *
 * <p>Avro's binary encoding of a record under one schema is unique, so bytes written with the current schema are
 * hashed as read; bytes of an older schema are decoded and re-encoded first. The hash is not cryptographic: two
 * different responses of one key with the same submission time and the same 64 bits would be taken for duplicates.
 */
public final class ResponseDigest {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final AvroSerde<SurveyResponse> SERDE = AvroSerdes.surveyResponse();
  private static final long CURRENT_FINGERPRINT = writerFingerprint(SERDE.encode(SurveyResponse.newBuilder()
      .setResponseId("").setCycleId("").setTeamId("").setSubjectId("").setRaterId("").setRaterGroup(RaterGroup.OTHER)
      .setSubmittedAt(Instant.EPOCH).setInstrumentId("").setInstrumentVersion(0).setAnswers(List.of()).build()));

  private ResponseDigest() {}

  /** The digest of a response's single-object encoded bytes, as read from a topic (any released schema). */
  public static long of(byte[] bytes) {
    return hash(writerFingerprint(bytes) == CURRENT_FINGERPRINT ? bytes : SERDE.encode(SERDE.decode(bytes)));
  }

  /** The digest of a decoded response (its current encoding). */
  public static long of(SurveyResponse response) {
    return hash(SERDE.encode(response));
  }

  /** The writer schema fingerprint of single-object encoded bytes. */
  static long writerFingerprint(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 2, 8).getLong();
  }

  private static long hash(byte[] canonical) {
    // Eight bytes at a time (multiply, rotate, multiply), the tail a byte at a time, then a finalizer (as FNV-1a
    // before it, a fifth of the time on a 420-byte response).
    long hash = 0x9e3779b97f4a7c15L ^ canonical.length;
    int at = 0;
    for (; at + Long.BYTES <= canonical.length; at += Long.BYTES) {
      hash = Long.rotateLeft(hash ^ (long) LONGS.get(canonical, at) * 0xc2b2ae3d27d4eb4fL, 31) * 0x9e3779b97f4a7c15L;
    }
    for (; at < canonical.length; at++) {
      hash = (hash ^ (canonical[at] & 0xff)) * 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    return hash ^ (hash >>> 33);
  }
}
