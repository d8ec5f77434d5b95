package dev.feedback360.producer.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(OS.WINDOWS)
class OwnerOnlyTest {

  @TempDir
  Path dir;

  @Test
  void shouldCreateTheDirectoryAndItsMissingParentsForTheOwnerOnly() throws Exception {
    Path data = dir.resolve("data");

    OwnerOnly.createDirectories(data.resolve("demo"));

    assertThat(permissions(data)).isEqualTo("rwx------");
    assertThat(permissions(data.resolve("demo"))).isEqualTo("rwx------");
  }

  @Test
  void shouldLeaveAnExistingDirectoryAsItIs() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));

    OwnerOnly.createDirectories(shared);

    assertThat(permissions(shared)).isEqualTo("rwxr-xr-x");
  }

  @Test
  void shouldWriteTheFileOwnerOnlyAndLeaveNoTemporaryFile() throws Exception {
    Path key = dir.resolve("rater.key");

    OwnerOnly.writeAtomically(key, "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    assertThat(key).hasContent("0123456789abcdef");
    assertThat(permissions(key)).isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(key);
    }
  }

  @Test
  void shouldReplaceAnExistingFileWithAnOwnerOnlyOne() throws Exception {
    Path key = Files.writeString(dir.resolve("rater.key"), "old");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    OwnerOnly.writeAtomically(key, "new".getBytes(StandardCharsets.US_ASCII));

    assertThat(key).hasContent("new");
    assertThat(permissions(key)).isEqualTo("rw-------");
  }

  @Test
  void shouldFailWhenTheDirectoryIsMissing() {
    assertThatThrownBy(() -> OwnerOnly.writeAtomically(dir.resolve("missing").resolve("rater.key"), new byte[1]))
        .isInstanceOf(NoSuchFileException.class);
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
