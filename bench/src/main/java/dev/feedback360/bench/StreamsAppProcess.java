package dev.feedback360.bench;

import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The streams app in a JVM of its own, so that its heap and resident memory are its own and not the broker's or the
 * benchmark's. Talks to {@link StreamsAppChild} over stdin/stdout, one line per message, each prefixed
 * {@value #PREFIX} on stdout:
 * {@code RUNNING <epoch ms>} when Kafka Streams is RUNNING; on {@code MARK} it answers
 * {@code MEMORY <peak heap used> <VmHWM> <heap max>} (bytes, peak since start); on {@code WRITES} it answers
 * {@code WRITES <topic> <records> <retried> <batch bytes> ...}, what its producers have sent per topic so far; on
 * {@code STOP} it closes the app and answers {@code STOPPED ...} with the same figures as MEMORY.
 */
public final class StreamsAppProcess implements AutoCloseable {

  /** Marks the child's protocol lines on its stdout. */
  static final String PREFIX = "@bench ";

  private final Process process;
  private final BufferedReader out;
  private final PrintStream in;

  private StreamsAppProcess(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /**
   * The settings the app runs with in the child: the app's own {@link StreamsSettings} for these servers, id and
   * state directory, with the benchmark's Kafka Streams overrides on top.
   */
  static StreamsSettings streamsSettings(String bootstrapServers, String applicationId, Path stateDir,
      ScoringConfig scoring, Map<String, String> overrides) {
    return new StreamsSettings(bootstrapServers, applicationId, stateDir, Topics.defaults(),
        TopicSettings.defaults(), scoring, overrides);
  }

  /**
   * The producer settings the app gives its producers: every {@code producer.}-prefixed property of its
   * {@link StreamsSettings#toProperties()}, prefix removed.
   */
  static Map<String, Object> producerSettings(StreamsSettings settings) {
    Properties props = settings.toProperties();
    Map<String, Object> producer = new TreeMap<>();
    for (String key : props.stringPropertyNames()) {
      if (key.startsWith(StreamsConfig.PRODUCER_PREFIX)) {
        producer.put(key.substring(StreamsConfig.PRODUCER_PREFIX.length()), props.getProperty(key));
      }
    }
    return producer;
  }

  /** What a child JVM runs: the app, or the floor ({@link FloorTopology}) over {@code teams} team keys. */
  record Child(String kind, int teams) {

    static final Child APP = new Child("app", 0);

    static Child floor(int teams) {
      return new Child("floor", teams);
    }
  }

  /** A running Kafka Streams client in the child, the app's or the floor's. */
  interface Running extends AutoCloseable {

    /** Waits until the client is RUNNING; false if it failed or the time ran out. */
    boolean awaitRunning(Duration timeout) throws InterruptedException;

    Object state();

    KafkaStreams streams();

    /** What stopped a stream thread, or null. */
    Throwable failure();

    @Override
    void close();
  }

  /**
   * Starts the app in a child JVM ({@link ChildJvm}) with {@code -Xmx<heapMb>m} and the given Kafka Streams
   * overrides on top of the app's own settings.
   */
  static StreamsAppProcess start(String bootstrapServers, String applicationId, Path stateDir, int heapMb,
      Map<String, String> overrides) throws IOException {
    return start(Child.APP, bootstrapServers, applicationId, stateDir, heapMb, ScoringConfig.defaults(), overrides);
  }

  /**
   * Like {@link #start(String, String, Path, int, Map)}, running {@code child} in the JVM, publishing by
   * {@code scoring}'s rule.
   */
  static StreamsAppProcess start(Child child, String bootstrapServers, String applicationId, Path stateDir,
      int heapMb, ScoringConfig scoring, Map<String, String> overrides) throws IOException {
    var arguments = new ArrayList<String>(List.of(child.kind(), Integer.toString(child.teams()),
        rule(scoring), bootstrapServers, applicationId, stateDir.toAbsolutePath().toString()));
    overrides.forEach((k, v) -> arguments.add(k + "=" + v));
    List<String> command = ChildJvm.command(heapMb, StreamsAppChild.class, arguments);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new StreamsAppProcess(process);
  }

  /** Waits for the child's RUNNING line; returns the wall-clock time it reported. */
  long awaitRunning() throws IOException {
    String[] line = expect("RUNNING");
    return Long.parseLong(line[1]);
  }

  /** The child's memory peaks so far. */
  Figures.Memory memory() throws IOException {
    in.println("MARK");
    return memory(expect("MEMORY"));
  }

  /**
   * What the app's producers have sent so far, per topic, from their per-topic metrics: every record the app
   * wrote, whatever compaction or purging did to the topics afterwards.
   */
  Map<String, Sent> sent() throws IOException {
    in.println("WRITES");
    String[] line = expect("WRITES");
    Map<String, Sent> sent = new LinkedHashMap<>();
    for (int i = 1; i + 3 < line.length; i += 4) {
      sent.put(line[i], new Sent(Long.parseLong(line[i + 1]), Long.parseLong(line[i + 2]),
          Long.parseLong(line[i + 3])));
    }
    return sent;
  }

  /**
   * What the app's producers sent to one topic, from the {@code producer-topic-metrics} summed over producers.
   *
   * @param records records appended: {@code record-send-total} less {@code record-retry-total} and
   *     {@code record-error-total} (a retried batch is counted once per attempt)
   * @param retried {@code record-retry-total}, records sent again after a retriable error
   * @param batchBytes {@code byte-total}, bytes of the (compressed) batches sent, retried ones once per attempt
   */
  record Sent(long records, long retried, long batchBytes) {}

  /** A publication rule as a child JVM's argument: {@code k:N}. */
  static String rule(ScoringConfig scoring) {
    return scoring.minRaters() + ":" + scoring.minChange();
  }

  /** The publication rule of a child JVM's argument {@code k:N}. */
  static ScoringConfig rule(String argument) {
    String[] kn = argument.split(":");
    return new ScoringConfig(Integer.parseInt(kn[0]), Integer.parseInt(kn[1]));
  }

  /** The app's JVM, for its CPU time. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /** Stops the app and returns its memory peaks over the whole run. */
  Figures.Memory stop() throws IOException, InterruptedException {
    in.println("STOP");
    Figures.Memory memory = memory(expect("STOPPED"));
    process.waitFor();
    return memory;
  }

  private static Figures.Memory memory(String[] line) {
    return new Figures.Memory(Long.parseLong(line[1]), Long.parseLong(line[2]), Long.parseLong(line[3]));
  }

  private String[] expect(String word) throws IOException {
    String line = out.readLine();
    // Anything else on the child's stdout (a logging configuration writing there) is passed through.
    while (line != null && !line.startsWith(PREFIX)) {
      System.err.println(line);
      line = out.readLine();
    }
    if (line == null) {
      throw new IllegalStateException("The streams app process ended before saying " + word + " (exit code "
          + (process.isAlive() ? "n/a" : process.exitValue()) + "); see its log above");
    }
    String[] parts = line.substring(PREFIX.length()).trim().split(" ");
    if (!parts[0].equals(word)) {
      throw new IllegalStateException("The streams app process said '" + line + "', expected " + word);
    }
    return parts;
  }

  @Override
  public void close() {
    process.destroy();
  }

  /** The child side: runs {@link TeamScoresApp} (or {@link FloorApp}) and reports on stdout. */
  public static final class StreamsAppChild {

    private StreamsAppChild() {}

    /**
     * Entry point of the child JVM.
     *
     * @param args what to run ({@code app} or {@code floor}), the floor's team count, the publication rule
     *     ({@code k:N}), bootstrap servers, application id, state dir, then {@code key=value} Kafka Streams
     *     overrides
     */
    public static void main(String[] args) throws Exception {
      PrintStream stdout = System.out;
      Map<String, String> overrides = new HashMap<>();
      for (int i = 6; i < args.length; i++) {
        int eq = args[i].indexOf('=');
        overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
      }
      StreamsSettings settings = streamsSettings(args[3], args[4], Path.of(args[5]), rule(args[2]), overrides);
      ChildMemory memory = ChildMemory.sampled();
      try (Running app = args[0].equals(Child.APP.kind()) ? running(TeamScoresApp.start(settings))
          : FloorApp.start(settings, BenchRun.FLOOR_SCORES, BenchRun.FLOOR_SCORES_JSON, Integer.parseInt(args[1]))) {
        if (!app.awaitRunning(Duration.ofMinutes(2))) {
          stdout.println(PREFIX + "FAILED the " + args[0] + " did not reach RUNNING: " + app.state());
          System.exit(1);
        }
        stdout.println(PREFIX + "RUNNING " + System.currentTimeMillis());
        stdout.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) {
          if (command.equals("MARK")) {
            stdout.println(PREFIX + "MEMORY " + memory.figures());
          } else if (command.equals("WRITES")) {
            stdout.println(PREFIX + "WRITES " + sent(app.streams()));
          } else if (command.equals("STOP")) {
            break;
          }
          stdout.flush();
          if (app.failure() != null) {
            throw new IllegalStateException("The " + args[0] + " failed", app.failure());
          }
        }
      }
      stdout.println(PREFIX + "STOPPED " + memory.figures());
      stdout.flush();
    }

    private static Running running(TeamScoresApp app) {
      return new Running() {
        @Override
        public boolean awaitRunning(Duration timeout) throws InterruptedException {
          return app.awaitRunning(timeout);
        }

        @Override
        public Object state() {
          return app.state();
        }

        @Override
        public KafkaStreams streams() {
          return app.streams();
        }

        @Override
        public Throwable failure() {
          return app.failure();
        }

        @Override
        public void close() {
          app.close();
        }
      };
    }

    /**
     * {@code <topic> <records> <retried> <batch bytes>} per topic (see {@link Sent}) from the producer-topic-metrics,
     * summed over the app's producers.
     */
    private static String sent(KafkaStreams streams) {
      Map<String, Map<String, Long>> totals = new TreeMap<>();
      for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
        MetricName name = metric.getKey();
        if (name.group().equals("producer-topic-metrics")
            && metric.getValue().metricValue() instanceof Double total) {
          totals.computeIfAbsent(name.tags().get("topic"), t -> new HashMap<>())
              .merge(name.name(), total.longValue(), Long::sum);
        }
      }
      StringBuilder line = new StringBuilder();
      totals.forEach((topic, metrics) -> {
        long retried = metrics.getOrDefault("record-retry-total", 0L);
        long appended = metrics.getOrDefault("record-send-total", 0L) - retried
            - metrics.getOrDefault("record-error-total", 0L);
        line.append(topic).append(' ').append(appended).append(' ').append(retried).append(' ')
            .append(metrics.getOrDefault("byte-total", 0L)).append(' ');
      });
      return line.toString().trim();
    }
  }
}
