package dev.feedback360.reliability.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child OS process (a JVM running the feedback360 command line) with its output appended to a log file, and
 * the signals a fault scenario sends it: SIGKILL ({@link #kill()}), SIGTERM ({@link #terminate}), SIGSTOP and
 * SIGCONT ({@link #pause()}, {@link #resume()}). {@link #close()} always leaves no process behind.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);
  /** Every child still alive; killed by a shutdown hook if the test JVM ends without closing them. */
  private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly),
        "reliability-kill-children"));
  }

  private final String name;
  private final Process process;
  private final Path logFile;
  private final long logOffset;
  private volatile boolean paused;

  private ManagedProcess(String name, Process process, Path logFile, long logOffset) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.logOffset = logOffset;
  }

  /** Starts {@code command}, appending its stdout and stderr to {@code logFile}. */
  public static ManagedProcess start(String name, List<String> command, Path logFile, Map<String, String> env) {
    try {
      Files.createDirectories(logFile.getParent());
      long offset = Files.exists(logFile) ? Files.size(logFile) : 0;
      Files.writeString(logFile, "---- start of " + name + " ----\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      CHILDREN.add(process);
      process.onExit().thenRun(() -> CHILDREN.remove(process));
      LOG.info("Started {} (pid {}), log {}", name, process.pid(), logFile);
      return new ManagedProcess(name, process, logFile, offset);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + " with " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code; the process must have ended. */
  public int exitCode() {
    return process.exitValue();
  }

  /** SIGKILL: the JVM gets no chance to close, commit or abort anything. Waits until the process is gone. */
  public void kill() {
    LOG.info("kill -9 {} (pid {})", name, pid());
    process.destroyForcibly();
    awaitExit();
  }

  /** SIGTERM: the JVM runs its shutdown hooks (a clean stop). Waits until the process is gone. */
  public void terminate() {
    LOG.info("kill -TERM {} (pid {})", name, pid());
    process.destroy();
    awaitExit();
  }

  /** SIGSTOP: the process freezes mid-instruction; no heartbeat, no poll, no commit. */
  public void pause() {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT: the frozen process continues as if nothing happened, unaware of the time it lost. */
  public void resume() {
    signal("CONT");
    paused = false;
  }

  /** The output of this run of the process (the log file is shared by restarts of the same instance). */
  public String output() {
    try {
      byte[] all = Files.readAllBytes(logFile);
      return new String(all, (int) Math.min(logOffset, all.length), (int) Math.max(0, all.length - logOffset),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the log of " + name + " at " + logFile, e);
    }
  }

  public Path logFile() {
    return logFile;
  }

  private void signal(String signal) {
    LOG.info("kill -{} {} (pid {})", signal, name, pid());
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " failed for " + name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run kill -" + signal + " for " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted sending SIG" + signal + " to " + name, e);
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " (pid " + pid() + ") did not exit within "
            + EXIT_TIMEOUT.toSeconds() + " s; killed it. See " + logFile);
      }
      LOG.info("{} (pid {}) exited with code {}", name, pid(), process.exitValue());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("Interrupted waiting for " + name + " to exit", e);
    }
  }

  /** Kills the process if it still runs (resuming it first if paused, so the kernel can deliver the kill). */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    if (paused) {
      resume();
    }
    kill();
  }
}
