package dev.feedback360.producer.validate;

import static dev.feedback360.producer.parse.InputFormat.CSV;
import static dev.feedback360.producer.parse.InputFormat.JSON_LINES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.testing.Fixtures;
import dev.feedback360.producer.testing.Outcomes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of bad and awkward rows. Each case is placed between two good rows: line 1 is the CSV header (JSON Lines:
 * a good row), then a good row, then the case starting at {@value #CASE_LINE}, then a good row again. The test pins
 * the outcome of the case rows and checks that the good rows around them still come through.
 */
class ExportCorpusTest {

  private static final int CASE_LINE = 3;
  private static final String T = "2026-09-30T10:00:00Z";
  private static final String S = "4,3,2,5,4,4,3,NA,,2,5,1";
  /** A valid CSV row for case line 3, with {@code $T} the timestamp and {@code $S} the twelve scores. */
  private static final String CSV_OK = "r3,2026-H2,team-01,emp-00001,emp-00003,PEER,$T,$S";
  private static final String JSON_FIXED = "\"response_id\":\"r3\",\"cycle_id\":\"2026-H2\",\"team_id\":\"team-01\","
      + "\"subject_id\":\"emp-00001\",\"rater_id\":\"emp-00003\",\"rater_group\":\"PEER\",\"submitted_at\":\"" + T
      + "\"";
  private static final String JSON_OK = "{$F,\"answers\":{\"CHANGE_L1\":4,\"FOCUS_M2\":null}}";

  /** An expected outcome: accepted when {@code reason} is null. */
  record Expect(long line, String reason) {

    @Override
    public String toString() {
      return "line " + line + (reason == null ? " accepted" : " rejected: " + reason);
    }
  }

  static Expect ok(long line) {
    return new Expect(line, null);
  }

  static Expect rejected(long line, String reason) {
    return new Expect(line, reason);
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        // CSV: syntax a spreadsheet export may legitimately contain
        csv("a valid row", CSV_OK, ok(3)),
        csv("spaces around unquoted values are trimmed",
            "  r3 , 2026-H2 ,team-01, emp-00001 ,emp-00003,  PEER  ,$T, 4 , 3,2,5,4,4,3,NA,,2,5,1 ", ok(3)),
        csv("quoted fields with commas and doubled quotes",
            "\"r3\",\"2026-H2\",\"team, \"\"north\"\"\",emp-00001,emp-00003,\"PEER\",$T,$S", ok(3)),
        csv("spaces around a quoted field", "r3, \"2026-H2\" ,team-01,emp-00001,emp-00003,PEER,$T,$S", ok(3)),
        csv("CRLF line end", CSV_OK + "\r", ok(3)),
        csv("rater group in lower case", CSV_OK.replace("PEER", "peer"), ok(3)),
        csv("rater group in mixed case", CSV_OK.replace("PEER", "Direct_Report"), ok(3)),
        csv("rater group with a space for the underscore (README)", CSV_OK.replace("PEER", "direct report"), ok(3)),
        csv("rater group with a hyphen for the underscore (README)", CSV_OK.replace("PEER", "DIRECT-REPORT"), ok(3)),
        csv("scores NA, na and blank mean not observed",
            "r3,2026-H2,team-01,emp-00001,emp-00003,PEER,$T,NA,na,,NA,na,,1,2,3,4,5,", ok(3)),
        csv("blank lines and all-empty records are skipped", "\n   \n,,,,,,,,,,,,,,,,,,\n" + CSV_OK, ok(6)),
        csv("offset other than UTC", CSV_OK.replace("$T", "2026-09-30T12:00:00+02:00"), ok(3)),
        csv("half an hour in the future is within the clock skew",
            CSV_OK.replace("$T", "2026-10-01T09:30:00Z"), ok(3)),
        // CSV: row-level syntax errors
        csv("too few fields", "r3,2026-H2,team-01,emp-00001,emp-00003,PEER,$T,4,3",
            rejected(3, "has 9 fields but the header has 19: is the line cut short, or does an unquoted field hold "
                + "a line break? complete the line, or put the field in double quotes")),
        csv("too many fields", CSV_OK + ",5", rejected(3, "has 20 fields but the header has 19: a comma inside an "
            + "unquoted field? put that field in double quotes")),
        csv("the header repeated (two exports joined)", Fixtures.CSV_HEADER,
            rejected(3, "repeats the header row (two exports joined?): remove it")),
        csv("the header repeated in another case, with spaces and a byte order mark",
            "\uFEFF" + Fixtures.CSV_HEADER.toUpperCase(java.util.Locale.ROOT).replace(",", " , "),
            rejected(3, "repeats the header row (two exports joined?): remove it")),
        csv("characters after a closing quote", "r3,\"2026-H2\"x,team-01,emp-00001,emp-00003,PEER,$T,$S",
            rejected(3, "characters after the closing quote of field 2")),
        csv("a quote inside an unquoted field", "r3,2026\"H2,team-01,emp-00001,emp-00003,PEER,$T,$S",
            rejected(3, "a quote inside unquoted field 2")),
        csv("an unterminated quote costs only its own line",
            "r3,\"2026-H2,team-01,emp-00001,emp-00003,PEER,$T,$S\n"
                + CSV_OK.replace("r3", "r4"),
            rejected(3, "quoted field 2 is never closed"), ok(4)),
        csv("a quoted line break inside an id spans two lines",
            "r3,2026-H2,\"team\n01\",emp-00001,emp-00003,PEER,$T,$S",
            rejected(3, "team_id contains control characters")),
        // CSV: encoding and size
        bytes(CSV, "invalid UTF-8 (Windows-1252 export)",
            concat(utf8("r3,2026-H2,team-01,emp-00001,"), new byte[] {'J', (byte) 0xE9, 'r', 'o', 'm', 'e'},
                utf8(",PEER,$T,$S")),
            rejected(3, "not valid UTF-8 (at byte 31)")),
        bytes(CSV, "a line longer than 64 KiB", utf8(CSV_OK.replace("team-01", "t".repeat(70_000))),
            rejected(3, "line is longer than 65536 bytes")),
        // Validation of ids
        csv("missing rater id", "r3,2026-H2,team-01,emp-00001,,PEER,$T,$S", rejected(3, "rater_id is missing")),
        csv("over-long subject id", CSV_OK.replace("emp-00001", "s".repeat(129)),
            rejected(3, "subject_id is longer than 128 characters")),
        csv("formula injection with =", "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2026-H2,team-01,emp-00001,"
            + "emp-00003,PEER,$T,$S", rejected(3, "response_id starts with '=', which spreadsheets run as a formula")),
        csv("formula injection with +", CSV_OK.replace("team-01", "+team"), rejected(3, "team_id starts with '+'")),
        csv("formula injection with -", CSV_OK.replace("2026-H2", "-2+3"), rejected(3, "cycle_id starts with '-'")),
        csv("formula injection with @", CSV_OK.replace("team-01", "@SUM(A1)"), rejected(3, "team_id starts with '@'")),
        csv("formula injection with a tab", CSV_OK.replace("team-01", "\"\tteam\""),
            rejected(3, "team_id starts with a tab")),
        csv("a control character in an id", CSV_OK.replace("team-01", "team\u0007"),
            rejected(3, "team_id contains control characters")),
        csv("leading spaces kept by quoting", CSV_OK.replace("team-01", "\" team-01\""),
            rejected(3, "team_id has leading or trailing spaces")),
        // Validation of the rater group and self-ratings
        csv("unknown rater group", CSV_OK.replace("PEER", "boss"),
            rejected(3, "rater_group is not one of [SELF, MANAGER, PEER, DIRECT_REPORT, OTHER] (in any case)")),
        csv("columns shifted: a rater id as rater group", CSV_OK.replace("PEER", "emp-00009"),
            rejected(3, "rater_group is not one of")),
        csv("SELF rated by someone else", CSV_OK.replace("PEER", "SELF"),
            rejected(3, "rater_group is SELF but rater_id differs from subject_id")),
        csv("PEER rating oneself", CSV_OK.replace("emp-00003", "emp-00001"),
            rejected(3, "a self-rating must be SELF")),
        csv("SELF rating oneself", CSV_OK.replace("emp-00003", "emp-00001").replace("PEER", "self"), ok(3)),
        // Validation of scores
        csv("score 0", CSV_OK.replace("$S", "0" + S.substring(1)),
            rejected(3,
                "score of CHANGE_L1 must be a whole number from 1 to 5 (or blank/NA for not observed), got '0'")),
        csv("score 6", CSV_OK.replace("$S", "6" + S.substring(1)), rejected(3, "CHANGE_L1 must be a whole number")),
        csv("score -1", CSV_OK.replace("$S", "-1" + S.substring(1)), rejected(3, "got '-1'")),
        csv("score 3.5", CSV_OK.replace("$S", "3.5" + S.substring(1)), rejected(3, "got '3.5'")),
        csv("score three", CSV_OK.replace("$S", "three" + S.substring(1)), rejected(3, "got (value not shown)")),
        csv("columns shifted: a rater id as score", CSV_OK.replace("$S", "emp-00009" + S.substring(1)),
            rejected(3, "score of CHANGE_L1 must be a whole number")),
        csv("several problems in one row", "r3,2026-H2,team-01,emp-00001,,boss,$T,7" + S.substring(1),
            rejected(3, "rater_id is missing; rater_group is not one of")),
        // Validation of submitted_at
        csv("timestamp without offset", CSV_OK.replace("$T", "2026-09-30T10:00:00"),
            rejected(3, "submitted_at has no UTC offset")),
        csv("timestamp that is no date", CSV_OK.replace("$T", "yesterday"),
            rejected(3, "submitted_at is not an ISO-8601 date-time with offset")),
        csv("timestamp two hours in the future", CSV_OK.replace("$T", "2026-10-01T11:00:00Z"),
            rejected(3, "submitted_at is more than 60 minutes in the future")),
        csv("timestamp far in the future", CSV_OK.replace("$T", "2999-01-01T00:00:00Z"),
            rejected(3, "submitted_at is more than 60 minutes in the future")),
        csv("missing timestamp", CSV_OK.replace("$T", ""), rejected(3, "submitted_at is missing")),
        csv("timestamp one second before 1970", CSV_OK.replace("$T", "1969-12-31T23:59:59Z"),
            rejected(3, "submitted_at is before 1970-01-01T00:00:00Z")),
        csv("timestamp before 1970 only in UTC", CSV_OK.replace("$T", "1970-01-01T00:30:00+01:00"),
            rejected(3, "submitted_at is before 1970-01-01T00:00:00Z")),
        csv("timestamp exactly at 1970-01-01T00:00:00Z", CSV_OK.replace("$T", "1970-01-01T00:00:00Z"), ok(3)),
        csv("timestamp in year 1", CSV_OK.replace("$T", "0001-01-01T00:00:00Z"),
            rejected(3, "submitted_at is before 1970-01-01T00:00:00Z")),
        csv("timestamp at the end of the time scale", CSV_OK.replace("$T", "+999999999-12-31T23:59:59Z"),
            rejected(3, "submitted_at is more than 60 minutes in the future")),
        csv("timestamp at the start of the time scale", CSV_OK.replace("$T", "-999999999-01-01T00:00:00Z"),
            rejected(3, "submitted_at is before 1970-01-01T00:00:00Z")),
        // JSON Lines
        json("a valid object", JSON_OK, ok(3)),
        json("scores as NA, na, empty string and null",
            "{$F,\"answers\":{\"CHANGE_L1\":\"NA\",\"CHANGE_L2\":\"na\",\"CHANGE_M1\":\"\",\"CHANGE_M2\":null}}",
            ok(3)),
        json("CRLF line end", JSON_OK + "\r", ok(3)),
        json("blank lines are skipped", "\n  \n" + JSON_OK, ok(5)),
        json("truncated JSON", "{$F,\"answers\":{\"CHANGE_L1\":4", rejected(3, "truncated JSON")),
        json("malformed JSON", "{\"response_id\" \"r3\"}", rejected(3, "malformed JSON at column")),
        json("an array instead of an object", "[1,2,3]", rejected(3, "expected a JSON object, got an array")),
        json("a bare string", "\"emp-00003\"", rejected(3, "expected a JSON object, got a string")),
        json("two objects on one line", JSON_OK + " " + JSON_OK, rejected(3, "more than one JSON value")),
        json("an id that is a number", jsonOk().replace("\"rater_id\":\"emp-00003\"", "\"rater_id\":3"),
            rejected(3, "rater_id must be a string, got a number")),
        json("a null id counts as missing", jsonOk().replace("\"team_id\":\"team-01\"", "\"team_id\":null"),
            rejected(3, "team_id is missing")),
        json("a duplicate key", JSON_OK.replace("{$F,", "{$F,\"rater_id\":\"emp-00004\","),
            rejected(3, "duplicate key 'rater_id'")),
        json("an unknown field", JSON_OK.replace("{$F,", "{$F,\"comment\":\"great\","),
            rejected(3, "unknown field 'comment'")),
        json("NaN as a score", "{$F,\"answers\":{\"CHANGE_L1\":NaN}}", rejected(3, "NaN and Infinity are not")),
        json("deep nesting", "{$F,\"answers\":{\"CHANGE_L1\":[[[[[[1]]]]]]}}", rejected(3, "nesting deeper than 3")),
        json("a score given as a string", "{$F,\"answers\":{\"CHANGE_L1\":\"4\"}}",
            rejected(3, "score of 'CHANGE_L1' must be a number 1 to 5, null, \"NA\" or \"\", got a string")),
        json("a score of 3.5", "{$F,\"answers\":{\"CHANGE_L1\":3.5}}",
            rejected(3, "CHANGE_L1 must be a whole number from 1 to 5 (or blank/NA for not observed), got '3.5'")),
        json("a rater group with a hyphen for the underscore (README)",
            jsonOk().replace("\"PEER\"", "\" Direct-Report \""), ok(3)),
        json("a score of 4.0: not written as a whole number (README)", "{$F,\"answers\":{\"CHANGE_L1\":4.0}}",
            rejected(3, "got '4.0'")),
        json("a score of 6", "{$F,\"answers\":{\"CHANGE_L1\":6}}", rejected(3, "got '6'")),
        json("an unknown item", "{$F,\"answers\":{\"CHANGE_X9\":4}}", rejected(3, "unknown item 'CHANGE_X9'")),
        json("answers missing", "{$F}", rejected(3, "answers is missing")),
        json("timestamp one millisecond before 1970", jsonOk().replace(T, "1969-12-31T23:59:59.999Z"),
            rejected(3, "submitted_at is before 1970-01-01T00:00:00Z")),
        json("timestamp exactly at 1970-01-01T00:00:00Z", jsonOk().replace(T, "1970-01-01T00:00:00Z"), ok(3)),
        json("timestamp in year 1", jsonOk().replace(T, "0001-01-01T00:00:00+05:00"),
            rejected(3, "submitted_at is before 1970-01-01T00:00:00Z")),
        json("answers not an object", "{$F,\"answers\":[4,3]}", rejected(3, "answers must be an object")),
        bytes(JSON_LINES, "invalid UTF-8", concat(utf8("{$F,\"answers\":{\"CHANGE_L1\":4},"),
            new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("}")), rejected(3, "not valid UTF-8")));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("corpus")
  void shouldRejectOnlyTheBadRowsWithTheirLineAndReason(String name, InputFormat format, List<Expect> expected,
      byte[] caseRows) throws Exception {
    byte[] file = format == CSV
        ? concat(utf8(Fixtures.CSV_HEADER + "\n" + goodCsv("good-1") + "\n"), caseRows,
            utf8("\n" + goodCsv("good-2") + "\n"))
        : concat(utf8(goodJson("good-0") + "\n" + goodJson("good-1") + "\n"), caseRows,
            utf8("\n" + goodJson("good-2") + "\n"));

    List<ValidatedRow> outcomes = Outcomes.of(file, format, Fixtures.validator());

    int first = format == CSV ? 1 : 2;
    assertThat(outcomes).hasSize(expected.size() + first + 1);
    assertThat(outcomes.get(first - 1)).isInstanceOfSatisfying(ValidatedRow.Accepted.class,
        row -> assertThat(row.line()).isEqualTo(2));
    assertThat(outcomes.subList(first, first + expected.size()))
        .map(ExportCorpusTest::describe)
        .containsExactlyElementsOf(expected.stream().map(ExportCorpusTest::describeExpected).toList());
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i).reason() != null) {
        assertThat(((ValidatedRow.Rejected) outcomes.get(first + i)).reason())
            .contains(expected.get(i).reason())
            .doesNotContain("emp-0");
      }
    }
    assertThat(outcomes.get(outcomes.size() - 1)).isInstanceOfSatisfying(ValidatedRow.Accepted.class,
        row -> assertThat(row.value().getResponseId()).isEqualTo("good-2"));
  }

  private static String describe(ValidatedRow row) {
    return "line " + row.line() + (row instanceof ValidatedRow.Accepted ? " accepted" : " rejected");
  }

  private static String describeExpected(Expect expect) {
    return "line " + expect.line() + (expect.reason() == null ? " accepted" : " rejected");
  }

  private static String jsonOk() {
    return JSON_OK.replace("$F", JSON_FIXED);
  }

  private static Arguments csv(String name, String rows, Expect... expected) {
    return bytes(CSV, name, utf8(rows), expected);
  }

  private static Arguments json(String name, String rows, Expect... expected) {
    return bytes(JSON_LINES, name, utf8(rows), expected);
  }

  private static Arguments bytes(InputFormat format, String name, byte[] rows, Expect... expected) {
    return arguments(name, format, List.of(expected), rows);
  }

  private static byte[] utf8(String text) {
    return text.replace("$T", T).replace("$S", S).replace("$F", JSON_FIXED).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static String goodCsv(String responseId) {
    return responseId + ",2026-H2,team-01,emp-00001,emp-00002,MANAGER," + T + "," + S;
  }

  private static String goodJson(String responseId) {
    return "{\"response_id\":\"" + responseId + "\",\"cycle_id\":\"2026-H2\",\"team_id\":\"team-01\","
        + "\"subject_id\":\"emp-00001\",\"rater_id\":\"emp-00002\",\"rater_group\":\"MANAGER\",\"submitted_at\":\""
        + T + "\",\"answers\":{\"CHANGE_L1\":4}}";
  }
}
