package dev.feedback360.streams.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;

/** Where a replay keeps its local state: the directory asked for, or a temporary one it makes and later deletes. */
final class ReplayStateDir {

  private ReplayStateDir() {}

  /** Creates the requested directory, or a new temporary one when none was requested. */
  static Path create(Path requested) {
    try {
      if (requested != null) {
        return Files.createDirectories(requested);
      }
      return Files.createTempDirectory("feedback360-replay-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the replay's state directory "
          + (requested == null ? "in " + System.getProperty("java.io.tmpdir") : requested) + ": " + e.getMessage()
          + "; give the replay a writable state directory", e);
    }
  }

  /** Deletes a directory of the replay's own state and everything in it. */
  static void delete(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the replay's state directory " + dir + ": " + e.getMessage()
          + "; delete it by hand", e);
    }
  }
}
