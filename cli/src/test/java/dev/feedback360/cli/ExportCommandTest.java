package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.streams.export.ExportFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExportCommandTest {

  @Test
  void shouldCountOneTeamInTheSingularAndOthersInThePlural() {
    Path file = Path.of("/tmp/participation.csv");

    assertThat(
        ExportCommand.participationWritten(1, "2026-H2", "team-participation-json", file, ExportFormat.values()[0]))
        .startsWith("Wrote the participation of 1 team of cycle 2026-H2 from team-participation-json to ");
    assertThat(ExportCommand.participationWritten(1200, "2026-H2", "team-participation-json", file,
        ExportFormat.values()[0])).startsWith("Wrote the participation of 1,200 teams of cycle 2026-H2 ");
  }
}
