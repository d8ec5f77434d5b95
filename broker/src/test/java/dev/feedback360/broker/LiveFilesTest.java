package dev.feedback360.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveFilesTest {

  @TempDir
  Path dir;

  @Test
  void shouldListTheRegularFilesAtAnyDepthAndSumTheirBytes() throws IOException {
    Path segment = Files.writeString(dir.resolve("00000000000000000000.log"), "12345");
    Path nested = Files.createDirectories(dir.resolve("rocksdb/team-store"));
    Path sst = Files.writeString(nested.resolve("000012.sst"), "1234567");
    Files.createDirectories(dir.resolve("empty"));

    assertThat(LiveFiles.regularFiles(dir)).containsExactlyInAnyOrder(segment, sst);
    assertThat(LiveFiles.size(dir)).isEqualTo(12);
  }

  @Test
  void shouldRefuseADirectoryThatDoesNotExistRatherThanCallItEmpty() {
    Path missing = dir.resolve("never-created");

    assertThatThrownBy(() -> LiveFiles.regularFiles(missing)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("never-created");
    assertThatThrownBy(() -> LiveFiles.size(missing)).isInstanceOf(NoSuchFileException.class);
  }
}
