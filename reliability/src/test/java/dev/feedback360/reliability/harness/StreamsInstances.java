package dev.feedback360.reliability.harness;

import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances of one streams application, each a separate JVM running {@code feedback360 streams}, each with its
 * own state directory that survives a restart of that instance (as on a real host). Knows every process it ever
 * started, so {@link #close()} leaves none behind.
 */
public final class StreamsInstances implements AutoCloseable {

  private final String bootstrapServers;
  private final String applicationId;
  private final Topics topics;
  private final int partitions;
  private final Map<String, String> streamsProperties;
  private final Path workDir;
  private final Map<String, ManagedProcess> running = new LinkedHashMap<>();
  private final List<ManagedProcess> started = new ArrayList<>();

  /**
   * @param streamsProperties Kafka Streams properties passed with {@code --streams-property}, applied last
   * @param workDir where state directories and logs go
   */
  public StreamsInstances(String bootstrapServers, String applicationId, Topics topics, int partitions,
      Map<String, String> streamsProperties, Path workDir) {
    this.bootstrapServers = bootstrapServers;
    this.applicationId = applicationId;
    this.topics = topics;
    this.partitions = partitions;
    this.streamsProperties = Map.copyOf(streamsProperties);
    this.workDir = workDir;
  }

  /** Starts (or restarts) the instance called {@code name}; it must not be running. */
  public synchronized ManagedProcess start(String name) {
    ManagedProcess current = running.get(name);
    if (current != null && current.isAlive()) {
      throw new IllegalStateException("Instance " + name + " is already running (pid " + current.pid() + ")");
    }
    List<String> args = new ArrayList<>(List.of("streams",
        "--bootstrap-servers", bootstrapServers,
        "--application-id", applicationId,
        "--state-dir", workDir.resolve("state-" + name).toString(),
        // k = 1 (N = 1 by default) publishes every score exactly, which the verifier compares with its model.
        "--min-raters", "1", "--unsafe-allow-min-raters-below-3",
        "--http-port", "0",
        "--partitions", Integer.toString(partitions),
        "--responses-topic", topics.responses(),
        "--scores-topic", topics.scores(),
        "--scores-json-topic", topics.scoresJson(),
        "--dlq-topic", topics.deadLetters()));
    streamsProperties.forEach((key, value) -> {
      args.add("--streams-property");
      args.add(key + "=" + value);
    });
    ManagedProcess process = ManagedProcess.start(applicationId + "/" + name, Cli.command(args),
        workDir.resolve(name + ".log"), Map.of("FEEDBACK360_LOG_LEVEL", "INFO"));
    running.put(name, process);
    started.add(process);
    return process;
  }

  /** The current process of instance {@code name}. */
  public synchronized ManagedProcess get(String name) {
    ManagedProcess process = running.get(name);
    if (process == null) {
      throw new IllegalArgumentException("No instance " + name + " was started");
    }
    return process;
  }

  /** True once the current process of {@code name} has logged that its Kafka Streams client is RUNNING. */
  public boolean isRunning(String name) {
    ManagedProcess process = get(name);
    return process.isAlive() && process.output().contains("-> RUNNING");
  }

  /** True while the current process of every instance runs. */
  public synchronized boolean allAlive() {
    return running.values().stream().allMatch(ManagedProcess::isAlive);
  }

  /** True while the current process of some instance runs. */
  public synchronized boolean anyAlive() {
    return running.values().stream().anyMatch(ManagedProcess::isAlive);
  }

  /** Instances whose current process has ended, with its exit code, e.g. {@code [a (exit 1)]}. */
  public synchronized List<String> exited() {
    List<String> exited = new ArrayList<>();
    running.forEach((name, process) -> {
      if (!process.isAlive()) {
        exited.add(name + " (exit " + process.exitCode() + ")");
      }
    });
    return exited;
  }

  /**
   * What each instance's current process logged that explains a stall: alive or its exit code, how often it went
   * into REBALANCING, its last state change, and its last ERROR or WARN lines (the scenario's own warnings about
   * k = 1 left out), each cut to {@value #DIAGNOSIS_LINE} characters.
   */
  public synchronized String diagnosis() {
    List<String> parts = new ArrayList<>();
    running.forEach((name, process) -> {
      List<String> lines = process.output().lines().toList();
      long rebalances = lines.stream().filter(line -> line.contains("-> REBALANCING")).count();
      String lastState = lines.stream().filter(line -> line.contains("Streams state ")).reduce((a, b) -> b)
          .orElse("no state change logged");
      List<String> problems = lines.stream()
          .filter(line -> line.contains(" ERROR ") || line.contains(" WARN "))
          .filter(line -> !line.contains("--min-raters 1") && !line.contains("--min-change 1"))
          .toList();
      parts.add("instance " + name + (process.isAlive() ? " alive" : " exited " + process.exitCode()) + ", "
          + rebalances + " x REBALANCING, last: " + cut(lastState) + ", last warnings: "
          + problems.subList(Math.max(0, problems.size() - 2), problems.size()).stream()
              .map(StreamsInstances::cut).toList());
    });
    return String.join("; ", parts);
  }

  private static final int DIAGNOSIS_LINE = 300;

  private static String cut(String line) {
    return line.length() <= DIAGNOSIS_LINE ? line : line.substring(0, DIAGNOSIS_LINE) + "...";
  }

  /** Stops every running instance cleanly (SIGTERM: commit, leave the group, close). */
  public synchronized void stopAll() {
    for (ManagedProcess process : running.values()) {
      if (process.isAlive()) {
        process.terminate();
      }
    }
  }

  public String applicationId() {
    return applicationId;
  }

  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    for (ManagedProcess process : started) {
      try {
        process.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
