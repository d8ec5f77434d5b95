package dev.feedback360.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.testing.Fixtures;
import dev.feedback360.producer.validate.NominationValidator;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What nominate and its removals send, reject and report, with a mock producer in place of a broker. */
class NominationProducerTest {

  private static final ProducerSettings SETTINGS = new ProducerSettings("localhost:9", Topics.defaults(),
      TopicSettings.defaults(), Duration.ofSeconds(5), Map.of());
  private static final String HEADER = "cycle_id,team_id,subject_id,rater_id,rater_group,nominated_at,email\n";

  @TempDir
  Path dir;

  private final AtomicInteger topicChecks = new AtomicInteger();
  private final MockProducer<byte[], byte[]> mock =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

  @Test
  void shouldSendEachGoodRowRejectTheBadOnesAndLetTheLastRowOfARepeatedKeyWin() throws Exception {
    Path input = Files.writeString(dir.resolve("nominations.csv"), HEADER
        + "2026-H2,T1,S1,P1,PEER,2026-09-01T08:00:00Z,p1@example.org\n"
        + "2026-H2,T1,S1,S1,self,,s1@example.org\n"
        + "2026-H2,T1,S1,P2,boss,,p2@example.org\n"
        + "2026-H2,T2,S1,P1,OTHER,,p1@example.org\n", StandardCharsets.UTF_8);
    Path rejects = dir.resolve("rejects.csv");

    NominationSummary result = nominate(input, rejects);

    assertThat(result.summary()).extracting(ImportSummary::read, ImportSummary::sent, ImportSummary::rejected,
        ImportSummary::failed, ImportSummary::exitCode).containsExactly(4L, 3L, 1L, 0L, 2);
    assertThat(result.nominated()).isEqualTo(3);
    assertThat(result.removed()).isZero();
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.firstDuplicates()).containsExactly(new NominationSummary.Duplicate(5, 2));
    assertThat(Files.readString(rejects)).isEqualTo("line,reason,original\n"
        + "4,\"rater_group is not one of [SELF, MANAGER, PEER, DIRECT_REPORT, OTHER] (in any case)\","
        + "\"2026-H2,T1,S1,P2,boss,,p2@example.org\"\n");
    String p1 = Fixtures.PSEUDONYMISER.pseudonymise("P1");
    String self = Fixtures.PSEUDONYMISER.pseudonymise("S1", "S1");
    // Record timestamps: nominated_at where given, otherwise the clock's time at the start of the run
    assertThat(mock.history()).extracting(ProducerRecord::topic, ProducerRecord::timestamp, NominationProducerTest::key,
        NominationProducerTest::value).containsExactly(
            tuple("survey-nominations", Instant.parse("2026-09-01T08:00:00Z").toEpochMilli(),
                new ResponseKey("2026-H2", "S1", p1), new Nomination("2026-H2", "T1", "S1", p1, RaterGroup.PEER,
                    Instant.parse("2026-09-01T08:00:00Z"))),
            tuple("survey-nominations", Fixtures.NOW.toEpochMilli(),
                new ResponseKey("2026-H2", "S1", self), new Nomination("2026-H2", "T1", "S1", self, RaterGroup.SELF,
                    null)),
            tuple("survey-nominations", Fixtures.NOW.toEpochMilli(),
                new ResponseKey("2026-H2", "S1", p1), new Nomination("2026-H2", "T2", "S1", p1, RaterGroup.OTHER,
                    null)));
    assertThat(mock.history()).allSatisfy(record -> assertThat(record.partition()).isNull());
    assertThat(topicChecks).hasValue(1);
  }

  @Test
  void shouldSendTombstonesForAFileOfRemovalsThatHasTheKeyColumnsOnly() throws Exception {
    Path input = Files.writeString(dir.resolve("removals.jsonl"),
        "{\"cycle_id\":\"2026-H2\",\"subject_id\":\"S2\",\"rater_id\":\"M2\",\"email\":\"m2@example.org\"}\n"
            + "{\"cycle_id\":\"2026-H2\",\"subject_id\":\"S2\"}\n",
        StandardCharsets.UTF_8);

    NominationSummary result;
    try (NominationProducer producer = producer()) {
      result = producer.remove(input, InputFormat.JSON_LINES, dir.resolve("rejects.csv"), ImportListener.NONE);
    }

    assertThat(result.removed()).isEqualTo(1);
    assertThat(result.nominated()).isZero();
    assertThat(result.summary().firstRejections()).containsExactly(new Rejection(2, "rater_id is missing"));
    assertThat(mock.history()).singleElement().satisfies(record -> {
      assertThat(key(record)).isEqualTo(new ResponseKey("2026-H2", "S2", Fixtures.PSEUDONYMISER.pseudonymise("M2")));
      assertThat(record.value()).isNull();
      assertThat(record.timestamp()).isEqualTo(Fixtures.NOW.toEpochMilli());
    });
  }

  @Test
  void shouldSendNothingAndLeaveTheRejectsFileAloneWhenTheFileIsRefused() throws Exception {
    Path input = Files.writeString(dir.resolve("nominations.csv"), "cycle_id,subject_id,rater_id\n2026-H2,S1,P1\n");
    Path rejects = Files.writeString(dir.resolve("rejects.csv"), "earlier");

    NominationSummary result = nominate(input, rejects);

    assertThat(result.summary().exitCode()).isEqualTo(ImportSummary.EXIT_FILE_REFUSED);
    assertThat(result.summary().refusalReason()).hasValueSatisfying(reason -> assertThat(reason)
        .contains("missing column team_id; missing column rater_group"));
    assertThat(mock.history()).isEmpty();
    assertThat(topicChecks).hasValue(0);
    assertThat(Files.readString(rejects)).isEqualTo("earlier");
  }

  private NominationSummary nominate(Path input, Path rejects) throws Exception {
    try (NominationProducer producer = producer()) {
      return producer.nominate(input, InputFormat.CSV, rejects, ImportListener.NONE);
    }
  }

  private NominationProducer producer() {
    return new NominationProducer(SETTINGS, new NominationValidator(Fixtures.PSEUDONYMISER, Fixtures.CLOCK),
        Fixtures.CLOCK, mock, topicChecks::incrementAndGet);
  }

  private static ResponseKey key(ProducerRecord<byte[], byte[]> record) {
    return AvroSerdes.responseKey().decode(record.key());
  }

  private static Nomination value(ProducerRecord<byte[], byte[]> record) {
    return record.value() == null ? null : AvroSerdes.nomination().decode(record.value());
  }
}
