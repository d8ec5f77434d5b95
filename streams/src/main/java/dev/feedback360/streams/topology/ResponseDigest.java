package dev.feedback360.streams.topology;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.SurveyResponse;
import java.util.List;

/**
 * 64 bits of a response, every field of it: with the submission time, what tells an exact duplicate (which changes
 * nothing) from a correction submitted at the same instant (which replaces), without keeping the response itself
 * ({@link LatestResponseRule}). The live topology, the fast replay, the exports and the naive baseline digest alike.
 *
 * <p>It hashes the decoded response, not the bytes it was read from, so two encodings of one response (an earlier
 * schema version, or another client's writer blocking an array differently) digest alike, as the responses compare
 * equal. The hash is not cryptographic: two different responses of one key with the same submission time and the
 * same 64 bits (about one chance in 2^64) would be taken for duplicates. {@code ResponseDigestTest} fails when the
 * response's schema has a field this does not cover.
 */
public final class ResponseDigest {

  private static final long SEED = 0x9e3779b97f4a7c15L;
  private static final long NULL = 0x5bd1e9955bd1e995L;

  private ResponseDigest() {}

  /** The digest of a response. */
  public static long of(SurveyResponse response) {
    long hash = SEED;
    hash = mix(hash, response.getResponseId());
    hash = mix(hash, response.getCycleId());
    hash = mix(hash, response.getTeamId());
    hash = mix(hash, response.getSubjectId());
    hash = mix(hash, response.getRaterId());
    hash = mix(hash, response.getRaterGroup().ordinal());
    hash = mix(hash, response.getSubmittedAt().toEpochMilli());
    hash = mix(hash, response.getInstrumentId());
    hash = mix(hash, response.getInstrumentVersion());
    List<Answer> answers = response.getAnswers();
    hash = mix(hash, answers.size());
    for (int i = 0; i < answers.size(); i++) {
      Answer answer = answers.get(i);
      hash = mix(hash, answer.getItemId());
      hash = mix(hash, answer.getAxis().ordinal() * 2L + answer.getPole().ordinal());
      hash = mix(hash, answer.getScore() == null ? NULL : answer.getScore());
    }
    hash = mix(hash, response.getChannel() == null ? NULL : response.getChannel().ordinal());
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    return hash ^ (hash >>> 33);
  }

  private static long mix(long hash, long value) {
    return Long.rotateLeft(hash ^ value * 0xc2b2ae3d27d4eb4fL, 31) * SEED;
  }

  /** Its length, then its characters four at a time: no two strings of one field mix alike by construction. */
  private static long mix(long hash, String value) {
    int length = value.length();
    hash = mix(hash, length);
    int at = 0;
    for (; at + 4 <= length; at += 4) {
      hash = mix(hash, (long) value.charAt(at) << 48 | (long) value.charAt(at + 1) << 32
          | (long) value.charAt(at + 2) << 16 | value.charAt(at + 3));
    }
    long tail = 0;
    for (; at < length; at++) {
      tail = tail << 16 | value.charAt(at);
    }
    return mix(hash, tail);
  }
}
