package dev.feedback360.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/** What a broker keeps on disk: for tests that check a withdrawn response's bytes are gone from every file. */
public final class LogFiles {

  private LogFiles() {}

  /**
   * The files of the partition directory (segments, indexes, files being replaced or deleted) that hold
   * {@code text} in UTF-8.
   *
   * @throws NoSuchFileException if the directory does not exist: absent is not the same as erased
   */
  public static List<Path> holding(Path partitionDir, String text) throws IOException {
    List<Path> paths = new ArrayList<>();
    addRegularFiles(partitionDir, paths);
    return holding(paths, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The files of these partition directories that hold {@code text} in UTF-8; a directory not (yet) created holds
   * nothing.
   */
  public static List<Path> holdingAny(List<Path> partitionDirs, String text) throws IOException {
    List<Path> paths = new ArrayList<>();
    for (Path partitionDir : partitionDirs) {
      if (Files.isDirectory(partitionDir)) {
        addRegularFiles(partitionDir, paths);
      }
    }
    return holding(paths, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Adds the regular files under {@code dir}. A file the broker deletes while it is listed (a segment's
   * {@code .deleted} files, a cleaned log's {@code .cleaned}/{@code .swap} files) is left out: its bytes are gone.
   *
   * @throws NoSuchFileException if {@code dir} itself does not exist
   */
  private static void addRegularFiles(Path dir, List<Path> into) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
          into.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
        if (failure instanceof NoSuchFileException && !file.equals(dir)) {
          return FileVisitResult.CONTINUE; // deleted between the directory's listing and this file's attributes
        }
        throw failure;
      }
    });
  }

  private static List<Path> holding(List<Path> paths, byte[] needle) throws IOException {
    List<Path> holding = new ArrayList<>();
    for (Path path : paths) {
      byte[] content;
      try {
        content = Files.readAllBytes(path);
      } catch (NoSuchFileException deletedSinceListed) {
        continue; // the broker deleted it between the listing and the read: its bytes are gone, which is the point
      }
      if (indexOf(content, needle) >= 0) {
        holding.add(path);
      }
    }
    return holding;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer : for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
