package dev.feedback360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

  /** The repository's jvm.options, which the launcher and the images pass to every JVM of the tool. */
  private static final Path JVM_OPTIONS = Path.of("..", "jvm.options");

  @Test
  void shouldGiveAChildTheParentsJvmOptionsButNotItsFlightRecording() {
    List<String> parent = List.of("-Dfeedback360.x=1", "-XX:FreqInlineSize=50", "-Xmx2g", "-XX:+UseParallelGC",
        "-XX:StartFlightRecording=filename=bench.jfr", "-XX:FlightRecorderOptions=stackdepth=96",
        "-javaagent:profiler.jar");

    assertThat(ChildJvm.inherited(parent)).containsExactly("-XX:FreqInlineSize=50", "-XX:+UseParallelGC");
  }

  @Test
  void shouldPutTheChildsOwnHeapAfterTheInheritedOptions() {
    List<String> command = ChildJvm.command(256, ChildJvmTest.class, List.of("a", "b"));

    assertThat(command.subList(command.size() - 6, command.size()))
        .containsExactly("-Xmx256m", "-cp", System.getProperty("java.class.path"), ChildJvmTest.class.getName(), "a",
            "b");
  }

  @Test
  void shouldHaveJvmOptionsThatThisJavaAccepts() throws IOException, InterruptedException {
    // A typo in the file would stop every command of the launcher and every container from starting.
    Process java = new ProcessBuilder(ChildJvm.java(), "@" + JVM_OPTIONS.toAbsolutePath(), "-XX:+PrintFlagsFinal",
        "-version").redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(java.waitFor()).as(output).isZero();
    assertThat(Files.readAllLines(JVM_OPTIONS)).contains("-XX:FreqInlineSize=50");
    assertThat(output).containsPattern("FreqInlineSize\\s+= 50\\s.*\\{command line\\}");
  }
}
