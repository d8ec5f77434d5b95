package dev.feedback360.producer.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WithdrawalReaderTest {

  @TempDir
  Path dir;

  @Test
  void shouldReadRowsWithTheirLineNumbersWhateverTheColumnOrderAndCase() throws Exception {
    Path file = write("\uFEFFRater_ID,cycle_id,SUBJECT_ID\r\n"
        + "emp-00042,2026-H2,emp-00001\r\n"
        + "\r\n"
        + "\"emp-00043\",\"2026-\nH2\",emp-00001\r\n"
        + "emp-00044,2026-H2\r\n"
        + " rater_id ,CYCLE_ID,Subject_Id\r\n");

    List<WithdrawalRow> rows = readAll(file);

    assertThat(rows).containsExactly(
        new WithdrawalRow.Row(2, "2026-H2", "emp-00001", "emp-00042"),
        new WithdrawalRow.Row(4, "2026-\nH2", "emp-00001", "emp-00043"),
        new WithdrawalRow.Unreadable(6, "has 2 fields but the header has 3: is the line cut short, or does an "
            + "unquoted field hold a line break? complete the line, or put the field in double quotes"),
        new WithdrawalRow.Unreadable(7, "repeats the header row (two exports joined?): remove it"));
  }

  @Test
  void shouldHideTheIdsOfARowInToString() {
    assertThat(new WithdrawalRow.Row(2, "2026-H2", "emp-00001", "emp-00042").toString())
        .doesNotContain("emp-00001").doesNotContain("emp-00042").contains("2026-H2");
  }

  @Test
  void shouldRefuseAFileWithoutItsHeaderWithoutShowingTheIdsOfItsFirstRow() throws Exception {
    Path file = write("2026-H2,emp-00001,emp-00042\n2026-H2,emp-00001,emp-00043\n");

    assertThatThrownBy(() -> WithdrawalReader.open(file))
        .isInstanceOf(InputRejectedException.class)
        .hasMessage("Withdrawals file " + file + " has an unusable CSV header on line 1: column 1 is not one of "
            + "cycle_id, subject_id, rater_id; column 2 is not one of cycle_id, subject_id, rater_id; column 3 is not "
            + "one of cycle_id, subject_id, rater_id; missing column cycle_id; missing column subject_id; missing "
            + "column rater_id; expected a CSV header line cycle_id,subject_id,rater_id");
  }

  @Test
  void shouldRefuseADuplicateOrMissingColumn() throws Exception {
    Path file = write("cycle_id,subject_id,cycle_id\n2026-H2,emp-00001,2026-H2\n");

    assertThatThrownBy(() -> WithdrawalReader.open(file))
        .isInstanceOf(InputRejectedException.class)
        .hasMessageContaining("duplicate column cycle_id (column 3); missing column rater_id");
  }

  @Test
  void shouldRefuseAnEmptyFileAHeaderWithoutRowsAndAMissingFile() throws Exception {
    assertThatThrownBy(() -> WithdrawalReader.open(write("")))
        .isInstanceOf(InputRejectedException.class).hasMessageContaining("is empty");
    assertThatThrownBy(() -> WithdrawalReader.open(write("cycle_id,subject_id,rater_id\n\n")))
        .isInstanceOf(InputRejectedException.class).hasMessageContaining("has a header but no rows");
    assertThatThrownBy(() -> WithdrawalReader.open(dir.resolve("missing.csv")))
        .isInstanceOf(InputRejectedException.class).hasMessageContaining("cannot be opened");
  }

  private Path write(String content) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "withdrawals", ".csv"), content, StandardCharsets.UTF_8);
  }

  private static List<WithdrawalRow> readAll(Path file) throws Exception {
    List<WithdrawalRow> rows = new ArrayList<>();
    try (WithdrawalReader reader = WithdrawalReader.open(file)) {
      WithdrawalRow row;
      while ((row = reader.next()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }
}
