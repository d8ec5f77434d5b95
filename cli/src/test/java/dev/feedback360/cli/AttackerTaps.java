package dev.feedback360.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.testkit.SseRecorder;
import dev.feedback360.testkit.SseRecorder.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What an outsider records of a running app: every server-sent event of {@code /api/stream}, REST snapshots of
 * every team taken over and over ({@code /api/teams?cycle=} and {@code /api/teams/{team}?cycle=}), and, read
 * afterwards, the whole history of the JSON topic.
 */
final class AttackerTaps implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  private final URI base;
  private final String token;
  private final String cycle;
  private final List<String> teams;
  private final SseRecorder sse;
  private final List<JsonNode> teamSnapshots = new CopyOnWriteArrayList<>();
  private final List<JsonNode> listSnapshots = new CopyOnWriteArrayList<>();
  private final AtomicInteger polls = new AtomicInteger();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "rest-poller");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * Connects to the event stream at once; polls REST from {@link #startPolling()} on; both as a dashboard user with
   * an all-teams token (an output reader of docs/privacy.md).
   */
  AttackerTaps(URI base, String token, String cycle, List<String> teams) {
    this.base = base;
    this.token = token;
    this.cycle = cycle;
    this.teams = List.copyOf(teams);
    sse = new SseRecorder(CLIENT, base, token);
  }

  void startPolling() {
    poller.scheduleWithFixedDelay(this::pollOnce, 0, 20, TimeUnit.MILLISECONDS);
  }

  /** One round of REST snapshots: the list of the cycle, then each team. Non-200 answers are skipped. */
  void pollOnce() {
    try {
      HttpResponse<String> list = get("/api/teams?cycle=" + encode(cycle));
      if (list.statusCode() == 200) {
        listSnapshots.add(JSON.readTree(list.body()));
      }
      for (String team : teams) {
        HttpResponse<String> one = get("/api/teams/" + encode(team) + "?cycle=" + encode(cycle));
        if (one.statusCode() == 200) {
          teamSnapshots.add(JSON.readTree(one.body()));
        }
      }
      polls.incrementAndGet();
    } catch (IOException | RuntimeException e) {
      // A connection refused or reset while the app starts or stops: the next round tries again.
      polls.incrementAndGet();
    }
  }

  boolean ready() {
    return !sse.events("ready").isEmpty();
  }

  List<Event> events() {
    return sse.events();
  }

  /** The records pushed as {@code team} events, in arrival order. */
  List<JsonNode> teamEvents() {
    List<JsonNode> records = new ArrayList<>();
    for (Event event : sse.events("team")) {
      try {
        records.add(JSON.readTree(event.data()));
      } catch (IOException e) {
        throw new UncheckedIOException("An event that is not JSON: " + event.data(), e);
      }
    }
    return records;
  }

  List<JsonNode> teamSnapshots() {
    return List.copyOf(teamSnapshots);
  }

  List<JsonNode> listSnapshots() {
    return List.copyOf(listSnapshots);
  }

  int polls() {
    return polls.get();
  }

  void stopPolling() throws InterruptedException {
    poller.shutdown();
    if (!poller.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("The REST poller did not stop within 30 s");
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    sse.close();
  }

  /** Every committed record of a topic from the beginning, in partition order (null values included). */
  static List<ConsumerRecord<String, String>> history(String bootstrap, String topic, Duration timeout) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end within " + timeout);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
    try {
      return CLIENT.send(request, BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during GET " + pathAndQuery, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
