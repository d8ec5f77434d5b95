package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo --secure}: the whole demo on a SASL_SSL-only broker, each part as its own principal. */
class DemoSecureIT {

  @TempDir
  Path dir;

  @Test
  void shouldScoreTheDemoOnASecuredBrokerWithEachPartAsItsOwnPrincipal() throws IOException {
    Path data = dir.resolve("demo");

    Cli.Run demo = Cli.run("demo", "--secure", "--data-dir", data.toString(), "--port", "0", "--http-port", "0",
        "--teams", "2", "--exit-when-done");

    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("4 teams scored from").contains("stop now (--exit-when-done)")
        .doesNotContain("Dashboard:").doesNotContain("login");
    assertThat(demo.err()).contains("Starting a secured Kafka broker", "Client properties per principal");
    for (String principal : new String[] {"ingest", "streams", "dashboard", "analyst", "admin"}) {
      Path file = data.resolve("broker/clients/" + principal + ".properties");
      assertThat(Files.readString(file)).contains("security.protocol=SASL_SSL");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }
}
