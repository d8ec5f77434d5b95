package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void shouldNotAdvertiseTheDashboardWhenItStopsRightAfterTheScores() {
    StringWriter out = new StringWriter();

    DemoCommand.printWhatStays(new PrintWriter(out), Path.of("data/demo"), null, null);

    assertThat(out.toString())
        .contains("Data lives in " + Path.of("data/demo").toAbsolutePath())
        .contains("stop now (--exit-when-done)")
        .doesNotContain("Dashboard:").doesNotContain("http").doesNotContain("login");
  }

  @Test
  void shouldPrintTheDashboardAndItsLoginWhileItKeepsRunning() {
    StringWriter out = new StringWriter();

    DemoCommand.printWhatStays(new PrintWriter(out), Path.of("data/demo"), URI.create("http://127.0.0.1:8080/"),
        "Log in: http://127.0.0.1:8080/login?token=t");

    assertThat(out.toString())
        .contains("Dashboard: http://127.0.0.1:8080/  (API: http://127.0.0.1:8080/api/teams")
        .contains("Log in: http://127.0.0.1:8080/login?token=t")
        .doesNotContain("stop now");
  }
}
