package dev.feedback360.reliability.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the docker and docker-compose command lines, as an operator would type them: the faults of the cluster
 * scenarios are {@code docker kill}, {@code docker stop}/{@code start} and {@code docker network disconnect}.
 */
public final class Docker {

  private final Path workDir;
  private final Map<String, String> environment;

  /**
   * @param workDir where commands run (the repository root, for docker-compose and docker build)
   * @param environment added to every command's environment (the compose project, ports, image tags)
   */
  public Docker(Path workDir, Map<String, String> environment) {
    this.workDir = workDir;
    this.environment = Map.copyOf(environment);
  }

  /** True when {@code docker info} answers. */
  public static boolean engineAnswers() {
    return exitCode(List.of("docker", "info")) == 0;
  }

  /** True when the image is present locally (nothing is ever pulled). */
  public static boolean imagePresent(String image) {
    return exitCode(List.of("docker", "image", "inspect", image)) == 0;
  }

  /** True when the docker-compose binary runs. */
  public static boolean composePresent() {
    return exitCode(List.of("docker-compose", "version")) == 0;
  }

  private static int exitCode(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Runs {@code docker <args>} and returns its output; fails with the output when it exits non-zero. */
  public String docker(Duration timeout, String... args) {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return run(timeout, command);
  }

  /** Runs a command line and returns its output (stdout and stderr); fails with the output on a non-zero exit. */
  public String run(Duration timeout, List<String> command) {
    try {
      Path output = Files.createTempFile("feedback360-docker", ".log");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
            .redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish within "
              + timeout.toSeconds() + " s:\n" + Files.readString(output, StandardCharsets.UTF_8));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
              + ") in " + workDir + ":\n" + text);
        }
        return text;
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + String.join(" ", command) + " (is it installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted running " + String.join(" ", command), e);
    }
  }
}
