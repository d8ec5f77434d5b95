package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamsOptionsTest {

  @Test
  void shouldSetNumStandbyReplicasFromStandbyReplicas() {
    StreamsOptions options = parse("--standby-replicas", "1");

    assertThat(options.overrides()).containsEntry("num.standby.replicas", "1");
  }

  @Test
  void shouldLeaveStandbysToKafkaWhenNotGiven() {
    assertThat(parse().overrides()).doesNotContainKey("num.standby.replicas");
  }

  @Test
  void shouldLetAnExplicitStreamsPropertyWinOverStandbyReplicas() {
    StreamsOptions options = parse("--standby-replicas", "1", "--streams-property", "num.standby.replicas=2");

    assertThat(options.overrides()).containsEntry("num.standby.replicas", "2");
  }

  @Test
  void shouldRefuseANegativeNumberOfStandbys() {
    StreamsOptions options = parse("--standby-replicas", "-1");

    assertThatThrownBy(options::overrides).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--standby-replicas must be 0 or more");
  }

  private static StreamsOptions parse(String... args) {
    StreamsOptions options = new StreamsOptions();
    new CommandLine(new Holder(options)).parseArgs(args);
    return options;
  }

  @CommandLine.Command(name = "holder")
  static final class Holder {
    @CommandLine.Mixin
    final StreamsOptions streams;

    Holder(StreamsOptions streams) {
      this.streams = streams;
    }
  }
}
