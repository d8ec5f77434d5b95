package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The k floor and --min-change, checked before any command talks to Kafka (no broker runs here). */
class PublicationOptionsTest {

  @TempDir
  Path dir;

  @Test
  void shouldRefuseAThresholdBelowThreeInEveryCommandThatPublishesWithOneLine() {
    for (String[] args : new String[][] {
        {"streams", "--min-raters", "2", "--bootstrap-servers", "127.0.0.1:1"},
        {"replay", "--output", "what-if", "--min-raters", "1", "--bootstrap-servers", "127.0.0.1:1"},
        {"demo", "--min-raters", "2", "--data-dir", dir.resolve("demo").toString()}}) {
      Cli.Run run = Cli.run(args);

      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(run.err().strip()).as(args[0])
          .startsWith("Error: --min-raters " + args[args[0].equals("demo") ? 2 : 4] + " is refused")
          .contains("traced to one person")
          .contains("--unsafe-allow-min-raters-below-3")
          .doesNotContain("\n");
    }
    assertThat(Files.exists(dir.resolve("demo"))).as("the demo refused before creating anything").isFalse();
  }

  @Test
  void shouldRefuseAMinChangeOutOfRange() {
    Cli.Run run = Cli.run("replay", "--output", "what-if", "--min-change", "0", "--bootstrap-servers", "127.0.0.1:1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--min-change must be between 1 and 1000, got 0");
  }

  @Test
  void shouldDefaultMinChangeToTheThreshold() {
    PublicationOptions options = new PublicationOptions();
    options.minRaters = 5;

    assertThat(options.scoring().minChange()).isEqualTo(5);
  }

  @Test
  void shouldAcceptAThresholdBelowThreeOnlyWithTheOverride() {
    PublicationOptions options = new PublicationOptions();
    options.minRaters = 1;
    options.allowBelowFloor = true;

    assertThat(options.scoring().minRaters()).isEqualTo(1);
    assertThat(options.scoring().publishesEveryChange()).isTrue();
  }
}
