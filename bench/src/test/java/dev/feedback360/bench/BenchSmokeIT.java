package dev.feedback360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole benchmark at a small N on a real broker, so that it cannot rot: every figure present and positive,
 * the streams app's final scores equal to the naive baseline's. No timing thresholds: the suite runs on shared
 * machines; the real numbers come from {@code ./feedback360 bench} and live in docs/benchmarks.md.
 */
class BenchSmokeIT {

  @TempDir
  Path dir;

  @Test
  void shouldMeasureEveryPartAndAgreeWithTheNaiveBaselineAndThePeerOnASmallRun() throws Exception {
    Path output = dir.resolve("results.json");
    BenchSettings settings = new BenchSettings(5_000, 20, 2, 0.10, 0.01, 7L,
        EnumSet.allOf(BenchSettings.Part.class), List.of(0.25, 0.5), Duration.ofSeconds(2), 256, Map.of(),
        ScoringConfig.defaults(), new BenchSettings.JmhSettings(0, 0, 1, Duration.ofMillis(100)), output,
        Duration.ofMinutes(5));
    StringWriter progress = new StringWriter();

    BenchResults results = new BenchRun(settings, new PrintWriter(progress, true)).run(dir.resolve("work"));

    assertThat(results.outputsMatch()).as("streams output equals naive output").isTrue();
    // 20 teams x 2 cycles, each with about 15 live responses: every team-cycle is scored.
    assertThat(results.teamsScored()).isEqualTo(40);
    for (Figures.Rate rate : List.of(results.rawProducer(), results.rawProducerAppSettings(), results.rawConsumer(),
        results.naive(), results.streams(), results.floor())) {
      assertThat(rate.records()).isEqualTo(5_000);
      assertThat(rate.perSecond()).isPositive();
    }
    assertThat(results.streamsOverRawProducer()).isPositive();
    assertThat(results.streamsOverNaive()).isPositive();
    assertThat(results.streamsOverFloor()).isPositive();
    assertThat(results.floorOverNaive()).isPositive();
    // The floor writes what the app writes when every response changes something, one record per topic: its two
    // stores' changelogs, its repartition topic and its two outputs.
    Figures.Writes floorWrites = results.floorWrites();
    assertThat(floorWrites.topics()).extracting(Figures.TopicWrites::topic).containsExactlyInAnyOrder(
        "bench-floor-latest-responses-changelog", "bench-floor-team-aggregates-changelog",
        "bench-floor-team-changes-repartition", "bench-floor-scores", "bench-floor-scores-json");
    assertThat(floorWrites.topics()).allSatisfy(
        topic -> assertThat(topic.recordsSent()).as(topic.topic()).isEqualTo(5_000));
    assertThat(results.settings().get("appProducerSettings")).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("acks", "all").containsEntry("compression.type", "lz4");
    assertThat(results.memoryAtDrainEnd().peakHeapUsedBytes()).isPositive();
    assertThat(results.memoryAtDrainEnd().peakRssBytes()).isPositive();
    assertThat(results.memoryOverall().heapMaxBytes()).isPositive();
    assertThat(results.stateDirBytes()).isPositive();
    Figures.Writes writes = results.appWrites();
    assertThat(writes.responses()).isEqualTo(5_000);
    assertThat(writes.topics()).extracting(Figures.TopicWrites::topic).contains(
        "bench-streams-latest-responses-changelog", "bench-streams-team-aggregates-changelog",
        "bench-streams-team-changes-repartition", "team-scores", "team-scores-json");
    assertThat(writes.topics()).allSatisfy(topic -> {
      assertThat(topic.recordsSent()).as(topic.topic()).isPositive();
      assertThat(topic.batchBytesSent()).as(topic.topic()).isPositive();
      // Compaction and the app's purge of consumed repartition records only ever remove records.
      assertThat(topic.recordsRead()).as(topic.topic()).isBetween(0L, topic.recordsSent());
    });
    // The cleaner never touches a partition's active segment: the compacted topics cannot be read back empty.
    assertThat(writes.topics()).filteredOn(topic -> !topic.topic().endsWith("-repartition"))
        .allSatisfy(topic -> assertThat(topic.recordsRead()).as(topic.topic()).isPositive());
    // A response that changes what counts writes its latest-responses changelog record and its team-changes
    // repartition record, then the team's changelog records and its two output records; one that changes nothing
    // (an older submission than the stored one) writes none. A 200,000-response run: 199,883 changed something,
    // 1.00 + 1.00 + 1.02 (team entries are cached, rater tallies are not) + 1.00 + 1.00 = 5.02 records per response.
    // So at least 2 per response, the first two alone.
    assertThat(writes.sentPerResponse()).isGreaterThanOrEqualTo(2);
    assertThat(writes.readPerResponse()).isPositive().isLessThanOrEqualTo(writes.sentPerResponse());
    assertThat(results.brokerCeiling()).isPositive();
    assertThat(results.streamsOverBrokerCeiling()).isPositive();
    assertThat(results.cpu()).extracting(Figures.Cpu::part).containsExactly("raw producer (idempotent, acks=all)",
        "naive baseline (1 thread, transactional)", "streams app (exactly_once_v2)",
        "floor (app's shape, trivial processing)", "fast replay (pipelined, 1 transaction)",
        "peer (export --raw + DuckDB, bench JVM)", "streams app (exactly_once_v2)" + StreamsPart.WARM_SUFFIX,
        "floor (app's shape, trivial processing)" + StreamsPart.WARM_SUFFIX);
    // A drain's second half counts the responses still to be committed when it began: at most half of them, or,
    // when a drain this small committed its whole second half between two polls, what the last poll before saw.
    for (Figures.Cpu half : results.cpu().subList(6, 8)) {
      assertThat(half.responses()).as(half.part()).isPositive().isLessThanOrEqualTo(5_000);
      assertThat(half.appMicrosPerResponse()).as(half.part()).isPositive();
    }
    // The replay runs before the streams part, so it reads the preload alone, as the naive baseline does.
    assertThat(results.replay().records()).isEqualTo(5_000);
    assertThat(results.replay().perSecond()).isPositive();
    assertThat(results.replayMatches()).as("fast replay output equals naive output").isTrue();
    assertThat(results.replayMemory().peakHeapUsedBytes()).isPositive()
        .isLessThanOrEqualTo(results.replayMemory().heapMaxBytes());
    assertThat(results.cpu().get(3).appMicrosPerResponse()).as("the floor JVM's own CPU").isPositive();
    assertThat(results.cpu().get(4).appMicrosPerResponse()).as("the replay JVM's own CPU").isPositive();
    // The peer (export --raw, then DuckDB SQL) reads the preload alone too; its scores equal, field for field, those
    // of a fast replay with every change published.
    assertThat(results.peer().records()).isEqualTo(5_000);
    assertThat(results.peer().perSecond()).isPositive();
    assertThat(results.peerMatches()).as("peer scores equal replay (--min-change 1); %s", results.peerDifference())
        .isTrue();
    assertThat(results.replayOverPeer()).isPositive();
    Figures.PeerPhases peer = results.peerPhases();
    // Corrections and withdrawals leave fewer responses that count than records read.
    assertThat(peer.responsesExported()).isPositive().isLessThan(peer.recordsRead());
    assertThat(peer.fileBytes()).isPositive();
    assertThat(List.of(peer.exportNanos(), peer.loadNanos(), peer.sqlNanos())).allSatisfy(
        nanos -> assertThat(nanos).isPositive());
    assertThat(results.cpu()).allSatisfy(cpu -> {
      assertThat(cpu.benchMicrosPerResponse()).as(cpu.part()).isPositive();
      assertThat(cpu.cpuCeilingPerSecond()).as(cpu.part()).isPositive();
    });
    assertThat(results.cpu().get(2).appMicrosPerResponse()).as("the app JVM's own CPU").isPositive();
    if (Files.isDirectory(Path.of("/proc/self/task"))) {
      // Linux: the app's and the floor's CPU by thread, the stream threads found by their name.
      for (Figures.Cpu drain : List.of(results.cpu().get(2), results.cpu().get(3), results.cpu().get(6),
          results.cpu().get(7))) {
        assertThat(drain.appThreadMicrosPerResponse()).as(drain.part())
            .containsOnlyKeys(CpuClock.THREAD_GROUPS)
            .hasEntrySatisfying("stream threads", micros -> assertThat(micros).isPositive()
                .isLessThanOrEqualTo(drain.appMicrosPerResponse()));
      }
    }
    assertThat(results.latency()).hasSize(2).allSatisfy(latency -> {
      assertThat(latency.seen()).isEqualTo(latency.sent()).isPositive();
      assertThat(latency.p50Ms()).isPositive();
      assertThat(latency.p99Ms()).isGreaterThanOrEqualTo(latency.p50Ms());
      assertThat(latency.p999Ms()).isGreaterThanOrEqualTo(latency.p99Ms());
    });
    assertThat(results.jmh()).extracting(Figures.Jmh::benchmark).containsExactly(
        "AggregateBenchmarks.addThenSubtract", "AggregateBenchmarks.changeAndStoreTeamState",
        "AggregateBenchmarks.computeScores", "AggregateBenchmarks.foldTeam", "AggregateBenchmarks.scoresToJson",
        "AggregateBenchmarks.storeTeamState",
        "AvroBenchmarks.decodeResponse", "AvroBenchmarks.encodeResponse");
    assertThat(results.jmh()).allSatisfy(jmh -> assertThat(jmh.score()).isPositive());

    JsonNode json = new ObjectMapper().readTree(output.toFile());
    assertThat(json.get("machine").get("cores").asInt()).isPositive();
    assertThat(json.get("streams").get("perSecond").asDouble()).isPositive();
    assertThat(json.get("floor").get("perSecond").asDouble()).isPositive();
    assertThat(json.get("latency")).hasSize(2);
    assertThat(json.get("peer").get("perSecond").asDouble()).isPositive();
    assertThat(json.get("replayOverPeer").asDouble()).isPositive();
    assertThat(json.get("peerMatches").asBoolean()).isTrue();
    assertThat(json.get("peerPhases").get("sqlSeconds").asDouble()).isPositive();
    assertThat(json.get("rawProducerAppSettings").get("perSecond").asDouble()).isPositive();
    assertThat(json.get("appWrites").get("topics")).hasSize(writes.topics().size());
    assertThat(json.get("appWrites").get("sentPerResponse").asDouble()).isGreaterThanOrEqualTo(2);
    assertThat(json.get("brokerCeiling").asDouble()).isPositive();
    assertThat(json.get("cpu").get(2).get("appMicrosPerResponse").asDouble()).isPositive();
    assertThat(json.get("cpu").get(2).get("cpuCeilingPerSecond").asDouble()).isPositive();
    StringWriter table = new StringWriter();
    results.printTable(new PrintWriter(table, true));
    assertThat(table.toString()).contains("streams / raw producer", "p99.9", "peak RSS", "AvroBenchmarks",
        "raw producer (app's producer settings)", "bench-streams-team-changes-repartition",
        "broker ceiling for the app (estimate)", "streams / broker ceiling", "CPU per response (us)", "CPU ceiling/s",
        "fast replay (replay --mode fast)", "fast replay memory (MiB)", "peer (export --raw + DuckDB SQL)",
        "fast replay / peer", "peer scores equal replay (--min-change 1)", "floor (app's shape, trivial processing)",
        "streams / floor", "floor / naive");
  }
}
