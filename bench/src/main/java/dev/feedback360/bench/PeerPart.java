package dev.feedback360.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedback360.streams.export.ExportFormat;
import dev.feedback360.streams.export.ResponsesExport;
import dev.feedback360.streams.replay.FastReplay;
import dev.feedback360.streams.replay.ReplayListener;
import dev.feedback360.streams.replay.ReplayRequest;
import dev.feedback360.streams.replay.ReplaySummary;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The analyst's alternative to a replay, on the same preload: {@code export --raw} (the export command's own code,
 * {@link ResponsesExport}, in this JVM) to a CSV file, the file loaded into an in-memory DuckDB through its JDBC
 * driver, and the team scores computed by SQL ({@link PeerSql}), timed end to end. Then, untimed, the reference: the
 * fast replay of the same preload with every change published ({@code --min-change 1}, the exact scores the SQL
 * computes), whose final JSON records are compared with the SQL's field for field.
 */
final class PeerPart {

  /** Where the reference replay (every change published) writes. */
  static final String REFERENCE_OUTPUT = "bench-peer-reference-scores";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the peer measured.
   *
   * @param rate records read by the export over export + load + SQL
   * @param phases the time of each step and the file's size
   * @param cpu the bench JVM's CPU over the same interval: the export, DuckDB's threads (in this process) and the
   *     in-process broker serving the export's reads
   * @param scores the SQL's scores per team, as {@link PeerSql#comparable} keeps them
   * @param reference the reference replay's final records per team, reduced likewise
   */
  record Result(Figures.Rate rate, Figures.PeerPhases phases, Figures.Cpu cpu, Map<String, ObjectNode> scores,
      Map<String, ObjectNode> reference) {

    /** Whether the SQL's scores equal the reference's, team for team. */
    boolean matches() {
      return scores.equals(reference);
    }

    /** The first team (in key order) where they differ, both sides; empty when they agree. */
    String firstDifference() {
      Set<String> keys = new TreeSet<>(scores.keySet());
      keys.addAll(reference.keySet());
      for (String key : keys) {
        ObjectNode sql = scores.get(key);
        ObjectNode replay = reference.get(key);
        if (sql == null || !sql.equals(replay)) {
          return "team " + key + ": DuckDB " + sql + " vs replay (--min-change 1) " + replay;
        }
      }
      return "";
    }
  }

  private static final Duration MARKERS_WAIT = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 200;

  private final String bootstrap;
  private final Progress progress;

  PeerPart(String bootstrap, Progress progress) {
    this.bootstrap = bootstrap;
    this.progress = progress;
  }

  Result run(String responsesTopic, Path workDir, Duration timeout, int cores) throws IOException {
    Path csv = workDir.resolve("peer-responses.csv");
    int minRaters = ScoringConfig.defaults().minRaters();
    progress.say("Peer: export --raw to %s, then DuckDB SQL (k = %d)...", csv.getFileName(), minRaters);
    long cpuBefore = CpuClock.self();
    long start = System.nanoTime();
    ResponsesExport.Result exported = ResponsesExport.export(KafkaConnection.plaintext(bootstrap), responsesTopic,
        InputScope.ALL, ExportFormat.csv, csv, timeout);
    long exportedAt = System.nanoTime();
    Map<String, ObjectNode> scores;
    long rows;
    long loadedAt;
    try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
      PeerSql sql = new PeerSql(duckdb);
      rows = sql.load(csv);
      loadedAt = System.nanoTime();
      scores = sql.scores(minRaters);
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB failed on the peer's export " + csv + " (SQL state " + e.getSQLState()
          + "): " + e.getMessage() + "; the file is kept for inspection", e);
    }
    long end = System.nanoTime();
    long cpu = CpuClock.self() - cpuBefore;
    if (rows != exported.responsesWritten()) {
      throw new IllegalStateException("DuckDB loaded " + rows + " rows from " + csv + " but the export wrote "
          + exported.responsesWritten() + " responses: the CSV was not read whole");
    }
    Figures.PeerPhases phases = new Figures.PeerPhases(exported.recordsRead(), exported.responsesWritten(),
        Files.size(csv), exportedAt - start, loadedAt - exportedAt, end - loadedAt);
    Files.delete(csv);
    progress.say("Peer reference: the fast replay with every change published (--min-change 1), untimed...");
    ReplayRequest request = new ReplayRequest(bootstrap, responsesTopic, REFERENCE_OUTPUT, Set.of(), InputScope.ALL,
        new ScoringConfig(minRaters, 1), TopicSettings.defaults(), null, false, timeout);
    ReplaySummary summary = new FastReplay(request, ReplayListener.silent()).run();
    Map<String, ObjectNode> reference = new HashMap<>();
    referenceRecords(summary.teamsWritten(), timeout).forEach(
        (key, json) -> {
          try {
            reference.put(key, PeerSql.comparable(JSON.readTree(json)));
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read the reference replay's JSON record of team " + key + " in "
                + REFERENCE_OUTPUT + ReplayRequest.JSON_SUFFIX + ": " + e.getMessage(), e);
          }
        });
    Result result = new Result(new Figures.Rate(exported.recordsRead(), 0, end - start), phases,
        new Figures.Cpu("peer (export --raw + DuckDB, bench JVM)", null, cpu, exported.recordsRead(), cores), scores,
        reference);
    if (!result.matches()) {
      progress.say("Peer scores differ from the reference: %s", result.firstDifference());
    }
    return result;
  }

  /**
   * The reference replay's final records, once all {@code teams} are readable. The replay's commit returns before the
   * transaction coordinator has written the commit markers to every partition, so a read_committed read right after
   * it can stop short at a partition's last stable offset and miss that partition's teams (seen once in
   * BenchSmokeIT): read again until every team the replay wrote is there, for at most a minute.
   */
  private Map<String, String> referenceRecords(int teams, Duration timeout) {
    String topic = REFERENCE_OUTPUT + ReplayRequest.JSON_SUFFIX;
    long deadline = System.nanoTime() + MARKERS_WAIT.toNanos();
    Map<String, String> records = FinalScores.latestPerKey(bootstrap, topic, timeout);
    while (records.size() < teams && System.nanoTime() < deadline) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted waiting for the reference replay's records in " + topic, e);
      }
      records = FinalScores.latestPerKey(bootstrap, topic, timeout);
    }
    if (records.size() != teams) {
      progress.say("The reference replay wrote %,d teams but %s holds %,d after %d s; comparing what is there",
          teams, topic, records.size(), MARKERS_WAIT.toSeconds());
    }
    return records;
  }
}
