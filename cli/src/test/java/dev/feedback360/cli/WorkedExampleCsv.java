package dev.feedback360.cli;

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
