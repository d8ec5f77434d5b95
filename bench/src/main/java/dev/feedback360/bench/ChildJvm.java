package dev.feedback360.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM the bench starts for a part that must be measured on its own (the streams app, the
 * floor, the fast replay): this JVM's class path and its {@code -XX:} options, so that a child runs as the launcher
 * runs the tool (its {@code jvm.options}, and {@code FEEDBACK360_JAVA_OPTS}), with a heap of its own.
 */
final class ChildJvm {

  private ChildJvm() {}

  /** {@code java <this JVM's -XX: options> -Xmx<heapMb>m -cp <this class path> <main> <arguments>}. */
  static List<String> command(int heapMb, Class<?> main, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(java());
    command.addAll(inherited(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    command.add("-Xmx" + heapMb + "m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(arguments);
    return command;
  }

  /** The {@code java} launcher of the JDK this JVM runs on. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The options of {@code parent} a child takes: every {@code -XX:} option but a flight recording's, which would
   * write the parent's file from two JVMs. The child's own {@code -Xmx} comes after them, so it wins over a heap
   * size among them.
   */
  static List<String> inherited(List<String> parent) {
    return parent.stream()
        .filter(option -> option.startsWith("-XX:"))
        .filter(option -> !option.startsWith("-XX:StartFlightRecording") && !option.startsWith("-XX:FlightRecorder"))
        .toList();
  }
}
