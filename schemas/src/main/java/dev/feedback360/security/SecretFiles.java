package dev.feedback360.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files that hold a secret (the rater key, Kafka client properties with a password, the dashboard keystore's
 * password): whether their group or others may read them, for the warning each gets then ({@code chmod 600}).
 */
public final class SecretFiles {

  private static final Set<PosixFilePermission> READABLE_BY_OTHERS =
      EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

  private SecretFiles() {}

  /**
   * The file's permissions as {@code ls} shows them ({@code rw-r--r--}) when its group or others may read it; empty
   * when only its owner may, or on a file system without POSIX permissions.
   *
   * @throws IOException when the permissions cannot be read
   */
  public static Optional<String> readableByOthers(Path file) throws IOException {
    if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
      return Optional.empty();
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    return permissions.stream().anyMatch(READABLE_BY_OTHERS::contains)
        ? Optional.of(PosixFilePermissions.toString(permissions)) : Optional.empty();
  }

  /**
   * One line for the log when {@code file} may be read by its group or others, or when its permissions cannot be
   * read; empty otherwise.
   *
   * @param what what the file is, lower case ("rater key file")
   */
  public static Optional<String> warning(Path file, String what) {
    try {
      return readableByOthers(file).map(permissions -> "The " + what + " " + file + " can be read by its group or "
          + "by others (" + permissions + "); restrict it: chmod 600 " + file);
    } catch (IOException e) {
      return Optional.of("Cannot read the permissions of the " + what + " " + file + " (" + e + "); make sure only "
          + "its owner can read it");
    }
  }
}
