package dev.feedback360.producer.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.producer.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseReadersTest {

  private static final String FIXED = "response_id,cycle_id,team_id,subject_id,rater_id,rater_group,submitted_at";

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      empty file                 | CSV        | ``                                                  | is empty
      only blank lines           | CSV        | `\n  \r\n\n`                                        | is empty
      only a byte order mark     | CSV        | `\uFEFF`                                            | is empty
      missing fixed columns      | CSV        | `response_id,cycle_id,subject_id,rater_id,submitted_at,CHANGE_L1` | missing columns team_id, rater_group
      duplicate column           | CSV        | `FIXED,CHANGE_L1,change_l1`                         | duplicate column CHANGE_L1 (column 9)
      duplicate fixed column     | CSV        | `FIXED,rater_id,CHANGE_L1`                          | duplicate column rater_id (column 8)
      unknown column             | CSV        | `FIXED,CHANGE_L1,comment`                           | unknown column 'comment' (column 9)
      unknown item column        | CSV        | `FIXED,CHANGE_L1,CHANGE_L9`                         | unknown column 'CHANGE_L9' (column 9)
      column without a name      | CSV        | `FIXED,CHANGE_L1,`                                  | column 9 has no name
      no item columns            | CSV        | `FIXED`                                             | no item columns. Known item columns of instrument leadership-vs-management v1: CHANGE_L1, CHANGE_L2
      broken quoting in header   | CSV        | `FIXED,"CHANGE_L1`                                  | unreadable CSV header on line 1: quoted field 8 is never closed
      header only                | CSV        | `FIXED,CHANGE_L1\r\n`                               | has a header but no rows
      header and blank lines     | CSV        | `\uFEFFFIXED,CHANGE_L1\n\n  \n`                     | has a header but no rows
      empty JSON Lines file      | JSON_LINES | ``                                                  | is empty
      blank JSON Lines file      | JSON_LINES | `\n \n`                                             | is empty
      """)
  void shouldRefuseTheWholeFileWhenItHasNoUsableHeaderOrNoContent(String name, InputFormat format, String content,
      String expected) {
    byte[] bytes = content.replace("FIXED", FIXED).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ResponseReaders.open(new ByteArrayInputStream(bytes), format, Fixtures.INSTRUMENT,
        "exports/hr.csv"))
        .isInstanceOf(InputRejectedException.class)
        .hasMessageStartingWith("Input file exports/hr.csv ")
        .hasMessageContaining(expected);
  }

  @Test
  void shouldRefuseAHeaderThatIsNotUtf8() {
    byte[] bytes = concat(FIXED.getBytes(StandardCharsets.UTF_8), new byte[] {',', (byte) 0xC4, '\n'});

    assertThatThrownBy(() -> ResponseReaders.open(new ByteArrayInputStream(bytes), InputFormat.CSV,
        Fixtures.INSTRUMENT, "hr.csv"))
        .isInstanceOf(InputRejectedException.class)
        .hasMessageContaining("unreadable CSV header on line 1: line is not valid UTF-8");
  }

  @Test
  void shouldRefuseAMissingFileOrADirectory() {
    Path missing = dir.resolve("missing.csv");

    assertThatThrownBy(() -> ResponseReaders.open(missing, InputFormat.CSV, Fixtures.INSTRUMENT))
        .isInstanceOf(InputRejectedException.class)
        .hasMessageContaining("Input file " + missing + " cannot be opened");
    assertThatThrownBy(() -> ResponseReaders.open(dir, InputFormat.CSV, Fixtures.INSTRUMENT))
        .isInstanceOf(InputRejectedException.class)
        .hasMessageContaining("is a directory");
  }

  @Test
  void shouldReadASpreadsheetExportWithBomCrlfAnyColumnOrderAndASubsetOfItems() throws Exception {
    String export = "\uFEFFSubmitted_At,RATER_ID,rater_group,subject_id,team_id,cycle_id,response_id,focus_m2,"
        + "CHANGE_L1\r\n"
        + "2026-09-30T10:00:00Z,emp-00003,peer,emp-00001,\"team, north\",2026-H2,r1,NA,4\r\n"
        + "\r\n"
        + "2026-09-30T11:00:00Z,emp-00004,peer,emp-00001,team-01,2026-H2,r2,,\"5\"\r\n"
        + "\r\n\r\n";
    Path file = Files.writeString(dir.resolve("export.csv"), export, StandardCharsets.UTF_8);

    List<ParsedRow> rows = readAll(file, InputFormat.fromFileName(file));

    assertThat(rows).hasSize(2).allSatisfy(row -> assertThat(row).isInstanceOf(ParsedRow.Row.class));
    ParsedRow.Row first = (ParsedRow.Row) rows.get(0);
    assertThat(first.line()).isEqualTo(2);
    assertThat(first.row()).usingRecursiveComparison().isEqualTo(new ResponseRow("r1", "2026-H2", "team, north",
        "emp-00001", "emp-00003", "peer", "2026-09-30T10:00:00Z",
        Map.of("FOCUS_M2", "NA", "CHANGE_L1", "4")));
    assertThat(first.row().scores().keySet()).containsExactly("FOCUS_M2", "CHANGE_L1");
    ParsedRow.Row second = (ParsedRow.Row) rows.get(1);
    assertThat(second.line()).isEqualTo(4);
    assertThat(second.row().scores()).containsEntry("FOCUS_M2", "").containsEntry("CHANGE_L1", "5");
  }

  @Test
  void shouldKeepLineBreaksInsideQuotedFieldsAndNumberTheRecordByItsFirstLine() throws Exception {
    String export = Fixtures.CSV_HEADER + "\n"
        + "\"r\r\n1\",2026-H2,team-01,emp-00001,emp-00003,PEER,2026-09-30T10:00:00Z,1,2,3,4,5,1,2,3,4,5,1,2\n"
        + "r2,2026-H2,team-01,emp-00001,emp-00004,PEER,2026-09-30T10:00:00Z,1,2,3,4,5,1,2,3,4,5,1,2\n";
    Path file = Files.writeString(dir.resolve("export.csv"), export, StandardCharsets.UTF_8);

    List<ParsedRow> rows = readAll(file, InputFormat.CSV);

    assertThat(rows).extracting(ParsedRow::line).containsExactly(2L, 4L);
    assertThat(((ParsedRow.Row) rows.get(0)).row().responseId()).isEqualTo("r\n1");
    assertThat(rows.get(0).sourceText()).startsWith("\"r\n1\",2026-H2");
  }

  @Test
  void shouldDropSpacesAroundFieldsButKeepThemInsideQuotes() throws Exception {
    String export = Fixtures.CSV_HEADER + "\n"
        + "r1, 2026-H2 , team-01 ,emp-00001,emp-00003 ,PEER,2026-09-30T10:00:00Z,1,2,3,4,5,1,2,3,4,5,1, 2 \n"
        + "r2,2026-H2,\" team-01 \" ,emp-00001,emp-00004,PEER,2026-09-30T10:00:00Z,1,2,3,4,5,1,2,3,4,5,1,2\n";
    Path file = Files.writeString(dir.resolve("padded.csv"), export, StandardCharsets.UTF_8);

    List<ParsedRow> rows = readAll(file, InputFormat.CSV);

    ResponseRow padded = ((ParsedRow.Row) rows.get(0)).row();
    assertThat(padded.cycleId()).isEqualTo("2026-H2");
    assertThat(padded.teamId()).isEqualTo("team-01");
    assertThat(padded.raterId()).isEqualTo("emp-00003");
    assertThat(padded.scores()).containsEntry("HORIZON_M2", "2");
    assertThat(((ParsedRow.Row) rows.get(1)).row().teamId()).as("quoted: kept for the id rules to refuse")
        .isEqualTo(" team-01 ");
  }

  @Test
  void shouldReadJsonLinesMappingNullScoresToBlank() throws Exception {
    Path file = Files.writeString(dir.resolve("export.NDJSON"), "{\"response_id\":\"r1\",\"cycle_id\":\"2026-H2\","
        + "\"team_id\":\"team-01\",\"subject_id\":\"emp-00001\",\"rater_id\":\"emp-00003\",\"rater_group\":\"peer\","
        + "\"submitted_at\":\"2026-09-30T10:00:00Z\",\"answers\":{\"CHANGE_L1\":4,\"FOCUS_M2\":null,"
        + "\"HORIZON_L1\":\"NA\"}}\r\n", StandardCharsets.UTF_8);

    List<ParsedRow> rows = readAll(file, InputFormat.fromFileName(file));

    assertThat(rows).singleElement().isInstanceOfSatisfying(ParsedRow.Row.class, row -> {
      assertThat(row.line()).isEqualTo(1);
      assertThat(row.row().raterId()).isEqualTo("emp-00003");
      assertThat(row.row().scores()).containsExactly(Map.entry("CHANGE_L1", "4"),
          Map.entry("FOCUS_M2", ""), Map.entry("HORIZON_L1", "NA"));
    });
  }

  @Test
  void shouldTellTheFormatFromTheFileName() {
    assertThat(InputFormat.fromFileName(Path.of("a/b/export.CSV"))).isEqualTo(InputFormat.CSV);
    assertThat(InputFormat.fromFileName(Path.of("export.jsonl"))).isEqualTo(InputFormat.JSON_LINES);
    assertThat(InputFormat.fromFileName(Path.of("export.ndjson"))).isEqualTo(InputFormat.JSON_LINES);
    assertThatThrownBy(() -> InputFormat.fromFileName(Path.of("export.xlsx")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use the extension .csv, .jsonl or .ndjson");
  }

  @Test
  void shouldHideRaterAndSubjectIdsWhenARowIsPrinted() {
    ResponseRow row = new ResponseRow("r1", "2026-H2", "team-01", "emp-00001", "emp-00003", "PEER",
        "2026-09-30T10:00:00Z", Map.of());

    assertThat(row.toString()).contains("r1").doesNotContain("emp-00001").doesNotContain("emp-00003");
  }

  private static List<ParsedRow> readAll(Path file, InputFormat format) throws Exception {
    List<ParsedRow> rows = new ArrayList<>();
    try (ResponseReader reader = ResponseReaders.open(file, format, Fixtures.INSTRUMENT)) {
      ParsedRow row;
      while ((row = reader.next()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
