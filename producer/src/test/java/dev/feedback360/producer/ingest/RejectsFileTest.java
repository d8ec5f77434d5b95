package dev.feedback360.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RejectsFileTest {

  @TempDir
  Path dir;

  @Test
  void shouldCopyOnlySafeOriginalsAndQuoteEveryTextField() throws Exception {
    Path target = dir.resolve("rejects.csv");

    try (RejectsFile rejects = RejectsFile.create(target)) {
      rejects.write(2, "has 2 fields but the header has 19", "r1,\"a \"\"b\"\"\"\nc");
      rejects.write(3, "line is not valid UTF-8 (at byte 4)", null);
      rejects.write(4, "team_id starts with '@'", "@SUM(A1),x");
      rejects.write(5, "team_id contains control characters", "r5,team\u0007");
      rejects.commit();
    }

    assertThat(Files.readString(target)).isEqualTo("line,reason,original\n"
        + "2,\"has 2 fields but the header has 19\",\"r1,\"\"a \"\"\"\"b\"\"\"\"\"\"\nc\"\n"
        + "3,\"line is not valid UTF-8 (at byte 4)\",\n"
        + "4,\"team_id starts with '@'\",\n"
        + "5,\"team_id contains control characters\",\n");
  }

  @Test
  void shouldLeaveNoFileWhenNotCommitted() throws Exception {
    Path target = dir.resolve("rejects.csv");

    try (RejectsFile rejects = RejectsFile.create(target)) {
      rejects.write(2, "reason", "original");
    }

    assertThat(dir).isEmptyDirectory();
  }
}
