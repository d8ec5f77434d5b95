package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.streams.export.ExportFormat;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExportCommandTest {

  @Test
  void shouldChooseTheFormatByTheExtensionOrTheOption() {
    assertThat(ExportCommand.format(Path.of("scores.csv"), null)).isEqualTo(ExportFormat.csv);
    assertThat(ExportCommand.format(Path.of("out/Scores.JSONL"), null)).isEqualTo(ExportFormat.jsonl);
    assertThat(ExportCommand.format(Path.of("scores"), null)).as("no extension").isEqualTo(ExportFormat.csv);
    assertThat(ExportCommand.format(Path.of("scores.parquet"), ExportFormat.jsonl)).isEqualTo(ExportFormat.jsonl);
  }

  @Test
  void shouldRefuseAnExtensionOfNoFormatAsAUsageErrorNamingTheFormats() {
    assertThatThrownBy(() -> ExportCommand.format(Path.of("x.parquet"), null))
        .isInstanceOf(UsageError.class)
        .hasMessage("--output x.parquet: the extension .parquet is not one of the export formats (csv, jsonl); "
            + "name the file .csv or .jsonl, or choose the format with --format csv|jsonl");

    Cli.Run run = Cli.run("export", "--bootstrap-servers", "127.0.0.1:1", "--output", "x.parquet");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("--output x.parquet: the extension .parquet is not one of the export formats")
        .contains("Usage: feedback360 export");
  }

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
