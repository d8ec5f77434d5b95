package dev.feedback360.reliability.harness;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.AdminClients;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a cluster scenario from the outside while it runs, on three threads: the committed (read_committed) end
 * offsets of team-scores and the app's consumer lag, every 250 ms; a read_committed tail of team-scores-json, which
 * records every value each team ever had; and, optionally, a poller that asks one instance's dashboard for every team
 * known so far, over and over. {@link #markFault()} notes when a fault was injected; the results say how long until
 * new output was committed, the peak lag, how long the dashboard answered 503, and every answer of the dashboard
 * that was wrong: a value the team never had on team-scores-json, a 404 for a team already published, a 503 without
 * Retry-After, any other status, or no answer.
 */
public final class FailoverProbe implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverProbe.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SAMPLE = Duration.ofMillis(250);

  private final Topics topics;
  private final String applicationId;
  private final Admin admin;
  private final KafkaConsumer<String, String> tail;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private int emptiedAnswers;

  private final AtomicLong committedOutput = new AtomicLong(-1);
  private final AtomicLong peakLag = new AtomicLong();
  private final AtomicLong samplingErrors = new AtomicLong();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  /** Every value each team ("cycle/team") had on team-scores-json, in order; null for a tombstone. */
  private final Map<String, List<String>> history = new ConcurrentHashMap<>();
  private final List<Answer> answers = new CopyOnWriteArrayList<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /** A fault and, once seen, when output was first committed after it. */
  private static final class Fault {
    final Instant at;
    final long committedBefore;
    volatile Instant firstOutput;

    Fault(Instant at, long committedBefore) {
      this.at = at;
      this.committedBefore = committedBefore;
    }
  }

  /** One answer of the dashboard. */
  record Answer(Instant at, String team, boolean known, int status, String retryAfter, String body) {}

  private FailoverProbe(String bootstrapServers, String applicationId, Topics topics) {
    this.topics = topics;
    this.applicationId = applicationId;
    this.admin = AdminClients.create(bootstrapServers);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.tail = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  /**
   * Starts watching the app {@code applicationId} on its topics.
   *
   * @param dashboard the dashboard to poll ({@code http://localhost:PORT}), or null for none
   * @param token the bearer token for it
   */
  public static FailoverProbe start(String bootstrapServers, String applicationId, Topics topics, String dashboard,
      String token) {
    FailoverProbe probe = new FailoverProbe(bootstrapServers, applicationId, topics);
    probe.startThread("probe-offsets", probe::sampleOffsets);
    probe.startThread("probe-tail", probe::tailScores);
    if (dashboard != null) {
      probe.startThread("probe-dashboard", () -> probe.pollDashboard(dashboard, token));
    }
    return probe;
  }

  private void startThread(String name, Runnable loop) {
    Thread thread = new Thread(() -> {
      try {
        loop.run();
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        LOG.error("Probe thread {} failed", name, e);
      }
    }, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  /** Notes that a fault is injected now. */
  public void markFault() {
    faults.add(new Fault(Instant.now(), committedOutput.get()));
  }

  private void sampleOffsets() {
    CatchUp catchUp = new CatchUp(admin);
    List<String> inputs = List.of(topics.responses(), TeamScoresTopology.repartitionTopic(applicationId));
    while (running) {
      try {
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < partitions(); p++) {
          latest.put(new TopicPartition(topics.scores(), p), OffsetSpec.latest());
        }
        long committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
            .get(5, TimeUnit.SECONDS).values().stream().mapToLong(info -> info.offset()).sum();
        Instant now = Instant.now();
        committedOutput.set(committed);
        for (Fault fault : faults) {
          if (fault.firstOutput == null && committed > fault.committedBefore) {
            fault.firstOutput = now;
          }
        }
        long lag = catchUp.lag(applicationId, inputs, Duration.ofSeconds(5)).values().stream()
            .mapToLong(Long::longValue).sum();
        peakLag.accumulateAndGet(lag, Math::max);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
          | RuntimeException e) {
        // Expected while a broker is down or the repartition topic is not there yet: the sample is skipped.
        samplingErrors.incrementAndGet();
        LOG.debug("Offset sample skipped: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      pause(SAMPLE);
    }
  }

  private int partitions() {
    return 4;
  }

  private void tailScores() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < partitions(); p++) {
      partitions.add(new TopicPartition(topics.scoresJson(), p));
    }
    synchronized (tail) {
      tail.assign(partitions);
      tail.seekToBeginning(partitions);
    }
    while (running) {
      synchronized (tail) {
        try {
          for (ConsumerRecord<String, String> record : tail.poll(Duration.ofMillis(200))) {
            history.computeIfAbsent(record.key(), k -> new CopyOnWriteArrayList<>())
                .add(record.value() == null ? "null" : record.value());
          }
        } catch (org.apache.kafka.common.errors.RetriableException e) {
          // A broker down: the consumer carries on from its position once a leader answers.
          samplingErrors.incrementAndGet();
          LOG.debug("Tail of {} retries: {}", topics.scoresJson(), e.toString());
        }
      }
    }
  }

  private void pollDashboard(String dashboard, String token) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (running) {
      List<String> teams = new ArrayList<>(history.keySet());
      if (teams.isEmpty()) {
        pause(SAMPLE);
      }
      for (String key : teams) {
        if (!running) {
          return;
        }
        String cycle = key.substring(0, key.indexOf('/'));
        String team = key.substring(key.indexOf('/') + 1);
        List<String> values = history.get(key);
        boolean known = !values.isEmpty() && !values.get(values.size() - 1).equals("null");
        Instant at = Instant.now();
        HttpRequest request = HttpRequest.newBuilder(URI.create(dashboard + "/api/teams/"
            + URLEncoder.encode(team, StandardCharsets.UTF_8) + "?cycle=" + URLEncoder.encode(cycle,
                StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token).GET().build();
        try {
          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
          answers.add(new Answer(at, key, known, response.statusCode(),
              response.headers().firstValue("Retry-After").orElse(null), response.body()));
        } catch (IOException e) {
          answers.add(new Answer(at, key, known, -1, null, e.toString()));
          // A dashboard that refuses or drops connections fails at once: without a pause the probe would spin (200,000
          // failed requests in minutes on CI, 2026-12-02) and take the CPU the instances under test need.
          pause(SAMPLE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis()); // a sampling period, not a wait for Kafka
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Seconds from each fault to the first output committed after it; -1 where none was seen. */
  public List<Double> secondsToFirstOutput() {
    return faults.stream().map(f -> f.firstOutput == null ? -1.0
        : Duration.between(f.at, f.firstOutput).toMillis() / 1000.0).toList();
  }

  public long peakLag() {
    return peakLag.get();
  }

  /** Dashboard answers, and how many of them were 503. */
  public int answers() {
    return answers.size();
  }

  public long unavailableAnswers() {
    return answers.stream().filter(a -> a.status() == 503).count();
  }

  /** Seconds from the first to the last 503 of the dashboard (0 when it never answered 503). */
  public double unavailableSeconds() {
    List<Answer> unavailable = answers.stream().filter(a -> a.status() == 503).toList();
    if (unavailable.isEmpty()) {
      return 0;
    }
    return Duration.between(unavailable.get(0).at(), unavailable.get(unavailable.size() - 1).at()).toMillis()
        / 1000.0;
  }

  /**
   * Stops polling, reads team-scores-json to its end (so that every value a team had is known) and lists every
   * wrong answer of the dashboard; empty when all were right.
   */
  public List<String> dashboardProblems() {
    stopThreads();
    synchronized (tail) {
      Map<TopicPartition, Long> end = tail.endOffsets(tail.assignment(), Duration.ofSeconds(30));
      await("team-scores-json to be read to its end").atMost(Duration.ofMinutes(1)).until(() -> {
        for (ConsumerRecord<String, String> record : tail.poll(Duration.ofMillis(200))) {
          history.computeIfAbsent(record.key(), k -> new CopyOnWriteArrayList<>())
              .add(record.value() == null ? "null" : record.value());
        }
        return end.entrySet().stream().allMatch(e -> tail.position(e.getKey()) >= e.getValue());
      });
    }
    List<String> problems = new ArrayList<>();
    for (Answer answer : answers) {
      switch (answer.status()) {
        case 200 -> {
          if (!hadValue(answer.team(), answer.body())) {
            problems.add(answer.at() + " " + answer.team() + ": 200 with a value the team never had on "
                + topics.scoresJson() + ": " + answer.body());
          }
        }
        case 503 -> {
          if (answer.retryAfter() == null) {
            problems.add(answer.at() + " " + answer.team() + ": 503 without Retry-After");
          }
        }
        case 404 -> {
          if (answer.known() && emptied(answer.team())) {
            emptiedAnswers++;
          } else if (answer.known()) {
            problems.add(answer.at() + " " + answer.team() + ": 404 for a team already published: "
                + answer.body());
          }
        }
        default -> problems.add(answer.at() + " " + answer.team() + ": HTTP " + answer.status() + " "
            + answer.body());
      }
    }
    return problems;
  }

  /**
   * Whether the team's every response was withdrawn or moved away at some point (team-scores-json has a tombstone
   * for it): a 404 for it is right once the app has emptied it, even while this probe had not read the tombstone
   * yet. Counted apart ({@link #emptiedAnswers()}).
   */
  private boolean emptied(String team) {
    return history.getOrDefault(team, List.of()).contains("null");
  }

  /** 404 answers for a team published before and emptied since (see {@link #emptied}). */
  public int emptiedAnswers() {
    return emptiedAnswers;
  }

  private boolean hadValue(String team, String body) {
    try {
      JsonNode got = JSON.readTree(body);
      for (String value : history.getOrDefault(team, List.of())) {
        if (!value.equals("null") && JSON.readTree(value).equals(got)) {
          return true;
        }
      }
      return false;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The dashboard answered invalid JSON for " + team + ": " + body, e);
    }
  }

  /** How many offset samples failed (a broker down, a topic not there yet). */
  public long samplingErrors() {
    return samplingErrors.get();
  }

  private void stopThreads() {
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("A probe thread failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      stopThreads();
    } finally {
      synchronized (tail) {
        tail.close();
      }
      admin.close(Duration.ofSeconds(10));
    }
  }
}
