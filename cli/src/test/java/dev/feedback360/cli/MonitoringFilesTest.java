package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked-in monitoring files: alert rules and dashboard are well-formed and cover what docs/operations.md
 * promises, and Prometheus' own promtool accepts the rules, passes their unit tests (alerts-test.yml) and accepts the
 * example configuration. That every metric they use is one the app exposes is checked against a real scrape by
 * MetricsIT. The promtool checks are skipped where it is not installed, unless {@code FEEDBACK360_REQUIRE_PROMTOOL=true}
 * (CI), which makes that a failure.
 */
class MonitoringFilesTest {

  private static final String REQUIRE_ENV = "FEEDBACK360_REQUIRE_PROMTOOL";
  private static final MonitoringFiles FILES = MonitoringFiles.ofRepository();

  @TempDir
  Path dir;

  @Test
  void shouldAlertOnAStoppedAppLagDeadLettersAndStuckCommitsWithSeverityAndWhatToDo() {
    List<JsonNode> rules = FILES.alertRules();

    assertThat(rules).extracting(rule -> rule.path("alert").asText()).containsExactlyInAnyOrder("Feedback360Down",
        "Feedback360NotRunning", "Feedback360ConsumerLagHigh", "Feedback360DeadLetters", "Feedback360NoCommits");
    for (JsonNode rule : rules) {
      String name = rule.path("alert").asText();
      assertThat(rule.path("expr").asText()).as(name + " expr").isNotBlank();
      assertThat(rule.path("labels").path("severity").asText()).as(name + " severity").isIn("warning", "critical");
      assertThat(rule.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
      assertThat(rule.path("annotations").path("description").asText()).as(name + " description").isNotBlank();
    }
  }

  @Test
  void shouldHaveADashboardPanelForEveryKindOfMetricTheIssueAsksFor() {
    JsonNode dashboard = FILES.dashboard();
    List<String> expressions = FILES.dashboardExpressions();
    Set<Integer> ids = new HashSet<>();

    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique panel id " + panel.path("id")).isTrue();
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      JsonNode grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("panel within 24 columns").isLessThanOrEqualTo(24);
    }
    assertThat(String.join("\n", expressions)).contains("kafka_stream_thread_process_total",
        "kafka_consumer_fetch_manager_records_lag", "kafka_stream_thread_commit_latency_avg",
        "kafka_stream_task_restore_remaining_records_total", "feedback360_dead_letters_total",
        "feedback360_team_updates_total", "feedback360_responses_total", "jvm_memory_used_bytes",
        "feedback360_rocksdb_block_cache_usage_bytes");
  }

  @Test
  void shouldFindTheMetricNamesOfAnExpressionButNotItsLabelsOrFunctions() {
    assertThat(MonitoringFiles.metricNames("sum by (instance, topic) (rate(kafka_stream_thread_process_total"
        + "{instance=~\"$instance\", client_id=~\".+-StreamThread-[0-9]+-consumer\"}[5m])) / on (instance) "
        + "jvm_memory_used_bytes{area=\"heap\"} and up == 0"))
        .containsExactlyInAnyOrder("kafka_stream_thread_process_total", "jvm_memory_used_bytes");
    assertThat(FILES.metricNames()).allSatisfy(name -> assertThat(MonitoringFiles.PREFIXES).anyMatch(name::startsWith))
        .contains("feedback360_streams_state", "feedback360_dead_letters_total",
            "kafka_consumer_fetch_manager_records_lag", "kafka_stream_thread_commit_total");
  }

  @Test
  void shouldPassPromtoolsChecksAndTheAlertUnitTests() throws Exception {
    Path promtool = promtool();
    Path monitoring = FILES.directory();
    // The example names a token file on the Prometheus host; promtool wants it to exist.
    Path token = Files.writeString(dir.resolve("feedback360.token"), "f360_example\n");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, Files.readString(monitoring.resolve("prometheus.yml"))
        .replace("/etc/prometheus/feedback360.token", token.toString()));
    Files.copy(monitoring.resolve("alerts.yml"), dir.resolve("alerts.yml"));

    assertSucceeds(monitoring, promtool.toString(), "check", "rules", "alerts.yml");
    assertSucceeds(monitoring, promtool.toString(), "test", "rules", "alerts-test.yml");
    assertSucceeds(dir, promtool.toString(), "check", "config", "prometheus.yml");
  }

  private static void assertSucceeds(Path workingDirectory, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 60 s");
    }
    assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
  }

  private static Path promtool() throws IOException {
    List<Path> candidates = new ArrayList<>();
    for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        candidates.add(Path.of(entry, "promtool"));
      }
    }
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message = "promtool is not installed; install it with: apt-get install -y --no-install-recommends "
        + "prometheus";
    if ("true".equals(System.getenv(REQUIRE_ENV))) {
      fail(message + " (" + REQUIRE_ENV + "=true: the alert rules must be checked)");
    }
    Assumptions.abort("promtool checks skipped: " + message);
    throw new IllegalStateException("unreachable");
  }
}
