package dev.feedback360.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

  private static final Instant NOW = Instant.parse("2026-10-01T09:00:00Z");

  @TempDir
  Path dir;

  @Test
  void shouldReadBackTheScopeCreationAndLabelOfEveryTokenButNeverTheToken() {
    Path file = dir.resolve("tokens");
    String scoped = TokenFile.append(file, Scope.of(List.of("R&D EMEA/Ops", "T1"), List.of("2026-H1")), "alice b",
        NOW);
    String all = TokenFile.append(file, Scope.all(), "ops", NOW.plusSeconds(60));

    List<TokenEntry> entries = TokenFile.read(file);

    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).scope().teams()).containsExactlyInAnyOrder("R&D EMEA/Ops", "T1");
    assertThat(entries.get(0).scope().cycles()).containsExactly("2026-H1");
    assertThat(entries.get(0).label()).isEqualTo("alice b");
    assertThat(entries.get(0).created()).isEqualTo(NOW);
    assertThat(entries.get(1).scope().isAll()).isTrue();
    Tokens tokens = Tokens.file(file);
    assertThat(tokens.find(scoped)).contains(entries.get(0));
    assertThat(tokens.find(all)).contains(entries.get(1));
    assertThat(tokens.find(all + "x")).isEmpty();
    assertThat(tokens.find("")).isEmpty();
  }

  @Test
  void shouldRefuseAFileWithALineThatIsNotAnEntrySayingWhichLine() throws Exception {
    Path file = dir.resolve("tokens");
    TokenFile.append(file, Scope.all(), "ops", NOW);
    Files.writeString(file, Files.readString(file) + "f360_a-token-pasted-here-by-mistake\n");

    assertThatThrownBy(() -> TokenFile.read(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Line 5 of the tokens file").hasMessageContaining("fix or delete it")
        .hasMessageNotContaining("f360_a-token");
  }

  @Test
  void shouldRefuseAFileItsGroupMayWrite() throws Exception {
    Path file = dir.resolve("tokens");
    TokenFile.append(file, Scope.all(), "ops", NOW);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));

    assertThatThrownBy(() -> Tokens.file(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void shouldSeeTokensAddedAndRevokedWhileRunning() throws Exception {
    Path file = dir.resolve("tokens");
    String first = TokenFile.append(file, Scope.all(), "first", NOW);
    Tokens tokens = Tokens.file(file);
    String second = TokenFile.append(file, Scope.all(), "second", NOW);

    assertThat(tokens.find(second)).isPresent();

    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.stream().filter(l -> !l.contains("label=first")).toList());
    assertThat(tokens.find(first)).isEmpty();
    assertThat(tokens.find(second)).isPresent();
  }

  @Test
  void shouldLimitAScopeToItsTeamsAndCycles() {
    Scope t1 = Scope.of(List.of("T1"), List.of());
    Scope t1In2026 = Scope.of(List.of("T1"), List.of("2026-H1"));

    assertThat(Scope.all().allows("any", "T9")).isTrue();
    assertThat(t1.allows("2027-H1", "T1")).isTrue();
    assertThat(t1.allows("2027-H1", "T2")).isFalse();
    assertThat(t1In2026.allows("2026-H1", "T1")).isTrue();
    assertThat(t1In2026.allows("2027-H1", "T1")).isFalse();
    assertThatThrownBy(() -> Scope.of(List.of("all", "T1"), List.of())).hasMessageContaining("--scope all alone");
  }

  @Test
  void shouldReadBackAMetricsTokenNextToTeamTokens() throws Exception {
    Path file = dir.resolve("tokens");
    TokenFile.append(file, Scope.of(List.of("T1"), List.of()), "alice", NOW);
    String metrics = TokenFile.append(file, Scope.metrics(), "prometheus scraper", NOW.plusSeconds(60));

    List<TokenEntry> entries = TokenFile.read(file);

    assertThat(Files.readAllLines(file).get(Files.readAllLines(file).size() - 1))
        .endsWith("  scope=metrics  created=2026-10-01T09:01:00Z  label=prometheus%20scraper");
    assertThat(entries).hasSize(2);
    assertThat(entries.get(1).scope()).isEqualTo(Scope.metrics());
    assertThat(entries.get(1).label()).isEqualTo("prometheus scraper");
    assertThat(Tokens.file(file).find(metrics).map(TokenEntry::scope)).contains(Scope.metrics());
  }

  @Test
  void shouldRefuseAnUnknownScopeLineSayingWhichLine() throws Exception {
    Path file = dir.resolve("tokens");
    TokenFile.append(file, Scope.all(), "ops", NOW);
    Files.writeString(file, "0".repeat(64) + "  scope=everything  created=2026-10-01T09:00:00Z  label=x\n",
        java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> TokenFile.read(file)).hasMessageContaining("Line 5")
        .hasMessageContaining("scope=everything").hasMessageContaining("scope=metrics");
  }

  @Test
  void shouldLetAMetricsScopeReadTheMetricsOnlyAndAnAllScopeReadThemToo() {
    Scope t1 = Scope.of(List.of("T1"), List.of());
    Scope every2026 = Scope.of(List.of(), List.of("2026-H1"));

    assertThat(Scope.metrics().allowsMetrics()).isTrue();
    assertThat(Scope.metrics().allows("2026-H1", "T1")).isFalse();
    assertThat(Scope.metrics().allowsCycle("2026-H1")).isFalse();
    assertThat(Scope.metrics().isAll()).isFalse();
    assertThat(Scope.all().allowsMetrics()).isTrue();
    assertThat(t1.allowsMetrics()).isFalse();
    assertThat(every2026.allowsMetrics()).as("every team, but of one cycle only").isFalse();
    assertThat(Scope.metrics().describe()).isEqualTo("metrics only");
    assertThatThrownBy(() -> Scope.of(List.of("metrics", "T1"), List.of()))
        .hasMessageContaining("--scope metrics alone");
  }
}
