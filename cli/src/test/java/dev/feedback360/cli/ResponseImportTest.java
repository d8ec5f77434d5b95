package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.producer.ingest.AccessDenied;
import dev.feedback360.producer.ingest.ImportSummary;
import dev.feedback360.producer.ingest.Rejection;
import dev.feedback360.producer.parse.InputFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseImportTest {

  @Test
  void shouldSummariseTheCountsTheFirstRejectionsAndWhereTheRestAre() {
    List<Rejection> first = new ArrayList<>();
    for (int line = 2; line < 2 + ImportSummary.MAX_REJECTIONS_KEPT; line++) {
      first.add(new Rejection(line, "bad score"));
    }
    // 1,200 rows read in 2 s: 1,188 sent, 12 rejected of which the first 10 are kept; 1,188 / 2 s = 594 rows/s.
    ImportSummary summary = new ImportSummary(1_200, 1_188, 12, 0, Duration.ofSeconds(2), first, null, null);
    StringWriter text = new StringWriter();

    ResponseImport.printSummary(new PrintWriter(text), summary, Path.of("exports/export.csv"),
        Path.of("export.csv.rejects.csv"));

    assertThat(text.toString().lines().toList())
        .startsWith("1,200 rows read: 1,188 sent, 12 rejected, 0 failed in 2.0 s (594 rows/s)",
            "  " + Path.of("exports/export.csv") + ", line 2: bad score")
        .contains("  " + Path.of("exports/export.csv") + ", line 11: bad score")
        .endsWith("  ... and 2 more", "Rejected rows are listed in export.csv.rejects.csv");
  }

  @Test
  void shouldCallKafkaRefusingTheCredentialsAConfigurationErrorAndSayWhichFileToFix() {
    ImportSummary summary = new ImportSummary(0, 0, 0, 0, Duration.ZERO, List.of(), null,
        "Kafka refused this client's credentials while creating topics [survey-responses] (Authentication failed)",
        AccessDenied.CREDENTIALS);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    ResponseImport.printSummary(new PrintWriter(out), summary, Path.of("in.csv"), Path.of("r.csv"));
    ResponseImport.printAccessRefusal(new PrintWriter(err), summary, "produce", Path.of("ingest.properties"),
        "kafka-1:9093");

    assertThat(summary.exitCode()).isEqualTo(1);
    assertThat(out.toString()).startsWith("Refused by Kafka (a configuration error; re-running the file will not "
        + "help until it is fixed): Kafka refused this client's credentials").doesNotContain("Sending failed");
    assertThat(err.toString()).startsWith("Error: Kafka at kafka-1:9093 refused this command's credentials")
        .contains("Check the user name and password (sasl.jaas.config) in the --command-config file "
            + Path.of("ingest.properties"));
  }

  @Test
  void shouldNameThePrincipalsFileWhenKafkaRefusesWhatProduceTried() {
    ImportSummary summary = new ImportSummary(1, 0, 0, 1, Duration.ZERO, List.of(), null,
        "TopicAuthorizationException: Not authorized to access topics: [survey-responses]", AccessDenied.PERMISSION);
    StringWriter err = new StringWriter();

    ResponseImport.printAccessRefusal(new PrintWriter(err), summary, "produce", Path.of("analyst.properties"),
        "kafka-1:9093");

    assertThat(summary.exitCode()).isEqualTo(1);
    assertThat(err.toString()).contains("The principal of the --command-config file "
        + Path.of("analyst.properties") + " has no ACL for that", "./feedback360 acls");
  }

  @Test
  void shouldSayWhyAFileWasRefused() {
    ImportSummary refused = new ImportSummary(0, 0, 0, 0, Duration.ZERO, List.of(), "empty file", null);
    StringWriter text = new StringWriter();

    ResponseImport.printSummary(new PrintWriter(text), refused, Path.of("in.csv"), Path.of("r.csv"));

    assertThat(text.toString()).startsWith("File refused, nothing sent: empty file").doesNotContain("Rejected rows");
  }

  @Test
  void shouldPutRejectsNextToTheInputUnlessToldOtherwise() {
    assertThat(ResponseImport.rejectsFile(Path.of("in/export.csv"), null))
        .isEqualTo(Path.of("in/export.csv.rejects.csv"));
    assertThat(ResponseImport.rejectsFile(Path.of("in/export.csv"), Path.of("r.csv"))).isEqualTo(Path.of("r.csv"));
  }

  @Test
  void shouldTakeTheGivenFormatOrTheOneOfTheExtension() {
    assertThat(ResponseFileFormat.of(null, Path.of("a.jsonl"))).isEqualTo(InputFormat.JSON_LINES);
    assertThat(ResponseFileFormat.of(null, Path.of("a.csv"))).isEqualTo(InputFormat.CSV);
    assertThat(ResponseFileFormat.of(ResponseFileFormat.csv, Path.of("a.jsonl"))).isEqualTo(InputFormat.CSV);
    assertThat(ResponseFileFormat.of(ResponseFileFormat.jsonl, Path.of("a.csv"))).isEqualTo(InputFormat.JSON_LINES);
  }
}
