package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
