package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ScoresFold}'s two ways of applying team changes, on what the property test against the topology does not
 * reach: a team change that throws (on the pipelined fold's team thread), and records after the end.
 */
class ScoresFoldTest {

  private static final InputPartitioning ONE_PARTITION = new InputPartitioning("survey-responses", 1);
  private static final String RATER = "ab".repeat(32);

  @Test
  void shouldTakeKeyBytesAsTheirEncodingOnlyWhenTheyAreExactlyIt() {
    List<String> pieces = List.of("", "a", "2026-H2", "emp-17", RATER, "x".repeat(63), "y".repeat(64), "z".repeat(300),
        "\u00e9", "caf\u00e9", "\u20ac1");
    Random random = new Random(360);
    for (int i = 0; i < 2_000; i++) {
      ResponseKey key = new ResponseKey(pick(pieces, random), pick(pieces, random), pick(pieces, random));
      byte[] encoded = AvroSerdes.responseKey().encode(key);
      boolean ascii = (key.getCycleId() + key.getSubjectId() + key.getRaterId()).chars().allMatch(c -> c < 0x80);
      assertThat(ScoresFold.isCurrentEncoding(encoded, key)).as("%s", key).isEqualTo(ascii);
      for (byte[] other : variants(encoded, random)) {
        assertThat(ScoresFold.isCurrentEncoding(other, key)).as("%s as %s", key, Arrays.toString(other)).isFalse();
      }
    }
  }

  /** Other bytes than the encoding: a byte changed, dropped or added, a length written with a redundant byte. */
  private static List<byte[]> variants(byte[] encoded, Random random) {
    List<byte[]> variants = new ArrayList<>();
    int at = AvroSerde.HEADER_LENGTH + random.nextInt(encoded.length - AvroSerde.HEADER_LENGTH);
    byte[] changed = encoded.clone();
    changed[at] = (byte) (changed[at] + 1 + random.nextInt(255));
    variants.add(changed);
    byte[] dropped = new byte[encoded.length - 1];
    System.arraycopy(encoded, 0, dropped, 0, at);
    System.arraycopy(encoded, at + 1, dropped, at, encoded.length - at - 1);
    variants.add(dropped);
    byte[] added = Arrays.copyOf(encoded, encoded.length + 1);
    System.arraycopy(encoded, at, added, at + 1, encoded.length - at);
    added[at] = (byte) random.nextInt(256);
    variants.add(added);
    // The first id's length is its first byte when under 64 characters: 0x80 | it, then 0x00, is the same number.
    if ((encoded[AvroSerde.HEADER_LENGTH] & 0x80) == 0) {
      byte[] padded = Arrays.copyOf(encoded, encoded.length + 1);
      padded[AvroSerde.HEADER_LENGTH] = (byte) (encoded[AvroSerde.HEADER_LENGTH] | 0x80);
      padded[AvroSerde.HEADER_LENGTH + 1] = 0;
      System.arraycopy(encoded, AvroSerde.HEADER_LENGTH + 1, padded, AvroSerde.HEADER_LENGTH + 2,
          encoded.length - AvroSerde.HEADER_LENGTH - 1);
      variants.add(padded);
    }
    return variants;
  }

  private static String pick(List<String> pieces, Random random) {
    return pieces.get(random.nextInt(pieces.size()));
  }

  @ParameterizedTest(name = "pipelined: {0}")
  @ValueSource(booleans = {false, true})
  void shouldStopWithTheTeamChangesExceptionAndApplyNothingAfterIt(boolean pipelined) {
    // One rater counted for 256 subjects of one team: more than the fold's one-byte tally holds.
    List<Record> records = new ArrayList<>();
    for (int subject = 0; subject < 300; subject++) {
      records.add(response("s" + subject, "t1", subject));
    }
    try (ScoresFold fold = fold(pipelined)) {
      assertThatThrownBy(() -> {
        for (Record record : records) {
          fold.apply(0, record.key(), record.value(), record.time());
        }
        fold.finish();
      }).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("counted responses in one team, more than the fast replay holds")
          .hasMessageContaining("replay with --mode topology");
      if (pipelined) {
        assertThatThrownBy(fold::finish).as("the failure stays").isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("replay with --mode topology");
      }
    }
  }

  @ParameterizedTest(name = "pipelined: {0}")
  @ValueSource(booleans = {false, true})
  void shouldEndWithEveryChangeAppliedAndRefuseRecordsAfterTheEndWhenPipelined(boolean pipelined) {
    try (ScoresFold fold = fold(pipelined)) {
      for (int subject = 0; subject < 40; subject++) {
        Record record = response("s" + subject, "t" + subject % 3, subject);
        assertThat(fold.apply(0, record.key(), record.value(), record.time())).isNull();
      }
      List<TeamScores> scores = new ArrayList<>();
      fold.forEachTeam((team, value) -> scores.add(value));
      // An aggregate no change reached yet would be empty, and its scores null (a tombstone).
      assertThat(scores).as("every team's changes applied").hasSize(3).doesNotContainNull();
      Record late = response("s99", "t1", 99);
      if (pipelined) {
        assertThatThrownBy(() -> fold.apply(0, late.key(), late.value(), late.time()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("finished");
      }
    }
  }

  /** As the topology (EventTimes): a submittedAt before 1970 or more than an hour after the record's timestamp. */
  @Test
  void shouldRefuseAnEventTimeTheTopologyRefusesAndCountTheRecordsAfterIt() {
    Record future = response("s1", "t1", 1);
    long submittedAt = future.time();
    Record before1970 = new Record(future.key(), AvroSerdes.surveyResponse().encode(
        copyWithSubmittedAt(future, Instant.parse("1969-12-31T00:00:00Z"))), submittedAt);
    try (ScoresFold fold = fold(false)) {
      ScoresFold.DeadLetter ahead = fold.apply(0, future.key(), future.value(), submittedAt - 7_200_000L);
      ScoresFold.DeadLetter old = fold.apply(0, before1970.key(), before1970.value(), before1970.time());
      Record next = response("s2", "t1", 2);

      assertThat(ahead).isNotNull();
      assertThat(ahead.reason()).hasMessageContaining("more than 60 minutes after the record's timestamp");
      assertThat(old).isNotNull();
      assertThat(old.reason()).hasMessageContaining("is before 1970-01-01T00:00:00Z");
      assertThat(fold.apply(0, next.key(), next.value(), next.time() - 3_600_000L)).as("an hour ahead counts").isNull();
      assertThat(fold.keys()).isEqualTo(1);
    }
  }

  private static SurveyResponse copyWithSubmittedAt(Record record, Instant at) {
    SurveyResponse value = AvroSerdes.surveyResponse().decode(record.value());
    return SurveyResponse.newBuilder(value).setSubmittedAt(at).build();
  }

  private static ScoresFold fold(boolean pipelined) {
    ScoreCalculator calculator = new ScoreCalculator(ScoringConfig.defaults());
    return pipelined ? ScoresFold.pipelined(calculator, InputScope.ALL, ONE_PARTITION, 1, 2)
        : new ScoresFold(calculator, InputScope.ALL, ONE_PARTITION);
  }

  private record Record(byte[] key, byte[] value, long time) {}

  private static Record response(String subject, String team, int second) {
    Instant at = Instant.parse("2026-10-01T08:00:00Z").plusSeconds(second);
    SurveyResponse value = SurveyResponse.newBuilder().setResponseId("r-" + subject).setCycleId("2026-H2")
        .setTeamId(team).setSubjectId(subject).setRaterId(RATER).setRaterGroup(RaterGroup.SELF).setSubmittedAt(at)
        .setInstrumentId("leadership-vs-management").setInstrumentVersion(1)
        .setAnswers(List.of(new Answer("CHANGE_L1", Axis.CHANGE, Pole.LEADER, 4))).build();
    return new Record(AvroSerdes.responseKey().encode(new ResponseKey("2026-H2", subject, RATER)),
        AvroSerdes.surveyResponse().encode(value), at.toEpochMilli());
  }
}
