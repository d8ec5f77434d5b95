package dev.feedback360.testkit;

import dev.feedback360.broker.LiveFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
    return holding(LiveFiles.regularFiles(partitionDir), text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The files of these partition directories that hold {@code text} in UTF-8; a directory not (yet) created holds
   * nothing.
   */
  public static List<Path> holdingAny(List<Path> partitionDirs, String text) throws IOException {
    return holdingAny(partitionDirs, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The files of these partition directories that hold {@code bytes} (an encoded record, say); a directory not (yet)
   * created holds nothing.
   */
  public static List<Path> holdingAny(List<Path> partitionDirs, byte[] bytes) throws IOException {
    List<Path> paths = new ArrayList<>();
    for (Path partitionDir : partitionDirs) {
      if (Files.isDirectory(partitionDir)) {
        paths.addAll(LiveFiles.regularFiles(partitionDir));
      }
    }
    return holding(paths, bytes);
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
