package dev.feedback360.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.feedback360.streams.scoring.ScoringConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every figure of one run; null where the part did not run.
 *
 * @param startedAt ISO-8601 instant the run started
 * @param machine cores, memory, JVM, load
 * @param settings what ran (N, teams, parts, overrides...)
 * @param data what the preload held
 * @param rawProducer the plain idempotent acks=all producer sending the preload
 * @param rawProducerAppSettings the same producer with the streams app's producer settings on top (its
 *     {@code producer.}-prefixed properties), sending the preload to a second topic of the same partitions
 * @param rawConsumer the plain consumer reading it back
 * @param naive the one-thread baseline draining it
 * @param streams the streams app draining it, from RUNNING to lag 0 on every input (outputs committed)
 * @param streamsOverRawProducer streams / raw producer responses per second
 * @param streamsOverNaive streams / naive responses per second
 * @param floor the floor ({@link FloorTopology}: the app's shape, trivial processing, the app's settings) draining
 *     the preload, from RUNNING to lag 0 on every input
 * @param streamsOverFloor streams / floor responses per second
 * @param floorOverNaive floor / naive responses per second: above 1, a Kafka Streams app of this shape can match
 *     the naive baseline at best by that much
 * @param floorWrites what the floor wrote per topic while draining
 * @param appWrites what the streams app wrote per topic while draining (changelogs, repartition, outputs)
 * @param brokerCeiling an estimate of the broker's write ceiling for the app, in responses per second: the raw
 *     producer with the app's settings (records/s) over the records the app writes per response; it ignores the
 *     app's own CPU, its reads, transaction markers and offset commits
 * @param streamsOverBrokerCeiling streams drain / broker ceiling
 * @param cpu CPU time per response of each part that ran (the raw producer, the naive baseline, the streams and
 *     floor drains, the fast replay, the peer, then the streams and floor drains' second halves: a warm JVM's cost),
 *     and the throughput each could reach with every core at that cost
 * @param memoryAtDrainEnd the app's memory peaks over start-up and drain
 * @param memoryOverall the app's memory peaks over the whole run, latency loads included
 * @param stateDirBytes size of the app's state directory (RocksDB) after the drain
 * @param outputsMatch whether the streams app's final JSON per team equals the naive baseline's (under the
 *     publication rule only what does not depend on the order of processing: keys, rule, rater counts)
 * @param teamsScored teams (team-cycles) with scores after the drain
 * @param latency end-to-end latency per offered load
 * @param jmh the microbenchmarks
 * @param replay the fast replay of the preload ({@code replay --mode fast}, its own JVM), from start to commit
 * @param replayMemory its JVM's heap and resident peaks
 * @param replayMatches whether its final JSON per team agrees with the naive baseline's (else the streams app's
 *     when no latency probe added responses), as {@link #outputsMatch} compares them
 * @param peer the analyst's alternative ({@code export --raw}, then DuckDB SQL), end to end, the rate counting the
 *     records the export read
 * @param peerPhases its steps: export, load, SQL, and the file's size
 * @param replayOverPeer fast replay / peer responses per second (the target: at least 1)
 * @param peerMatches whether the SQL's scores equal, field for field ({@link PeerSql#comparable}), the final JSON
 *     of a fast replay of the same preload with every change published ({@code --min-change 1})
 * @param peerDifference when they differ, the first team that does, both sides; null otherwise
 */
public record BenchResults(String startedAt, Figures.Machine machine, Map<String, Object> settings,
    Map<String, Object> data, Figures.Rate rawProducer, Figures.Rate rawProducerAppSettings,
    Figures.Rate rawConsumer, Figures.Rate naive, Figures.Rate streams, Double streamsOverRawProducer,
    Double streamsOverNaive, Figures.Rate floor, Double streamsOverFloor, Double floorOverNaive,
    Figures.Writes floorWrites, Figures.Writes appWrites, Double brokerCeiling, Double streamsOverBrokerCeiling,
    List<Figures.Cpu> cpu, Figures.Memory memoryAtDrainEnd, Figures.Memory memoryOverall, Long stateDirBytes,
    Boolean outputsMatch, Integer teamsScored, List<Figures.Latency> latency, List<Figures.Jmh> jmh,
    Figures.Rate replay, Figures.Memory replayMemory, Boolean replayMatches, Figures.Rate peer,
    Figures.PeerPhases peerPhases, Double replayOverPeer, Boolean peerMatches, String peerDifference) {

  private static final double MIB = 1024.0 * 1024.0;

  /** The results of the parts that ran, with the ratios between them; a part that did not run is empty. */
  static BenchResults of(String startedAt, Figures.Machine machine, Map<String, Object> settings,
      Map<String, Object> data, RawPart.Result raw, Optional<NaivePart.Result> naive,
      Optional<StreamsPart.Result> streams, Optional<StreamsPart.Floor> floor, Optional<ReplayPart.Result> replay,
      Optional<PeerPart.Result> peer, List<Figures.Jmh> jmh, ScoringConfig scoring) {
    Figures.Rate rawProducer = raw.producer();
    Figures.Rate streamsRate = streams.map(StreamsPart.Result::rate).orElse(null);
    Figures.Writes writes = streams.map(StreamsPart.Result::writes).orElse(null);
    Double brokerCeiling = writes == null || raw.producerAppSettings().isEmpty() || writes.recordsSent() == 0
        ? null : raw.producerAppSettings().get().perSecond() / writes.sentPerResponse();
    List<Figures.Cpu> cpu = new ArrayList<>();
    cpu.add(raw.producerCpu());
    naive.ifPresent(n -> cpu.add(n.cpu()));
    streams.ifPresent(s -> cpu.add(s.cpu()));
    floor.ifPresent(f -> cpu.add(f.cpu()));
    replay.ifPresent(r -> cpu.add(r.cpu()));
    peer.ifPresent(p -> cpu.add(p.cpu()));
    // Last, so that the parts above keep their places: the two drains' second halves, where measured.
    streams.map(StreamsPart.Result::warmCpu).ifPresent(cpu::add);
    floor.map(StreamsPart.Floor::warmCpu).ifPresent(cpu::add);
    // The replay reads the preload alone (it runs before the streams part, whose latency probe adds responses):
    // compared with the naive baseline, else with the streams app when no probe ran.
    Map<String, String> reference = naive.map(NaivePart.Result::finalScores).orElse(
        streams.isPresent() && streams.get().latency().isEmpty() ? streams.get().finalScores() : null);
    return new BenchResults(startedAt, machine, settings, data, rawProducer, raw.producerAppSettings().orElse(null),
        raw.consumer().orElse(null), naive.map(NaivePart.Result::rate).orElse(null), streamsRate,
        streamsRate == null ? null : streamsRate.perSecond() / rawProducer.perSecond(),
        streamsRate == null || naive.isEmpty() ? null : streamsRate.perSecond() / naive.get().rate().perSecond(),
        floor.map(StreamsPart.Floor::rate).orElse(null),
        streamsRate == null || floor.isEmpty() ? null : streamsRate.perSecond() / floor.get().rate().perSecond(),
        floor.isEmpty() || naive.isEmpty() ? null
            : floor.get().rate().perSecond() / naive.get().rate().perSecond(),
        floor.map(StreamsPart.Floor::writes).orElse(null), writes, brokerCeiling,
        brokerCeiling == null ? null : streamsRate.perSecond() / brokerCeiling, cpu,
        streams.map(StreamsPart.Result::drainMemory).orElse(null),
        streams.map(StreamsPart.Result::overallMemory).orElse(null),
        streams.map(StreamsPart.Result::stateDirBytes).orElse(null),
        streams.isEmpty() || naive.isEmpty() ? null
            : FinalScores.agree(streams.get().finalScores(), naive.get().finalScores(), scoring),
        streams.map(s -> s.finalScores().size()).orElse(null),
        streams.map(StreamsPart.Result::latency).orElse(List.of()), jmh,
        replay.map(ReplayPart.Result::rate).orElse(null), replay.map(ReplayPart.Result::memory).orElse(null),
        replay.isEmpty() || reference == null ? null
            : FinalScores.agree(replay.get().finalScores(), reference, scoring),
        peer.map(PeerPart.Result::rate).orElse(null), peer.map(PeerPart.Result::phases).orElse(null),
        replay.isEmpty() || peer.isEmpty() ? null
            : replay.get().rate().perSecond() / peer.get().rate().perSecond(),
        peer.map(PeerPart.Result::matches).orElse(null),
        peer.filter(p -> !p.matches()).map(PeerPart.Result::firstDifference).orElse(null));
  }

  /** Writes the results as pretty JSON, creating parent directories. */
  public void writeJson(Path file) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
  }

  /** Prints the results table. */
  public void printTable(PrintWriter out) {
    out.printf(Locale.ROOT, "feedback360 bench: N=%s responses, %s teams x %s cycles, %.0f-byte records; publication "
        + "rule k = %s, N = %s%n", data.get("records"), settings.get("teams"), settings.get("cycles"),
        data.get("meanRecordBytes"), settings.get("minRaters"), settings.get("minChange"));
    out.printf(Locale.ROOT, "machine: %d cores, %.1f GiB, %s; load average %.2f at start, %.2f at end%n",
        machine.cores(), machine.memoryBytes() / (MIB * 1024), machine.jvm(), machine.loadAverageAtStart(),
        machine.loadAverageAtEnd());
    out.println();
    out.printf(Locale.ROOT, "%-44s %14s %10s %9s%n", "drain", "responses/s", "MiB/s", "seconds");
    rate(out, "raw producer (idempotent, acks=all)", rawProducer);
    rate(out, "raw producer (app's producer settings)", rawProducerAppSettings);
    rate(out, "raw consumer", rawConsumer);
    rate(out, "naive baseline (1 thread, transactional)", naive);
    rate(out, "streams app (exactly_once_v2)", streams);
    rate(out, "floor (app's shape, trivial processing)", floor);
    rate(out, "fast replay (replay --mode fast)", replay);
    rate(out, "peer (export --raw + DuckDB SQL)", peer);
    if (streamsOverRawProducer != null) {
      out.printf(Locale.ROOT, "%-44s %14.2f%n", "streams / raw producer", streamsOverRawProducer);
    }
    if (streamsOverNaive != null) {
      out.printf(Locale.ROOT, "%-44s %14.2f%n", "streams / naive", streamsOverNaive);
    }
    if (streamsOverFloor != null) {
      out.printf(Locale.ROOT, "%-44s %14.2f%n", "streams / floor", streamsOverFloor);
    }
    if (floorOverNaive != null) {
      out.printf(Locale.ROOT, "%-44s %14.2f%n", "floor / naive", floorOverNaive);
    }
    if (floorWrites != null) {
      out.printf(Locale.ROOT, "  floor wrote %.2f records and %,.0f lz4 bytes per response%n",
          floorWrites.sentPerResponse(), floorWrites.batchBytesSentPerResponse());
    }
    if (outputsMatch != null) {
      out.printf(Locale.ROOT, "%-44s %14s%n", "streams output equals naive output", outputsMatch ? "yes" : "NO");
    }
    if (replayMatches != null) {
      out.printf(Locale.ROOT, "%-44s %14s%n", "fast replay output equals " + (naive != null ? "naive" : "streams"),
          replayMatches ? "yes" : "NO");
    }
    if (replayOverPeer != null) {
      out.printf(Locale.ROOT, "%-44s %14.2f%n", "fast replay / peer", replayOverPeer);
    }
    if (peerMatches != null) {
      out.printf(Locale.ROOT, "%-44s %14s%n", "peer scores equal replay (--min-change 1)", peerMatches ? "yes" : "NO");
      if (peerDifference != null) {
        out.printf(Locale.ROOT, "  first difference: %s%n", peerDifference);
      }
    }
    if (peerPhases != null) {
      out.printf(Locale.ROOT, "  peer: export %.1f s (%,d records read, %,d responses, %.1f MiB of CSV), DuckDB load "
          + "%.1f s, SQL %.1f s%n", peerPhases.exportSeconds(), peerPhases.recordsRead(),
          peerPhases.responsesExported(), peerPhases.fileBytes() / MIB, peerPhases.loadSeconds(),
          peerPhases.sqlSeconds());
    }
    writes(out);
    cpu(out);
    if (replayMemory != null) {
      out.println();
      out.printf(Locale.ROOT, "%-44s %10s %10s %10s%n", "fast replay memory (MiB)", "peak heap", "peak RSS", "-Xmx");
      memory(out, "replay", replayMemory);
    }
    if (memoryAtDrainEnd != null) {
      out.println();
      out.printf(Locale.ROOT, "%-44s %10s %10s %10s%n", "app memory (MiB)", "peak heap", "peak RSS", "-Xmx");
      memory(out, "start-up and drain", memoryAtDrainEnd);
      memory(out, "whole run", memoryOverall);
      if (stateDirBytes != null) {
        out.printf(Locale.ROOT, "%-44s %10.1f%n", "state directory after drain (MiB)", stateDirBytes / MIB);
      }
    }
    if (latency != null && !latency.isEmpty()) {
      out.println();
      out.printf(Locale.ROOT, "%-20s %10s %10s %9s %9s %9s %9s %9s%n", "latency (ms)", "offered/s", "sent/s",
          "seen", "p50", "p99", "p99.9", "max");
      for (Figures.Latency l : latency) {
        out.printf(Locale.ROOT, "%-20s %10.0f %10.0f %9s %9.1f %9.1f %9.1f %9.1f%n",
            String.format(Locale.ROOT, "%.0f%% of drain", l.fractionOfDrain() * 100), l.offeredPerSecond(),
            l.achievedPerSecond(), l.seen() + "/" + l.sent(), l.p50Ms(), l.p99Ms(), l.p999Ms(), l.maxMs());
      }
    }
    if (jmh != null && !jmh.isEmpty()) {
      out.println();
      out.printf(Locale.ROOT, "%-44s %14s %10s%n", "JMH (average time)", "score", "unit");
      for (Figures.Jmh j : jmh) {
        out.printf(Locale.ROOT, "%-44s %14.1f %10s%n", j.benchmark(), j.score(), j.unit());
      }
    }
    out.flush();
  }

  private void writes(PrintWriter out) {
    if (appWrites == null) {
      return;
    }
    out.println();
    out.printf(Locale.ROOT, "%-44s %11s %11s %9s %9s %10s %10s%n", "streams app writes during the drain", "sent",
        "read back", "sent/resp", "read/resp", "bytes/resp", "lz4 B/resp");
    for (Figures.TopicWrites t : appWrites.topics()) {
      out.printf(Locale.ROOT, "%-44s %,11d %,11d %9.2f %9.2f %,10.0f %,10.0f%n", t.topic(), t.recordsSent(),
          t.recordsRead(), t.sentPerResponse(), t.readPerResponse(), t.bytesReadPerResponse(),
          t.batchBytesSentPerResponse());
    }
    out.printf(Locale.ROOT, "%-44s %,11d %,11d %9.2f %9.2f %,10.0f %,10.0f%n", "total", appWrites.recordsSent(),
        appWrites.recordsRead(), appWrites.sentPerResponse(), appWrites.readPerResponse(),
        appWrites.bytesReadPerResponse(), appWrites.batchBytesSentPerResponse());
    out.printf(Locale.ROOT, "  per resp = per input record (N=%,d). sent: records appended, from the app's producer "
        + "metrics (exact);%n", appWrites.responses());
    out.println("  read back: data records and key+value bytes a read_committed consumer finds after the drain; "
        + "lz4 B: the");
    out.println("  compressed batches the app sent (a retried batch once per attempt).");
    if (!appWrites.complete()) {
      out.println("  read back < sent: the log cleaner compacted closed segments, or the app purged repartition "
          + "records it");
      out.println("  had consumed; read back and bytes/resp are lower bounds there.");
    }
    if (brokerCeiling != null) {
      out.printf(Locale.ROOT, "%-44s %,11.0f responses/s%n", "broker ceiling for the app (estimate)", brokerCeiling);
      out.printf(Locale.ROOT, "%-44s %11.2f%n", "streams / broker ceiling", streamsOverBrokerCeiling);
      out.println("  estimate of the broker's write ceiling = raw producer with the app's settings (records/s) / "
          + "records sent");
      out.println("  per response; it ignores the app's own CPU, its reads, transaction markers and offset commits.");
    }
  }

  private void cpu(PrintWriter out) {
    if (cpu == null || cpu.isEmpty()) {
      return;
    }
    out.println();
    // As wide as the longest part's name (a drain's second half has the longest), at least as the other tables.
    int width = Math.max(44, cpu.stream().mapToInt(c -> c.part().length()).max().orElse(0));
    out.printf(Locale.ROOT, "%-" + width + "s %9s %9s %9s %14s%n", "CPU per response (us)", "app JVM", "bench JVM",
        "total", "CPU ceiling/s");
    for (Figures.Cpu c : cpu) {
      out.printf(Locale.ROOT, "%-" + width + "s %9s %9.1f %9.1f %,14.0f%n", c.part(),
          c.appMicrosPerResponse() == null ? "-" : String.format(Locale.ROOT, "%.1f", c.appMicrosPerResponse()),
          c.benchMicrosPerResponse(), c.totalMicrosPerResponse(), c.cpuCeilingPerSecond());
    }
    for (Figures.Cpu c : cpu) {
      if (c.appThreadMicrosPerResponse() != null) {
        StringBuilder line = new StringBuilder();
        c.appThreadMicrosPerResponse().forEach((group, micros) -> line.append(line.isEmpty() ? "" : ", ")
            .append(group).append(' ').append(String.format(Locale.ROOT, "%.1f", micros)));
        out.printf(Locale.ROOT, "  %s, app JVM by thread: %s%n", c.part(), line);
      }
    }
    out.printf(Locale.ROOT, "  bench JVM = the in-process broker (plus the raw producer's or naive baseline's client "
        + "threads,%n  or the peer's export and DuckDB); CPU ceiling = %d cores / total CPU per response: the rate if "
        + "that part%n  had the whole machine at the same cost.%n", cpu.get(0).cores());
  }

  private static void rate(PrintWriter out, String label, Figures.Rate rate) {
    if (rate != null) {
      out.printf(Locale.ROOT, "%-44s %,14.0f %10.1f %9.1f%n", label, rate.perSecond(), rate.mibPerSecond(),
          rate.seconds());
    }
  }

  private static void memory(PrintWriter out, String label, Figures.Memory memory) {
    if (memory != null) {
      out.printf(Locale.ROOT, "%-44s %10.0f %10.0f %10.0f%n", label, memory.peakHeapUsedBytes() / MIB,
          memory.peakRssBytes() / MIB, memory.heapMaxBytes() / MIB);
    }
  }
}
