package dev.feedback360.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastReplayTest {

  @Test
  void shouldSayWhatRanOutOfHeapAndBothWaysOnWhenTheFoldOutgrowsIt() {
    OutOfMemoryError error = new OutOfMemoryError("Java heap space");

    IllegalStateException failure = FastReplay.outOfHeap("feedback360-replay-fast-1", 134_706, 29_870,
        512L << 20, error);

    assertThat(failure).hasCause(error);
    assertThat(failure.getMessage())
        .contains("feedback360-replay-fast-1")
        .contains("at most 512 MiB")
        .contains("134,706 response keys of 29,870 teams")
        .contains("committed nothing")
        .contains("FEEDBACK360_JAVA_OPTS=-Xmx")
        .contains("--mode topology")
        .contains("docs/replay.md");
  }
}
