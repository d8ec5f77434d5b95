package dev.feedback360.producer.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NominationReaderTest {

  @TempDir
  Path dir;

  @Test
  void shouldReadACsvFileWhateverTheColumnOrderAndCaseAndKeepItsOtherColumnsInFileOrder() throws Exception {
    Path file = write("n.csv", "\uFEFFEmail,Rater_ID,cycle_id,team_id,SUBJECT_ID,rater_group,nominated_at\r\n"
        + "p1@example.org,P1,2026-H2,T1,S1,peer,2026-09-01T08:00:00Z\r\n"
        + "\r\n"
        + "\"m, 1@example.org\",M1,2026-H2,T1,S1,MANAGER,\r\n"
        + "x@example.org,P2,2026-H2\r\n"
        + "EMAIL, Rater_ID ,cycle_id,team_id,subject_id,RATER_GROUP,nominated_at\r\n");

    List<NominationRow> rows = readAll(file, InputFormat.CSV, NominationReader.Use.NOMINATE);

    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).isEqualTo(new NominationRow.Row(2, "2026-H2", "T1", "S1", "P1", "peer",
        "2026-09-01T08:00:00Z", columns("Email", "p1@example.org", "Rater_ID", "P1", "cycle_id", "2026-H2",
            "team_id", "T1", "SUBJECT_ID", "S1", "rater_group", "peer", "nominated_at", "2026-09-01T08:00:00Z"),
        "p1@example.org,P1,2026-H2,T1,S1,peer,2026-09-01T08:00:00Z"));
    assertThat(rows.get(1)).isInstanceOfSatisfying(NominationRow.Row.class, row -> {
      assertThat(row.line()).isEqualTo(4);
      assertThat(row.nominatedAt()).isEmpty();
      assertThat(row.columns().get("Email")).isEqualTo("m, 1@example.org");
      assertThat(List.copyOf(row.columns().keySet())).containsExactly("Email", "Rater_ID", "cycle_id", "team_id",
          "SUBJECT_ID", "rater_group", "nominated_at");
    });
    assertThat(rows.get(2)).isEqualTo(new NominationRow.Unreadable(5, "has 3 fields but the header has 7: is the "
        + "line cut short, or does an unquoted field hold a line break? complete the line, or put the field in "
        + "double quotes", "x@example.org,P2,2026-H2"));
    assertThat(rows.get(3)).isEqualTo(new NominationRow.Unreadable(6, "repeats the header row (two exports "
        + "joined?): remove it", "EMAIL, Rater_ID ,cycle_id,team_id,subject_id,RATER_GROUP,nominated_at"));
  }

  @Test
  void shouldReadJsonLinesWithStringFieldsAndKeepOtherFieldsAsText() throws Exception {
    Path file = write("n.jsonl", "{\"cycle_id\":\"2026-H2\",\"team_id\":\"T1\",\"subject_id\":\"S1\","
        + "\"rater_id\":\"S1\",\"rater_group\":\"SELF\",\"email\":\"s1@example.org\",\"desk\":7}\n"
        + "\n"
        + "{\"cycle_id\":\"2026-H2\",\"team_id\":4}\n"
        + "{\"cycle_id\":\"2026-H2\",\"cycle_id\":\"x\"}\n");

    List<NominationRow> rows = readAll(file, InputFormat.JSON_LINES, NominationReader.Use.NOMINATE);

    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).isInstanceOfSatisfying(NominationRow.Row.class, row -> {
      assertThat(row).extracting(NominationRow.Row::line, NominationRow.Row::cycleId, NominationRow.Row::teamId,
          NominationRow.Row::subjectId, NominationRow.Row::raterId, NominationRow.Row::raterGroup,
          NominationRow.Row::nominatedAt).containsExactly(1L, "2026-H2", "T1", "S1", "S1", "SELF", null);
      assertThat(row.columns()).containsExactly(Map.entry("cycle_id", "2026-H2"), Map.entry("team_id", "T1"),
          Map.entry("subject_id", "S1"), Map.entry("rater_id", "S1"), Map.entry("rater_group", "SELF"),
          Map.entry("email", "s1@example.org"), Map.entry("desk", "7"));
    });
    assertThat(rows.get(1)).isEqualTo(new NominationRow.Unreadable(3, "team_id must be a string, got a number",
        "{\"cycle_id\":\"2026-H2\",\"team_id\":4}"));
    assertThat(rows.get(2)).isEqualTo(new NominationRow.Unreadable(4, "duplicate key 'cycle_id'",
        "{\"cycle_id\":\"2026-H2\",\"cycle_id\":\"x\"}"));
  }

  @Test
  void shouldReadAFileOfRemovalsWithTheKeyColumnsOnly() throws Exception {
    Path file = write("r.csv", "cycle_id,subject_id,rater_id\n2026-H2,S2,M2\n");

    assertThat(readAll(file, InputFormat.CSV, NominationReader.Use.REMOVE)).containsExactly(
        new NominationRow.Row(2, "2026-H2", null, "S2", "M2", null, null,
            columns("cycle_id", "2026-H2", "subject_id", "S2", "rater_id", "M2"), "2026-H2,S2,M2"));
  }

  @Test
  void shouldRefuseAHeaderWithoutTheNominationColumnsWithoutShowingValues() throws Exception {
    Path file = write("n.csv", "2026-H2,S1,P1,T1,PEER\n2026-H2,S1,P2,T1,PEER\n");

    assertThatThrownBy(() -> NominationReader.open(file, InputFormat.CSV, NominationReader.Use.NOMINATE))
        .isInstanceOf(InputRejectedException.class)
        .hasMessage("Nominations file " + file + " has an unusable CSV header on line 1: missing column cycle_id; "
            + "missing column subject_id; missing column rater_id; missing column team_id; missing column "
            + "rater_group; expected a CSV header line with cycle_id,subject_id,rater_id,team_id,rater_group (and "
            + "optionally nominated_at); other columns are ignored");
  }

  @Test
  void shouldRefuseADuplicateColumnKnownOrNot() throws Exception {
    Path file = write("n.csv", "cycle_id,subject_id,rater_id,team_id,rater_group,email,email,TEAM_ID\n"
        + "2026-H2,S1,P1,T1,PEER,a,b,T1\n");

    assertThatThrownBy(() -> NominationReader.open(file, InputFormat.CSV, NominationReader.Use.NOMINATE))
        .isInstanceOf(InputRejectedException.class)
        .hasMessageContaining("on line 1: duplicate column team_id (column 8); duplicate column 'email' (column 7)");
  }

  @Test
  void shouldRefuseAFileWithAHeaderButNoRowsAndAnEmptyJsonLinesFile() throws Exception {
    Path csv = write("n.csv", "cycle_id,subject_id,rater_id\n\n");
    Path jsonl = write("n.jsonl", "\n \n");

    assertThatThrownBy(() -> NominationReader.open(csv, InputFormat.CSV, NominationReader.Use.REMOVE))
        .isInstanceOf(InputRejectedException.class)
        .hasMessage("Nominations file " + csv + " has a header but no rows: nothing to send");
    assertThatThrownBy(() -> NominationReader.open(jsonl, InputFormat.JSON_LINES, NominationReader.Use.REMOVE))
        .isInstanceOf(InputRejectedException.class)
        .hasMessage("Nominations file " + jsonl + " is empty: expected one JSON object per line");
  }

  @Test
  void shouldHideIdsAndOtherColumnsInToString() {
    NominationRow.Row row = new NominationRow.Row(2, "2026-H2", "T1", "emp-00001", "emp-00042", "PEER", null,
        columns("email", "jane@example.org"), "...");

    assertThat(row.toString()).doesNotContain("emp-00001").doesNotContain("emp-00042")
        .doesNotContain("jane@example.org").contains("2026-H2");
  }

  private static Map<String, String> columns(String... namesAndValues) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      columns.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return columns;
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private static List<NominationRow> readAll(Path file, InputFormat format, NominationReader.Use use)
      throws Exception {
    List<NominationRow> rows = new ArrayList<>();
    try (NominationReader reader = NominationReader.open(file, format, use)) {
      NominationRow row;
      while ((row = reader.next()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }
}
