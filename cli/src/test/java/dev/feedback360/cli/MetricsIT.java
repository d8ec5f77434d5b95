package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.dashboard.auth.Scope;
import dev.feedback360.dashboard.auth.TokenFile;
import dev.feedback360.dashboard.auth.Tokens;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.metrics.AppMetrics;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.ResponseLog.Entry;
import dev.feedback360.testkit.Responses;
import dev.feedback360.testkit.WorkedExample;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of the streams app as the {@code streams} command serves it (AppWithDashboard), on a real broker:
 * scraped with a metrics token and parsed by the Prometheus project's own text-format parser (Debian's
 * python3-prometheus-client, run by {@code /usr/bin/python3}). The app's counters must hold exactly what was sent,
 * the Kafka Streams, JVM and RocksDB metrics the dashboard and alerts use must be there, and so must every metric name
 * of monitoring/. Skipped with the reason when that Python cannot import the parser, unless
 * {@code FEEDBACK360_REQUIRE_PYTHON=true} (CI), which makes that a failure.
 */
class MetricsIT {

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  private static final String PYTHON = "/usr/bin/python3";
  private static final String REQUIRE_ENV = "FEEDBACK360_REQUIRE_PYTHON";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-10-01T09:00:00Z");

  @TempDir
  Path dir;

  @Test
  void shouldExposeExactCountersAndTheKafkaStreamsJvmAndRocksDbMetricsToAMetricsTokenOnly() throws Exception {
    requireParser();
    Path tokensFile = dir.resolve("tokens");
    String metricsToken = TokenFile.append(tokensFile, Scope.metrics(), "prometheus", NOW);
    String teamToken = TokenFile.append(tokensFile, Scope.of(List.of("T1"), List.of()), "alice", NOW);
    String applicationId = "metrics-it";
    // One partition: the records reach the team in the order sent, so the statuses below are by hand.
    StreamsSettings settings = new StreamsSettings(BROKER.bootstrapServers(), applicationId, dir.resolve("state"),
        Topics.defaults(), new TopicSettings(1, (short) 1), new ScoringConfig(2, 1), Map.of());
    DashboardSettings http = DashboardSettings.local(0).withTokens(Tokens.file(tokensFile));

    try (AppWithDashboard served = AppWithDashboard.start(settings, http);
        KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers())) {
      assertThat(served.app().awaitRunning(TIMEOUT)).as("the app reaches RUNNING").isTrue();
      List<SurveyResponse> example = WorkedExample.responses();
      SurveyResponse p1 = example.get(0);
      SurveyResponse p3 = example.get(2);
      for (SurveyResponse response : example) {
        send(producer, Entry.submit(response)); // 7 new
      }
      send(producer, Entry.submit(Responses.copy(p1).setSubmittedAt(WorkedExample.T0.plusSeconds(100)).build()));
      send(producer, Entry.withdraw(p3, WorkedExample.T0.plusSeconds(200)));
      send(producer, Entry.submit(WorkedExample.peer("P9", "S1", 9, "CHANGE_L1=7"))); // score out of range
      CaughtUp.waitFor(BROKER.bootstrapServers(), applicationId, TIMEOUT);

      HttpResponse<String> anonymous = get(served.url(), "/metrics", null);
      HttpResponse<String> wrongScope = get(served.url(), "/metrics", teamToken);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"feedback360\"");
      assertThat(JSON.readTree(anonymous.body()).path("error").asText()).isEqualTo("unauthorized");
      assertThat(wrongScope.statusCode()).isEqualTo(403);
      assertThat(JSON.readTree(wrongScope.body()).path("error").asText()).isEqualTo("forbidden");

      // The Kafka Streams binder picks new Kafka metrics (tasks, stores) up every few seconds; GC pauses exist once
      // a collection happened (the app runs in this JVM: ask for one rather than hope for it).
      System.gc();
      Scrape[] scrape = new Scrape[1];
      await().atMost(TIMEOUT).untilAsserted(() -> {
        scrape[0] = scrape(served.url(), metricsToken);
        assertThat(scrape[0].names()).contains("kafka_stream_task_dropped_records_total",
            "kafka_stream_state_block_cache_usage", "jvm_gc_pause_seconds_count");
      });
      Scrape metrics = scrape[0];
      Files.writeString(Path.of("target", "metrics-it-scrape.txt"), metrics.text(), StandardCharsets.UTF_8);

      // By hand: 7 new responses, 1 correction of P1, 1 withdrawal of P3, 1 record refused; T1 changed 9 times, with
      // k = 2 suppressed only after its first response (one peer), published after the other 8.
      assertThat(metrics.sum("feedback360_responses_total", Map.of("outcome", "new"))).isEqualTo(7);
      assertThat(metrics.sum("feedback360_responses_total", Map.of("outcome", "correction"))).isEqualTo(1);
      assertThat(metrics.sum("feedback360_responses_total", Map.of("outcome", "withdrawal"))).isEqualTo(1);
      assertThat(metrics.sum("feedback360_responses_total", Map.of("outcome", "unchanged"))).isZero();
      assertThat(metrics.sum("feedback360_responses_total", Map.of("outcome", "withdrawal_noop"))).isZero();
      assertThat(metrics.sum("feedback360_team_updates_total", Map.of("outcome", "published"))).isEqualTo(8);
      assertThat(metrics.sum("feedback360_team_updates_total", Map.of("outcome", "suppressed"))).isEqualTo(1);
      assertThat(metrics.sum("feedback360_team_updates_total", Map.of("outcome", "removed"))).isZero();
      assertThat(metrics.sum("feedback360_dead_letters_total", Map.of("reason", "score_out_of_range")))
          .isEqualTo(1);
      assertThat(metrics.sum("feedback360_dead_letters_total", Map.of())).as("every reason").isEqualTo(1);
      assertThat(metrics.sum("feedback360_streams_state", Map.of("state", "running"))).isEqualTo(1);
      assertThat(metrics.sum("feedback360_streams_state", Map.of())).as("one state at a time").isEqualTo(1);

      // Kafka Streams' own: process rate and total, commit latency, consumer lag, restoration, dropped records,
      // RocksDB memtables; the thread's total agrees with the records sent (10 input records, 9 changes repartitioned).
      assertThat(metrics.names()).contains("kafka_stream_thread_process_rate", "kafka_stream_thread_commit_latency_avg",
          "kafka_stream_thread_commit_latency_max", "kafka_stream_thread_commit_total",
          "kafka_stream_task_restore_total", "kafka_stream_state_updater_restore_records_rate",
          "kafka_consumer_fetch_manager_records_lag", "kafka_consumer_fetch_manager_records_lag_max",
          "kafka_stream_task_restore_remaining_records_total", "kafka_stream_task_dropped_records_total",
          "kafka_stream_state_block_cache_usage", "kafka_stream_state_num_entries_active_mem_table");
      // Nothing measured in bytes or sizes of what the clients and stores wrote: those follow from the answers
      // (thirty-seventh review). The scrape of the app before had 67 such names.
      assertThat(metrics.names()).filteredOn(name -> name.startsWith("kafka_"))
          .noneMatch(name -> name.contains("byte") || name.contains("size") || name.contains("compression"));
      assertThat(metrics.sum("kafka_stream_thread_process_total", Map.of())).isEqualTo(10 + 9);
      assertThat(metrics.sum("kafka_stream_task_dropped_records_total", Map.of())).as("the refused record")
          .isEqualTo(1);
      assertThat(metrics.sum("kafka_consumer_fetch_manager_records_lag", Map.of("topic", "survey-responses")))
          .isZero();
      // JVM and the shared RocksDB cache.
      assertThat(metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
      assertThat(metrics.names()).contains("jvm_gc_pause_seconds_count", "jvm_threads_live_threads",
          "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds");
      assertThat(metrics.sum("feedback360_rocksdb_block_cache_capacity_bytes", Map.of())).isEqualTo(96 << 20);
      assertThat(metrics.sum("feedback360_rocksdb_block_cache_usage_bytes", Map.of())).isPositive();

      Set<String> used = MonitoringFiles.ofRepository().metricNames();
      Set<String> missing = new TreeSet<>(used);
      missing.removeAll(metrics.names());
      assertThat(missing).as("metric names in monitoring/ that the app does not expose (of " + used + ")").isEmpty();
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, Entry entry) throws Exception {
    ResponseLog.send(producer, Topics.defaults().responses(), entry);
  }

  private static HttpResponse<String> get(URI base, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }

  private static Scrape scrape(URI base, String token) throws Exception {
    HttpResponse<String> response = get(base, "/metrics", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(AppMetrics.CONTENT_TYPE);
    return Scrape.parse(response.body());
  }

  /** Every sample of one scrape, as the Prometheus parser read them. */
  private record Scrape(String text, List<JsonNode> samples) {

    static Scrape parse(String text) throws IOException, InterruptedException {
      Process python = new ProcessBuilder(PYTHON, parser().toString()).start();
      python.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      python.getOutputStream().close();
      byte[] out = python.getInputStream().readAllBytes();
      String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!python.waitFor(60, TimeUnit.SECONDS)) {
        python.destroyForcibly();
        fail("The Prometheus parser did not finish within 60 s");
      }
      assertThat(python.exitValue()).as("the Prometheus parser: " + err).isZero();
      List<JsonNode> samples = new ArrayList<>();
      JSON.readTree(out).path("samples").forEach(samples::add);
      assertThat(samples).as("samples in the scrape").isNotEmpty();
      return new Scrape(text, samples);
    }

    Set<String> names() {
      Set<String> names = new TreeSet<>();
      samples.forEach(sample -> names.add(sample.path("name").asText()));
      return names;
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
      double sum = 0;
      boolean found = false;
      for (JsonNode sample : samples) {
        if (!sample.path("name").asText().equals(name)) {
          continue;
        }
        boolean matches = labels.entrySet().stream()
            .allMatch(label -> label.getValue().equals(sample.path("labels").path(label.getKey()).asText(null)));
        if (matches) {
          sum += sample.path("value").asDouble();
          found = true;
        }
      }
      assertThat(found).as("a sample " + name + " with labels " + labels).isTrue();
      return sum;
    }
  }

  private static Path parser() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      Path script = at.resolve("cli/src/test/python/parse_prometheus_text.py");
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException("Cannot find cli/src/test/python/parse_prometheus_text.py above "
        + Path.of("").toAbsolutePath());
  }

  /** Skips the test, with the reason, or fails it where it must run. */
  private static void requireParser() throws Exception {
    Process check = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser").redirectErrorStream(true)
        .start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0) {
      return;
    }
    String message = PYTHON + " cannot import prometheus_client (" + output.strip() + "); install it with: "
        + "apt-get install -y python3-prometheus-client";
    if ("true".equals(System.getenv(REQUIRE_ENV))) {
      fail(message + " (" + REQUIRE_ENV + "=true: the metrics test must run)");
    }
    Assumptions.abort("Metrics test skipped: " + message);
  }
}
