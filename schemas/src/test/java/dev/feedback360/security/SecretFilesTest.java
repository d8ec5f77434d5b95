package dev.feedback360.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(OS.WINDOWS) // POSIX permissions
class SecretFilesTest {

  @TempDir
  Path dir;

  @Test
  void shouldWarnOnlyWhenTheGroupOrOthersMayRead() throws IOException {
    Path file = Files.writeString(dir.resolve("keystore.password"), "secret\n");

    for (String readable : new String[] {"rw-r--r--", "rw-r-----", "rw----r--"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(readable));
      assertThat(SecretFiles.readableByOthers(file)).contains(readable);
      assertThat(SecretFiles.warning(file, "dashboard keystore password file")).contains("The dashboard keystore "
          + "password file " + file + " can be read by its group or by others (" + readable + "); restrict it: "
          + "chmod 600 " + file);
    }
    for (String ownerOnly : new String[] {"rw-------", "r--------", "rw--w--w-"}) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(ownerOnly));
      assertThat(SecretFiles.warning(file, "dashboard keystore password file")).as(ownerOnly).isEmpty();
    }
  }

  @Test
  void shouldSayWhenThePermissionsCannotBeRead() {
    Path missing = dir.resolve("missing");

    assertThat(SecretFiles.warning(missing, "rater key file")).hasValueSatisfying(warning -> assertThat(warning)
        .startsWith("Cannot read the permissions of the rater key file " + missing)
        .endsWith("make sure only its owner can read it"));
  }
}
