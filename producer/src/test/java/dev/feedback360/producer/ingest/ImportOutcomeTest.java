package dev.feedback360.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.testing.Fixtures;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and rejects files of imports, with a mock producer in place of a broker. */
class ImportOutcomeTest {

  private static final String ROW = "r%d,2026-H2,team-01,emp-00001,emp-0010%d,PEER,2026-09-30T10:00:00Z,"
      + "4,3,2,5,4,4,3,NA,,2,5,1";
  private static final ProducerSettings SETTINGS = new ProducerSettings("localhost:9", Topics.defaults(),
      TopicSettings.defaults(), Duration.ofSeconds(5), Map.of());

  @TempDir
  Path dir;

  private final AtomicInteger topicChecks = new AtomicInteger();

  @Test
  void shouldExitZeroAndWriteAnEmptyRejectsFileWhenEveryRowIsSent() throws Exception {
    Path input = csv(goodRows(3));
    Path rejects = dir.resolve("rejects.csv");
    Files.writeString(rejects, "stale content of an earlier import");
    MockProducer<byte[], byte[]> mock = autoCompleting();

    ImportSummary summary = importWith(mock, input, rejects);

    assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_OK);
    assertThat(summary).extracting(ImportSummary::read, ImportSummary::sent, ImportSummary::rejected,
        ImportSummary::failed).containsExactly(3L, 3L, 0L, 0L);
    assertThat(mock.history()).hasSize(3);
    assertThat(Files.readString(rejects)).isEqualTo("line,reason,original\n");
    assertThat(topicChecks).hasValue(1);
    assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
  }

  @Test
  void shouldExitTwoAndWriteTheRejectedRowsWhenSomeRowsAreBad() throws Exception {
    Path input = csv(String.format(ROW, 1, 1) + "\n"
        + String.format(ROW, 2, 2).replace("PEER", "boss") + "\n"
        + "=cmd|' /C calc'!A0,2026-H2\n"
        + String.format(ROW, 4, 4) + "\n");
    Path rejects = dir.resolve("rejects.csv");

    ImportSummary summary = importWith(autoCompleting(), input, rejects);

    assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_ROWS_REJECTED);
    assertThat(summary).extracting(ImportSummary::read, ImportSummary::sent, ImportSummary::rejected,
        ImportSummary::failed).containsExactly(4L, 2L, 2L, 0L);
    assertThat(summary.firstRejections()).containsExactly(
        new Rejection(3, "rater_group is not one of [SELF, MANAGER, PEER, DIRECT_REPORT, OTHER] (in any case)"),
        new Rejection(4, "has 2 fields but the header has 19: is the line cut short, or does an unquoted field "
            + "hold a line break? complete the line, or put the field in double quotes"));
    // The formula-like original on line 4 is left out; line 3's original is copied with quotes doubled
    assertThat(Files.readString(rejects)).isEqualTo("line,reason,original\n"
        + "3,\"rater_group is not one of [SELF, MANAGER, PEER, DIRECT_REPORT, OTHER] (in any case)\","
        + "\"r2,2026-H2,team-01,emp-00001,emp-00102,boss,2026-09-30T10:00:00Z,4,3,2,5,4,4,3,NA,,2,5,1\"\n"
        + "4,\"has 2 fields but the header has 19: is the line cut short, or does an unquoted field hold a line "
        + "break? complete the line, or put the field in double quotes\",\n");
  }

  @Test
  void shouldExitFourAndSendNothingWhenTheFileIsRefused() throws Exception {
    Path input = Files.writeString(dir.resolve("export.csv"), "response_id,comment\n" + goodRows(2));
    Path rejects = dir.resolve("rejects.csv");
    MockProducer<byte[], byte[]> mock = autoCompleting();

    ImportSummary summary = importWith(mock, input, rejects);

    assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_FILE_REFUSED);
    assertThat(summary.refusalReason()).hasValueSatisfying(reason -> assertThat(reason)
        .startsWith("Input file " + input + " has an unusable CSV header on line 1: unknown column 'comment'"));
    assertThat(summary.read()).isZero();
    assertThat(mock.history()).isEmpty();
    assertThat(topicChecks).hasValue(0);
    assertThat(rejects).doesNotExist();
  }

  @Test
  void shouldExitThreeAndStopReadingWhenTheBrokerDoesNotAcknowledge() throws Exception {
    Path input = csv(goodRows(5));
    FailingProducer failOnSecond = new FailingProducer(2);

    ImportSummary summary = importWith(failOnSecond, input, dir.resolve("rejects.csv"));

    assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_SEND_FAILED);
    assertThat(summary).extracting(ImportSummary::read, ImportSummary::sent, ImportSummary::rejected,
        ImportSummary::failed).containsExactly(2L, 1L, 0L, 1L);
    assertThat(summary.sendFailure()).hasValue("TimeoutException: no acknowledgement from the broker");
  }

  @Test
  void shouldExitThreeWhenSendingThrows() throws Exception {
    MockProducer<byte[], byte[]> mock = autoCompleting();
    mock.sendException = new TimeoutException("Topic survey-responses not present in metadata after 5000 ms.");

    ImportSummary summary = importWith(mock, csv(goodRows(3)), dir.resolve("rejects.csv"));

    assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_SEND_FAILED);
    assertThat(summary).extracting(ImportSummary::read, ImportSummary::sent, ImportSummary::failed)
        .containsExactly(1L, 0L, 1L);
  }

  @Test
  void shouldExitThreeWhenTheTopicCannotBeCreated() throws Exception {
    Runnable unreachable = () -> {
      throw new SendFailedException("Timed out after 5 s creating topics [survey-responses]", null);
    };
    try (ResponseProducer producer = new ResponseProducer(SETTINGS, Fixtures.validator(), Fixtures.CLOCK,
        autoCompleting(), unreachable)) {
      ImportSummary summary = producer.importFile(csv(goodRows(1)), InputFormat.CSV, dir.resolve("rejects.csv"),
          ImportListener.NONE);

      assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_SEND_FAILED);
      assertThat(summary.sendFailure()).hasValue("Timed out after 5 s creating topics [survey-responses]");
    }
  }

  @Test
  void shouldExitOneWhenKafkaRefusesTheCredentialsBeforeAnythingIsSent() throws Exception {
    Runnable refused = () -> {
      throw new SendFailedException("Kafka refused this client's credentials while creating topics "
          + "[survey-responses]",
          new IllegalStateException("Cannot create topics",
              new SaslAuthenticationException("Authentication failed during authentication due to invalid "
                  + "credentials with SASL mechanism SCRAM-SHA-512")));
    };
    try (ResponseProducer producer = new ResponseProducer(SETTINGS, Fixtures.validator(), Fixtures.CLOCK,
        autoCompleting(), refused)) {
      ImportSummary summary = producer.importFile(csv(goodRows(1)), InputFormat.CSV, dir.resolve("rejects.csv"),
          ImportListener.NONE);

      assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_ACCESS_DENIED).isEqualTo(1);
      assertThat(summary.accessRefusal()).hasValue(AccessDenied.CREDENTIALS);
    }
  }

  @Test
  void shouldExitOneWhenThePrincipalMayNotWriteTheTopic() throws Exception {
    MockProducer<byte[], byte[]> mock = autoCompleting();
    mock.sendException = new TopicAuthorizationException("Not authorized to access topics: [survey-responses]");

    ImportSummary summary = importWith(mock, csv(goodRows(3)), dir.resolve("rejects.csv"));

    assertThat(summary.exitCode()).isEqualTo(ImportSummary.EXIT_ACCESS_DENIED);
    assertThat(summary.accessRefusal()).hasValue(AccessDenied.PERMISSION);
    assertThat(summary.sendFailure()).hasValueSatisfying(reason -> assertThat(reason).contains("survey-responses"));
  }

  @Test
  void shouldNameTheDefaultRejectsFileAfterTheInput() {
    assertThat(ResponseProducer.defaultRejectsFile(Path.of("exports", "2026-h2.csv")))
        .isEqualTo(Path.of("exports", "2026-h2.csv.rejects.csv"));
  }

  private ImportSummary importWith(MockProducer<byte[], byte[]> mock, Path input, Path rejects) throws Exception {
    try (ResponseProducer producer = new ResponseProducer(SETTINGS, Fixtures.validator(), Fixtures.CLOCK, mock,
        topicChecks::incrementAndGet)) {
      return producer.importFile(input, InputFormat.CSV, rejects, ImportListener.NONE);
    }
  }

  private Path csv(String rows) throws Exception {
    return Files.writeString(dir.resolve("export.csv"), Fixtures.CSV_HEADER + "\n" + rows, StandardCharsets.UTF_8);
  }

  private static String goodRows(int count) {
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      rows.append(String.format(ROW, i, i)).append('\n');
    }
    return rows.toString();
  }

  private static MockProducer<byte[], byte[]> autoCompleting() {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Acknowledges every send except the n-th, which fails as if the broker never answered. */
  private static final class FailingProducer extends MockProducer<byte[], byte[]> {

    private final int failAt;
    private int sends;

    FailingProducer(int failAt) {
      super(false, null, new ByteArraySerializer(), new ByteArraySerializer());
      this.failAt = failAt;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
      Future<RecordMetadata> future = super.send(record, callback);
      if (++sends == failAt) {
        errorNext(new TimeoutException("no acknowledgement from the broker"));
      } else {
        completeNext();
      }
      return future;
    }
  }
}
