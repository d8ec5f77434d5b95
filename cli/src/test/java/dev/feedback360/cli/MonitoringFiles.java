package dev.feedback360.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checked-in monitoring files (monitoring/): the Prometheus alert rules and the Grafana dashboard, read as
 * Prometheus and Grafana read them (YAML, JSON), and the metric names their PromQL expressions use.
 *
 * <p>A metric name is an identifier with one of the prefixes the app's metrics have ({@link #PREFIXES}); labels,
 * functions and keywords never carry them. {@code up} is Prometheus' own, not the app's, and is left out.
 */
final class MonitoringFiles {

  static final List<String> PREFIXES = List.of("feedback360_", "kafka_", "jvm_", "process_", "system_");

  private static final Pattern METRIC = Pattern.compile(
      "(?<![A-Za-z0-9_:])((?:feedback360|kafka|jvm|process|system)_[A-Za-z0-9_:]+)(?![A-Za-z0-9_:(])");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;

  private MonitoringFiles(Path directory) {
    this.directory = directory;
  }

  /** The monitoring/ folder of the repository this test runs in. */
  static MonitoringFiles ofRepository() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve("monitoring/alerts.yml"))) {
        return new MonitoringFiles(at.resolve("monitoring"));
      }
    }
    throw new IllegalStateException("Cannot find monitoring/alerts.yml in " + Path.of("").toAbsolutePath()
        + " or a folder above it; run the test from inside the repository");
  }

  Path directory() {
    return directory;
  }

  /** The rule file: {@code groups[].rules[]}. */
  JsonNode alerts() {
    return read(YAML, "alerts.yml");
  }

  /** The dashboard model. */
  JsonNode dashboard() {
    return read(JSON, "grafana-dashboard.json");
  }

  /** Every alert rule. */
  List<JsonNode> alertRules() {
    List<JsonNode> rules = new ArrayList<>();
    alerts().path("groups").forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }

  /** Every panel's query expressions, by panel title. */
  List<String> dashboardExpressions() {
    List<String> expressions = new ArrayList<>();
    dashboard().path("panels").forEach(panel -> panel.path("targets")
        .forEach(target -> expressions.add(target.path("expr").asText())));
    return expressions;
  }

  /** The metric names every alert expression and every dashboard query uses. */
  Set<String> metricNames() {
    Set<String> names = new TreeSet<>();
    alertRules().forEach(rule -> names.addAll(metricNames(rule.path("expr").asText())));
    dashboardExpressions().forEach(expression -> names.addAll(metricNames(expression)));
    return names;
  }

  static Set<String> metricNames(String promQl) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC.matcher(promQl);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  private JsonNode read(ObjectMapper mapper, String file) {
    Path path = directory.resolve(file);
    try {
      return mapper.readTree(path.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
