package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean demo run logs no ERROR: an operator who reads ERROR in a real incident must not wade through expected
 * noise first. Runs the packaged launcher in its own JVM, so the logging is the shipped one
 * (src/main/resources/logback.xml), on a free broker port and HTTP port with three teams.
 */
class CleanDemoLogIT {

  /** Packaged by the module's build before the integration tests run (working directory: the module). */
  private static final Path JAR = Path.of("target", "feedback360.jar");
  /** A log line at ERROR in the launcher's pattern ({@code HH:mm:ss.SSS LEVEL logger - message}). */
  private static final Pattern ERROR_LINE = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} ERROR ");

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void shouldLogNoErrorDuringACleanDemoRun(@TempDir Path dir) throws Exception {
    assertThat(JAR).as("the packaged launcher; ./mvnw -pl cli -am verify builds it first").isRegularFile();
    Path output = dir.resolve("demo.log");
    Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-jar", JAR.toAbsolutePath().toString(), "demo", "--exit-when-done", "--port", "0",
        "--http-port", "0", "--teams", "3", "--data-dir", dir.resolve("demo").toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
    boolean exited = demo.waitFor(3, TimeUnit.MINUTES);
    if (!exited) {
      demo.destroyForcibly().waitFor();
    }
    List<String> lines = Files.readAllLines(output);

    assertThat(exited).as("the demo ended within 3 minutes; its output:%n%s", String.join("\n", lines)).isTrue();
    assertThat(demo.exitValue()).as("exit code; the demo's output:%n%s", String.join("\n", lines)).isZero();
    assertThat(lines).as("the demo's output").anyMatch(line -> line.contains("teams scored from"));
    assertThat(lines).as(() -> "ERROR lines of a clean demo run; each with the two lines after it (the exception):\n"
        + errorsInContext(lines)).filteredOn(line -> ERROR_LINE.matcher(line).find()).isEmpty();
  }

  /** Each ERROR line and the two lines after it, where a logged exception's class and message are. */
  private static String errorsInContext(List<String> lines) {
    StringBuilder context = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (ERROR_LINE.matcher(lines.get(i)).find()) {
        lines.subList(i, Math.min(i + 3, lines.size())).forEach(line -> context.append("  ").append(line)
            .append('\n'));
      }
    }
    return context.toString();
  }
}
