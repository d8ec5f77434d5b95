package dev.feedback360.reliability.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run the packaged feedback360 command line in a separate JVM: the java binary of the running JVM and
 * {@code cli/target/feedback360.jar} (its manifest puts {@code cli/target/lib/*} on the class path).
 */
public final class Cli {

  /** System property holding the path of the packaged jar; the module's pom sets it. */
  public static final String JAR_PROPERTY = "feedback360.cli.jar";

  private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");

  private Cli() {}

  /** The command line for {@code feedback360 <args>}. */
  public static List<String> command(List<String> args) {
    Path jar = jar();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return command;
  }

  private static Path jar() {
    String property = System.getProperty(JAR_PROPERTY);
    if (property == null) {
      throw new IllegalStateException("System property " + JAR_PROPERTY + " is not set; run the scenarios with "
          + "./mvnw -pl reliability -am verify, which packages the cli module and sets it");
    }
    Path jar = Path.of(property).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
      throw new IllegalStateException("The packaged command line " + jar + " (with lib/ beside it) is missing; run "
          + "./mvnw -pl reliability -am verify, which packages the cli module before these tests");
    }
    return jar;
  }
}
