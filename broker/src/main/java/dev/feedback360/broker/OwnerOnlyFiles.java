package dev.feedback360.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files that only their owner may read: directories 0700, files 0600, each file replaced atomically so that a
 * reader never sees half a file and a crash never leaves one. File systems without POSIX permissions keep their
 * defaults.
 */
final class OwnerOnlyFiles {

  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private OwnerOnlyFiles() {
  }

  /**
   * Creates {@code dir} and its missing parents as 0700; existing directories keep their permissions.
   *
   * @param dir the directory
   * @throws IOException if a directory cannot be created
   */
  static void createDirectories(Path dir) throws IOException {
    if (isPosix(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } else {
      Files.createDirectories(dir);
    }
  }

  /**
   * Replaces {@code target} with new content, readable and writable by the owner only. The content goes to a
   * temporary 0600 file in the same directory first, which is then moved over the target.
   *
   * @param target  the file to write; its directory is created (0700) if missing
   * @param content what to write
   * @throws IOException if the file cannot be written
   */
  static void write(Path target, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    createDirectories(dir);
    Path temp = isPosix(dir)
        ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(FILE))
        : Files.createTempFile(dir, "." + target.getFileName(), ".tmp", new FileAttribute<?>[0]);
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        content.writeTo(out);
      }
      moveOver(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void moveOver(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
