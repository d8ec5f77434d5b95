package dev.feedback360.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedback360.cli.DifferencingAttack.Isolation;
import dev.feedback360.cli.DifferencingAttack.Published;
import dev.feedback360.cli.DifferencingAttack.Result;
import dev.feedback360.dashboard.DashboardSettings;
import dev.feedback360.dashboard.auth.Tokens;
import dev.feedback360.producer.generate.GeneratorSettings;
import dev.feedback360.producer.generate.ResponseFileWriter;
import dev.feedback360.producer.generate.SyntheticDataGenerator;
import dev.feedback360.producer.instrument.Instrument;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.ResponseRow;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The differencing attack an outsider would run, end to end on a real in-process broker (docs: the attacker of
 * PRIVACY-NOTES: reads every output, keeps every record, knows the org chart and the survey's timing).
 *
 * <p>The same synthetic export (generated teams with corrections, a hand-made team {@value #SOLO} with one rated
 * person, withdrawals in between, and the group-churn sequence: three peers, one withdrawn, a fourth joins) goes
 * through {@code produce} and {@code withdraw} in many small calls to two runs of the app with its dashboard: the
 * default rule (k = 3, N = 3) and {@code --min-change 1}. Both runs have the record cache off
 * ({@code statestore.cache.max.bytes=0}): every change the rule lets through becomes its own record, the most an
 * attacker could ever see (the same as responses trickling in one by one over the survey's two weeks).
 *
 * <p>While the input flows the attacker records every server-sent event and polls REST for every team; afterwards
 * reads the whole history of the JSON topic. {@link DifferencingAttack} subtracts every pair of records of a team
 * (within each source and across all of them) and matches the differences against the rows the test sent.
 */
class PrivacyAttackIT {

  private static final Logger LOG = LoggerFactory.getLogger(PrivacyAttackIT.class);
  private static final Instrument INSTRUMENT = Instrument.defaultInstrument();
  /** Four teams of 3 or 4 rated people, one cycle (2025-H2), 15 % of responses corrected later. */
  private static final GeneratorSettings DATA =
      new GeneratorSettings(2026L, 1, 4, 3, 4, GeneratorSettings.DEFAULT_START, 0.05, 0.15);
  private static final String CYCLE = "2025-H2";
  private static final String SOLO = "team-solo";
  private static final int CHUNKS = 14;
  private static final List<String> SOURCES = List.of("topic", "sse", "rest", "all");

  @TempDir
  static Path dir;

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  private static Path key;
  private static List<Step> schedule;
  private static List<ResponseRow> sent;
  private static DifferencingAttack attack;
  private static Observed defaultRule;
  private static Observed everyChange;

  /** One step of the input: rows sent with {@code produce}, or keys withdrawn with {@code withdraw --input}. */
  private record Step(List<ResponseRow> send, List<ResponseRow> withdraw) {}

  /** What one run published, per source, and what the attack made of it. */
  private record Observed(String name, int minChange, Map<String, List<Published>> records,
      Map<String, Result> results, int summaries, int polls) {}

  @BeforeAll
  static void runTheAppTwiceOnTheSameInput() throws Exception {
    key = Files.writeString(dir.resolve("rater.key"), "the privacy attack test's rater key, 48 bytes long");
    schedule = schedule();
    sent = schedule.stream().flatMap(s -> s.send().stream()).toList();
    attack = new DifferencingAttack(sent, INSTRUMENT);
    defaultRule = run("default", ScoringConfig.defaults());
    everyChange = run("every-change", new ScoringConfig(3, 1));
    for (Observed observed : List.of(defaultRule, everyChange)) {
      LOG.info("Run {} (N = {}): {} rows sent in {} steps, {} withdrawals, {} REST list snapshots, {} poll rounds",
          observed.name(), observed.minChange(), sent.size(), schedule.size(),
          schedule.stream().mapToInt(s -> s.withdraw().size()).sum(), observed.summaries(), observed.polls());
      observed.records().get("topic").stream().filter(r -> r.team().endsWith(SOLO)).forEach(r -> LOG.info(
          "  {} #{}: raters {} pending {} cells {}", SOLO, r.sequence(), r.json().get("raters"),
          r.json().get("pendingRaters"), r.cells()));
      for (String source : SOURCES) {
        Result result = observed.results().get(source);
        LOG.info("  {}", result.summary());
        result.wholeRecord().stream().limit(5).forEach(i -> LOG.info("    isolated: {}", i));
        result.nearPairs().stream().limit(5).forEach(p -> LOG.info("    within 2 rows: {}", p));
        if (observed == defaultRule) {
          result.nearPairs().stream().limit(3).forEach(PrivacyAttackIT::logNearPair);
        }
        result.nearPairs().stream().filter(p -> p.team().endsWith(SOLO)).limit(8)
            .forEach(p -> LOG.info("    within 2 rows ({}): {}", SOLO, p));
        result.cellOnly().stream().limit(3).forEach(i -> LOG.info("    cell only: {}", i));
        LOG.info(
            "    cell-only matches by rows behind the whole record's difference: {}; by the cell's rater change: {}",
            result.cellOnly().stream().collect(Collectors.groupingBy(Isolation::rowsBehindWholeRecord,
                TreeMap::new, Collectors.counting())),
            result.cellOnly().stream().collect(Collectors.groupingBy(Isolation::ratersDifference,
                TreeMap::new, Collectors.counting())));
      }
    }
  }

  @Test
  void shouldIsolateNoResponseFromAnySourceWithTheDefaultRule() {
    for (String source : SOURCES) {
      Result result = defaultRule.results().get(source);
      assertThat(result.records()).as(source).isGreaterThan(50);
      assertThat(result.wholeRecord()).as("%s: differences equal to one response in every cell", source)
          .isEmpty();
      assertThat(result.nearPairs()).as("%s: pairs of records one or two rows apart", source).isEmpty();
      // A cell whose difference equals some response's share of it is a coincidence when the records as a whole
      // are at least N = 3 rows apart: e.g. two raters joining and one leaving add what one rater adds.
      assertThat(result.cellOnly()).as("%s: cell-level matches inside records fewer than 3 rows apart", source)
          .allSatisfy(i -> assertThat(i.rowsBehindWholeRecord()).isIn("3", ">3"));
    }
  }

  @Test
  void shouldIsolateManyResponsesFromEverySourceWhenEveryChangeIsPublished() {
    // The attack has teeth: with N = 1 consecutive records differ by one rater, so most responses fall out of the
    // full histories. REST polling during the bulk steps only samples the states; the snapshots taken after each
    // response of the last chunk, once the app has settled, show every one of those changes.
    for (String source : List.of("topic", "sse", "all")) {
      Result result = everyChange.results().get(source);
      assertThat(result.isolatedResponses()).as(source).hasSizeGreaterThanOrEqualTo(sent.size() / 4);
    }
    assertThat(everyChange.results().get("rest").isolatedResponses()).as("rest")
        .hasSizeGreaterThanOrEqualTo(trickled() / 4);
  }

  @Test
  void shouldCarryPendingRatersAndMinChangeInEveryRecord() {
    for (Observed observed : List.of(defaultRule, everyChange)) {
      for (String source : List.of("topic", "sse", "rest")) {
        assertThat(observed.records().get(source)).as(source).isNotEmpty().allSatisfy(record -> {
          assertThat(record.json().path("minChange").asInt()).isEqualTo(observed.minChange());
          assertThat(record.json().path("pendingRaters").isInt()).as(record.json().toString()).isTrue();
        });
      }
    }
    assertThat(defaultRule.minChange()).isEqualTo(3);
    assertThat(everyChange.minChange()).isEqualTo(1);
  }

  @Test
  void shouldNeverPublishASelfViewBehindFewerThanKSelfRaters() {
    // team-solo has one rated person: its only self-rating would be readable from selfBalance.
    List<Published> all = defaultRule.records().get("all");
    assertThat(all).filteredOn(r -> r.team().equals(CYCLE + "/" + SOLO)).isNotEmpty();
    assertThat(all).filteredOn(r -> r.json().path("raters").path("SELF").asInt() < 3).isNotEmpty()
        .allSatisfy(record -> {
          for (String axis : List.of("CHANGE", "FOCUS", "HORIZON")) {
            JsonNode node = record.json().path("axes").path(axis);
            assertThat(node.path("selfBalance").isNull()).as("%s %s", record.team(), axis).isTrue();
            assertThat(node.path("gap").isNull()).as("%s %s", record.team(), axis).isTrue();
          }
        });
  }

  /** What a failure needs to be understood: the rows behind a near pair and both records as published. */
  private static void logNearPair(DifferencingAttack.NearPair pair) {
    sent.stream().filter(r -> pair.explanation().contains(r.responseId()))
        .forEach(r -> LOG.info("      row {}: team {} subject {} rater {} group {} at {}; earlier rows of the key: {}",
            r.responseId(), r.teamId(), r.subjectId(), r.raterId(), r.raterGroup(), r.submittedAt(),
            sent.stream().filter(o -> keyOf(o).equals(keyOf(r)) && !o.responseId().equals(r.responseId()))
                .map(ResponseRow::responseId).toList()));
    LOG.info("      withdrawn keys: {}", schedule.stream().flatMap(s -> s.withdraw().stream())
        .filter(r -> pair.explanation().contains(r.responseId())).map(PrivacyAttackIT::keyOf).toList());
    LOG.info("      older: {}", pair.older().json());
    LOG.info("      newer: {}", pair.newer().json());
  }

  private static Observed run(String name, ScoringConfig scoring) throws Exception {
    Topics topics = UniqueTopics.withSuffix(name);
    String applicationId = "privacy-attack-" + name;
    StreamsSettings settings = new StreamsSettings(BROKER.bootstrapServers(), applicationId,
        dir.resolve("state-" + name), topics, new TopicSettings(4, (short) 1), scoring,
        Map.of(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0"));
    List<String> teams = sent.stream().map(ResponseRow::teamId).distinct().sorted().toList();
    Map<String, List<Published>> records = new LinkedHashMap<>();
    int summaries;
    int polls;
    Tokens tokens = Tokens.oneOff();
    try (AppWithDashboard dashboard = AppWithDashboard.start(settings, DashboardSettings.local(0).withTokens(tokens));
        AttackerTaps taps = new AttackerTaps(dashboard.url(), tokens.oneOffToken().orElseThrow(), CYCLE, teams)) {
      await().atMost(Duration.ofSeconds(60)).until(taps::ready);
      taps.startPolling();
      int step = 0;
      for (Step s : schedule) {
        step++;
        if (!s.send().isEmpty()) {
          send(topics, s.send(), dir.resolve(name + "-" + step + ".csv"));
        }
        if (!s.withdraw().isEmpty()) {
          withdraw(topics, s.withdraw(), dir.resolve(name + "-" + step + "-withdrawals.csv"));
        }
        if (s.send().size() == 1 && s.withdraw().isEmpty()) {
          awaitCaughtUp(applicationId, topics);
          taps.pollOnce();
        }
      }
      awaitCaughtUp(applicationId, topics);
      List<ConsumerRecord<String, String>> history =
          AttackerTaps.history(BROKER.bootstrapServers(), topics.scoresJson(), Duration.ofSeconds(30));
      Map<String, String> latest = new HashMap<>();
      history.forEach(r -> latest.put(r.key(), r.value()));
      // Every committed record reaches the event stream: wait until the last event of each key is the topic's.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        Map<String, JsonNode> lastEvent = new HashMap<>();
        taps.teamEvents().forEach(e -> lastEvent.put(e.get("cycleId").asText() + "/" + e.get("teamId").asText(), e));
        latest.forEach((k, v) -> {
          if (v != null) {
            assertThat(lastEvent.get(k)).as(k).isEqualTo(readTree(v));
          }
        });
      });
      taps.stopPolling();
      taps.pollOnce();
      List<Published> topic = new ArrayList<>();
      history.stream().filter(r -> r.value() != null)
          .forEach(r -> topic.add(Published.of("topic", topic.size(), readTree(r.value()))));
      List<Published> sse = new ArrayList<>();
      taps.teamEvents().forEach(e -> sse.add(Published.of("sse", sse.size(), e)));
      List<Published> rest = new ArrayList<>();
      taps.teamSnapshots().forEach(s -> rest.add(Published.of("rest", rest.size(), s)));
      records.put("topic", topic);
      records.put("sse", sse);
      records.put("rest", rest);
      records.put("all", DifferencingAttack.union(List.of(topic, sse, rest)));
      summaries = taps.listSnapshots().size();
      polls = taps.polls();
    }
    Map<String, Result> results = new LinkedHashMap<>();
    records.forEach((source, list) -> results.put(source, attack.attack(source, list)));
    return new Observed(name, scoring.minChange(), records, results, summaries, polls);
  }

  private static void send(Topics topics, List<ResponseRow> rows, Path csv) throws IOException {
    ResponseFileWriter.write(rows, INSTRUMENT.itemIds(), InputFormat.CSV, csv);
    Cli.Run produce = Cli.run("produce", "--bootstrap-servers", BROKER.bootstrapServers(), "--responses-topic",
        topics.responses(), "--scores-topic", topics.scores(), "--scores-json-topic", topics.scoresJson(),
        "--dlq-topic", topics.deadLetters(), "--input", csv.toString(), "--rater-key-file", key.toString());
    assertThat(produce.exitCode()).as(produce.out() + produce.err()).isZero();
  }

  private static void withdraw(Topics topics, List<ResponseRow> rows, Path csv) throws IOException {
    StringBuilder text = new StringBuilder("cycle_id,subject_id,rater_id\n");
    rows.forEach(r -> text.append(r.cycleId()).append(',').append(r.subjectId()).append(',').append(r.raterId())
        .append('\n'));
    Files.writeString(csv, text);
    Cli.Run withdraw = Cli.run("withdraw", "--bootstrap-servers", BROKER.bootstrapServers(), "--responses-topic",
        topics.responses(), "--scores-topic", topics.scores(), "--scores-json-topic", topics.scoresJson(),
        "--dlq-topic", topics.deadLetters(), "--input", csv.toString(), "--rater-key-file", key.toString());
    assertThat(withdraw.exitCode()).as(withdraw.out() + withdraw.err()).isZero();
  }

  private static void awaitCaughtUp(String applicationId, Topics topics) throws InterruptedException {
    try (Admin admin = BROKER.admin()) {
      CatchUp catchUp = new CatchUp(admin);
      List<String> inputs = List.of(topics.responses(), TeamScoresTopology.repartitionTopic(applicationId));
      catchUp.await(applicationId, inputs, Duration.ofSeconds(60));
      catchUp.awaitSettled(List.of(topics.scores(), topics.scoresJson()), Duration.ofSeconds(60));
    }
  }

  /**
   * The generated export cut into {@value #CHUNKS} chunks in submission order, team-solo's rows placed among them,
   * and withdrawals of earlier responses after some chunks.
   *
   * <p>team-solo, one rated person S: chunk 0 S's self-rating, the manager, peers P1 and P2, direct report D1;
   * chunk 1 P3 and D2; chunk 2 D3; after chunk 4 P3 withdraws (PEER falls to 2 and leaves the pool); chunk 7 P4
   * (PEER back at 3: the group-churn sequence, P4's answers minus P3's); chunk 9 a correction of P1; after chunk 10
   * D2 withdraws.
   */
  private static List<Step> schedule() {
    List<ResponseRow> generated = new SyntheticDataGenerator(INSTRUMENT, DATA).generate();
    assertThat(generated).allSatisfy(r -> assertThat(r.cycleId()).isEqualTo(CYCLE));
    Random random = new Random(7);
    List<List<ResponseRow>> chunks = new ArrayList<>();
    List<List<ResponseRow>> withdrawals = new ArrayList<>();
    for (int c = 0; c < CHUNKS; c++) {
      chunks.add(new ArrayList<>(generated.subList(c * generated.size() / CHUNKS,
          (c + 1) * generated.size() / CHUNKS)));
      withdrawals.add(new ArrayList<>());
    }
    ResponseRow p1 = solo("solo-01", "solo-p1", "PEER", 0, random);
    ResponseRow p3 = solo("solo-06", "solo-p3", "PEER", 1, random);
    ResponseRow d2 = solo("solo-07", "solo-d2", "DIRECT_REPORT", 1, random);
    chunks.get(0).addAll(List.of(solo("solo-00", "solo-s", "SELF", 0, random),
        solo("solo-02", "solo-m", "MANAGER", 0, random), p1, solo("solo-03", "solo-p2", "PEER", 0, random),
        solo("solo-04", "solo-d1", "DIRECT_REPORT", 0, random)));
    chunks.get(1).addAll(List.of(p3, d2));
    chunks.get(2).add(solo("solo-08", "solo-d3", "DIRECT_REPORT", 2, random));
    withdrawals.get(4).add(p3);
    chunks.get(7).add(solo("solo-09", "solo-p4", "PEER", 7, random));
    Map<String, String> corrected = new LinkedHashMap<>(p1.scores());
    corrected.put("CHANGE_L1", corrected.get("CHANGE_L1").equals("5") ? "4" : "5");
    corrected.put("FOCUS_M2", corrected.get("FOCUS_M2").equals("1") ? "2" : "1");
    chunks.get(9).add(new ResponseRow("solo-10", CYCLE, SOLO, p1.subjectId(), p1.raterId(), "PEER",
        at(9).plusSeconds(60).toString(), corrected));
    withdrawals.get(10).add(d2);
    // Two generated responses withdrawn after chunks 3, 5, 6, 8, 10 and 12: the latest version of a key sent
    // earlier, never a self-rating, each key once.
    Set<String> withdrawn = new HashSet<>();
    for (int c : new int[] {3, 5, 6, 8, 10, 12}) {
      Map<String, ResponseRow> latest = new LinkedHashMap<>();
      for (int earlier = 0; earlier <= c; earlier++) {
        chunks.get(earlier).stream().filter(r -> !r.teamId().equals(SOLO))
            .forEach(r -> latest.put(keyOf(r), r));
      }
      List<ResponseRow> candidates = latest.values().stream()
          .filter(r -> !r.raterGroup().equalsIgnoreCase("SELF") && !withdrawn.contains(keyOf(r))).toList();
      for (int i = 0; i < 2; i++) {
        ResponseRow pick = candidates.get(random.nextInt(candidates.size()));
        if (withdrawn.add(keyOf(pick))) {
          withdrawals.get(c).add(pick);
        }
      }
    }
    List<Step> steps = new ArrayList<>();
    for (int c = 0; c < CHUNKS - 1; c++) {
      steps.add(new Step(List.copyOf(chunks.get(c)), List.copyOf(withdrawals.get(c))));
    }
    // The last chunk trickles in one response at a time, as a survey's last answers do; after each, the attacker
    // takes REST snapshots of the settled scores (see run), so REST sees every single change, not only samples.
    chunks.get(CHUNKS - 1).forEach(row -> steps.add(new Step(List.of(row), List.of())));
    return steps;
  }

  /** Responses sent one at a time at the end of the schedule. */
  private static int trickled() {
    return (int) schedule.stream().filter(s -> s.send().size() == 1 && s.withdraw().isEmpty()).count();
  }

  private static ResponseRow solo(String id, String rater, String group, int chunk, Random random) {
    Map<String, String> scores = new LinkedHashMap<>();
    for (String item : INSTRUMENT.itemIds()) {
      scores.put(item, Integer.toString(1 + random.nextInt(5)));
    }
    String subject = "solo-s";
    return new ResponseRow(id, CYCLE, SOLO, subject, group.equals("SELF") ? subject : rater, group,
        at(chunk).toString(), scores);
  }

  /** A submission time inside chunk {@code chunk}'s day of the two-week window. */
  private static Instant at(int chunk) {
    return GeneratorSettings.DEFAULT_START.plus(Duration.ofHours(24L * chunk + 1));
  }

  private static String keyOf(ResponseRow row) {
    return row.cycleId() + "/" + row.subjectId() + "/" + row.raterId();
  }

  private static JsonNode readTree(String json) {
    try {
      return AttackerTaps.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("Not JSON: " + json, e);
    }
  }
}
