package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.topics.KafkaConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KnownCyclesTest {

  @Test
  void shouldWarnInsteadOfFailingWhenTheTopicsCannotBeRead() throws Exception {
    // Nothing listens on port 1: the lookup times out after the command's own work (a withdrawal sent) is done.
    StringWriter err = new StringWriter();

    var known = KnownCycles.readOrWarn(new PrintWriter(err), KafkaConnection.plaintext("127.0.0.1:1"), "team-scores",
        "team-participation-json", Duration.ofMillis(500), "cycle 2026-h1");

    assertThat(known).isEmpty();
    assertThat(err.toString()).startsWith("Warning: could not read team-scores and team-participation-json to check "
        + "cycle 2026-h1 (Cannot list the topics at 127.0.0.1:1").contains("no answer within 500 ms")
        .contains("./feedback360 scores");
  }
}
