package dev.feedback360.producer.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files only their owner may use: directories {@code rwx------} (0700), files {@code rw-------}
 * (0600), set when they are created, never changed afterwards. On a file system without POSIX permissions (Windows)
 * they are created with that file system's defaults.
 */
public final class OwnerOnly {

  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private OwnerOnly() {}

  /**
   * Creates a directory and its missing parents, each 0700; directories that already exist are left as they are.
   *
   * @return the directory
   */
  public static Path createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    return isPosix(absolute) ? Files.createDirectories(absolute, DIRECTORY) : Files.createDirectories(absolute);
  }

  /**
   * Writes a file whole or not at all, readable by its owner only from the first byte: the content goes to a 0600
   * temporary file next to the target, which is then moved over the target atomically (replacing it). The directory
   * must exist.
   *
   * @return the file
   * @throws IOException when writing or moving fails; the temporary file is deleted then
   */
  public static Path writeAtomically(Path file, byte[] content) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    String prefix = "." + target.getFileName() + ".";
    Path temporary = isPosix(dir) ? Files.createTempFile(dir, prefix, ".tmp", FILE)
        : Files.createTempFile(dir, prefix, ".tmp");
    try {
      Files.write(temporary, content);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    return target;
  }

  /** Whether the file system of {@code path} has POSIX permissions. */
  public static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
