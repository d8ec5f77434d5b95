package dev.feedback360.broker;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a directory that a running Kafka process is changing: a broker's partition directories (segments
 * being deleted, a cleaned log being swapped in) or a Kafka Streams state directory (RocksDB compacting).
 */
public final class LiveFiles {

  private LiveFiles() {}

  /**
   * The regular files under {@code dir}, at any depth. A file deleted between the listing of its directory and the
   * reading of its attributes is left out: it is gone.
   *
   * @throws NoSuchFileException if {@code dir} itself does not exist: an absent directory is not an empty one
   */
  public static List<Path> regularFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
          files.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        if (failure instanceof NoSuchFileException && !file.equals(dir)) {
          return FileVisitResult.CONTINUE;
        }
        throw failure;
      }
    });
    return files;
  }

  /** The bytes of the regular files under {@code dir}, as {@link #regularFiles} lists them. */
  public static long size(Path dir) throws IOException {
    long bytes = 0;
    for (Path file : regularFiles(dir)) {
      bytes += file.toFile().length(); // 0 for a file deleted since it was listed
    }
    return bytes;
  }
}
