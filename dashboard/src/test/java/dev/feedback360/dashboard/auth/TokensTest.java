package dev.feedback360.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A tokens file that changes into one that cannot be used fails closed: no token of it is accepted meanwhile. */
class TokensTest {

  private static final Instant NOW = Instant.parse("2026-10-01T09:00:00Z");

  @TempDir
  Path dir;

  @Test
  void shouldCountTokensInTheLogInTheSingularAndThePlural() {
    // "Refusing every token ... (was 1 token)", never "(was 1 tokens)".
    assertThat(Tokens.count(0)).isEqualTo("0 tokens");
    assertThat(Tokens.count(1)).isEqualTo("1 token");
    assertThat(Tokens.count(2)).isEqualTo("2 tokens");
  }

  @Test
  void shouldRefuseEveryTokenWhileALineIsNotAnEntryAndAcceptTheRemainingOnesOnceItIsFixed() throws Exception {
    Path file = dir.resolve("tokens");
    String revoked = TokenFile.append(file, Scope.all(), "revoked", NOW);
    String kept = TokenFile.append(file, Scope.all(), "kept", NOW);
    Tokens tokens = Tokens.file(file);
    Authentication authentication = Authentication.tokens(tokens);
    String revokedSession = authentication.login(revoked).orElseThrow();
    String keptSession = authentication.login(kept).orElseThrow();

    // The operator deletes the revoked token's line and, in the same edit, leaves a stray line.
    List<String> lines = withoutLabel(file, "revoked");
    lines.add("f360_pasted-by-mistake");
    Files.write(file, lines);

    assertThat(tokens.find(revoked)).isEmpty();
    assertThat(tokens.find(kept)).isEmpty();
    assertThat(authentication.authenticate(null, revokedSession, null, "GET", "/api/teams")).isEmpty();
    assertThat(authentication.authenticate(null, keptSession, null, "GET", "/api/teams")).isEmpty();
    assertThat(authentication.authenticate("Bearer " + kept, null, null, "GET", "/api/teams")).isEmpty();
    assertThat(authentication.login(kept)).isEmpty();
    assertThat(tokens.problem()).hasValueSatisfying(problem -> assertThat(problem)
        .contains("Line 5 of the tokens file " + file, "fix or delete it").doesNotContain("f360_pasted"));

    lines.remove(lines.size() - 1);
    Files.write(file, lines);

    assertThat(tokens.problem()).isEmpty();
    assertThat(tokens.find(revoked)).isEmpty();
    assertThat(tokens.find(kept)).map(TokenEntry::label).hasValue("kept");
    assertThat(authentication.authenticate(null, keptSession, null, "GET", "/api/teams")).isPresent();
    assertThat(authentication.authenticate(null, revokedSession, null, "GET", "/api/teams")).isEmpty();
  }

  @Test
  @DisabledOnOs(OS.WINDOWS) // POSIX permissions
  void shouldRefuseEveryTokenWhileTheFileIsReadableByOthersAndAcceptThemOnceItIsOwnerOnlyAgain() throws Exception {
    Path file = dir.resolve("tokens");
    String revoked = TokenFile.append(file, Scope.all(), "revoked", NOW);
    String kept = TokenFile.append(file, Scope.all(), "kept", NOW);
    Tokens tokens = Tokens.file(file);

    // Revoked by an editor that saves the file anew with the umask's 0644.
    Files.write(file, withoutLabel(file, "revoked"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(tokens.find(revoked)).isEmpty();
    assertThat(tokens.find(kept)).isEmpty();
    assertThat(tokens.problem()).hasValueSatisfying(problem -> assertThat(problem)
        .contains("The tokens file " + file, "rw-r--r--", "chmod 600 " + file));

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThat(tokens.problem()).isEmpty();
    assertThat(tokens.find(kept)).isPresent();
    assertThat(tokens.find(revoked)).isEmpty();
  }

  @Test
  @DisabledOnOs(OS.WINDOWS) // POSIX permissions
  void shouldNoticeAChmodAloneThatLeavesTheContentAndTimeAsTheyWere() throws Exception {
    Path file = dir.resolve("tokens");
    String kept = TokenFile.append(file, Scope.all(), "kept", NOW);
    Tokens tokens = Tokens.file(file);
    assertThat(tokens.find(kept)).isPresent();

    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(tokens.find(kept)).isEmpty();
    assertThat(tokens.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("chmod 600"));
  }

  @Test
  void shouldRefuseEveryTokenWhileTheFileIsMissing() throws Exception {
    Path file = dir.resolve("tokens");
    String kept = TokenFile.append(file, Scope.all(), "kept", NOW);
    Tokens tokens = Tokens.file(file);
    Path moved = Files.move(file, dir.resolve("tokens.bak"));

    assertThat(tokens.find(kept)).isEmpty();
    assertThat(tokens.problem()).hasValueSatisfying(problem -> assertThat(problem)
        .contains("Cannot read the tokens file " + file, "./feedback360 token --tokens " + file));

    Files.move(moved, file);

    assertThat(tokens.find(kept)).isPresent();
    assertThat(tokens.problem()).isEmpty();
  }

  private static List<String> withoutLabel(Path file, String label) throws Exception {
    return new ArrayList<>(Files.readAllLines(file).stream()
        .filter(line -> !line.contains("label=" + label)).toList());
  }
}
