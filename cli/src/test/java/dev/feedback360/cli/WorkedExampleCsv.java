package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The worked example of docs/scoring.md as an HR export ({@code e2e/worked-example.csv}: ten rows, one of them with
 * an out-of-range score that {@code produce} rejects), for the tests that produce it.
 */
final class WorkedExampleCsv {

  static final String RESOURCE = "e2e/worked-example.csv";

  private WorkedExampleCsv() {}

  /** Writes the export to {@code target} and returns it. */
  static Path writeTo(Path target) throws IOException {
    return copy(RESOURCE, target);
  }

  /**
   * Sends the export to {@code responses} through {@code produce} (a key file of the test's own in {@code dir}), and
   * checks it rejected only the out-of-range row (exit code 2).
   */
  static void produce(String bootstrapServers, String responses, Path dir) throws IOException {
    Path csv = writeTo(dir.resolve("worked-example-" + responses + ".csv"));
    Path key = Files.writeString(dir.resolve("rater-" + responses + ".key"), "a worked example test key of 32 bytes");
    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", bootstrapServers, "--responses-topic", responses,
        "--input", csv.toString(), "--rater-key-file", key.toString());
    assertThat(produce.exitCode()).as(produce.err()).isEqualTo(2);
  }

  /** Writes the cli test resource {@code resource} (e.g. another file of {@code e2e/}) to {@code target}. */
  static Path copy(String resource, Path target) throws IOException {
    try (InputStream in = WorkedExampleCsv.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing from the cli test resources");
      }
      Files.write(target, in.readAllBytes());
    }
    return target;
  }
}
