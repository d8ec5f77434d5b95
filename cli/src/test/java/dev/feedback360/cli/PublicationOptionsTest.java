package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.streams.scoring.ScoringConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The k floor, --min-change and --withhold-sd, checked before any command talks to Kafka (no broker runs here). */
class PublicationOptionsTest {

  @TempDir
  Path dir;

  @Test
  void shouldRefuseAThresholdBelowThreeInEveryCommandThatPublishesAsAUsageError() {
    for (String[] args : new String[][] {
        {"streams", "--min-raters", "2", "--bootstrap-servers", "127.0.0.1:1"},
        {"replay", "--min-raters", "1", "--output", "what-if", "--bootstrap-servers", "127.0.0.1:1"},
        {"demo", "--min-raters", "2", "--data-dir", dir.resolve("demo").toString()}}) {
      Cli.Run run = Cli.run(args);

      assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(run.err().lines().findFirst()).as(args[0]).hasValueSatisfying(line -> assertThat(line)
          .startsWith("--min-raters " + args[2] + " is refused")
          .contains("traced to one person")
          .contains("--unsafe-allow-min-raters-below-3"));
      assertThat(run.err()).as(args[0]).contains("Usage: feedback360 " + args[0]);
    }
    assertThat(Files.exists(dir.resolve("demo"))).as("the demo refused before creating anything").isFalse();
  }

  @Test
  void shouldRefuseAMinChangeOutOfRangeAsAUsageError() {
    for (String minChange : new String[] {"0", "5000"}) {
      Cli.Run run = Cli.run("replay", "--output", "what-if", "--min-change", minChange, "--bootstrap-servers",
          "127.0.0.1:1");

      // README: every command exits 2 on a bad option value, as for --min-change abc.
      assertThat(run.exitCode()).as(minChange).isEqualTo(2);
      assertThat(run.err()).startsWith("--min-change must be between 1 and 1000, got " + minChange)
          .contains("Usage: feedback360 replay");
    }
    assertThat(Cli.run("replay", "--output", "what-if", "--min-change", "abc").exitCode()).isEqualTo(2);
  }

  @Test
  void shouldDefaultMinChangeToTheThreshold() {
    PublicationOptions options = new PublicationOptions();
    options.minRaters = 5;

    assertThat(options.scoring().minChange()).isEqualTo(5);
  }

  @Test
  void shouldWithholdSdInEveryCommandThatPublishesOnlyWhenAsked() {
    StreamsCommand streams = new StreamsCommand();
    ReplayCommand replay = new ReplayCommand();
    DemoCommand demo = new DemoCommand();

    new picocli.CommandLine(streams).parseArgs("--withhold-sd", "--min-raters", "4");
    new picocli.CommandLine(replay).parseArgs("--output", "what-if", "--withhold-sd");
    new picocli.CommandLine(demo).parseArgs("--withhold-sd");

    assertThat(streams.options.publication.scoring()).isEqualTo(new ScoringConfig(4, 4, true));
    assertThat(replay.publication.scoring().withholdsSd()).isTrue();
    assertThat(demo.publication.scoring().withholdsSd()).isTrue();
    StreamsCommand byDefault = new StreamsCommand();
    new picocli.CommandLine(byDefault).parseArgs();
    assertThat(byDefault.options.publication.scoring().withholdsSd()).as("the default publishes sd").isFalse();
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
