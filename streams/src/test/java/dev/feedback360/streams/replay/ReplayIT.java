package dev.feedback360.streams.replay;

import static dev.feedback360.testkit.ResponseLog.Entry.submit;
import static dev.feedback360.testkit.ResponseLog.Entry.withdraw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.Style;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.ThresholdExample;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.app.TeamScoresApp;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.ResponseLog.Entry;
import dev.feedback360.testkit.Responses;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.testkit.WorkedExample;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Analysts' replays on a real in-process broker. */
class ReplayIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Instant T0 = WorkedExample.T0;

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  @TempDir
  Path dir;

  @Test
  void shouldReplayAsOfAnInstantExactlyAsProductionScoresTheResponsesUpToIt() throws Exception {
    String s = UniqueTopics.suffix();
    List<SurveyResponse> example = WorkedExample.responses();
    SurveyResponse manager = example.get(3);
    SurveyResponse p1Corrected = WorkedExample.peer("P1", "S1", 100, "CHANGE_L1=1 CHANGE_M1=5");
    SurveyResponse p4Late = WorkedExample.peer("P4", "S2", 200, "CHANGE_L1=5 CHANGE_M1=1");
    SurveyResponse otherCycle = Responses.response("2027-H1", "T9", "S9", "P9", RaterGroup.PEER,
        T0.plusSeconds(5), "CHANGE_L1=3");
    Instant asOf = T0.plusSeconds(150);
    List<Entry> all = new ArrayList<>();
    example.forEach(r -> all.add(submit(r)));
    all.add(submit(p1Corrected));
    all.add(submit(p4Late));
    all.add(withdraw(manager, T0.plusSeconds(300)));
    all.add(submit(otherCycle));
    // The reference: only what an as-of-T0+150s replay of cycle 2026-H2 may count, withdrawals always included.
    List<Entry> upToAsOf = new ArrayList<>();
    example.forEach(r -> upToAsOf.add(submit(r)));
    upToAsOf.add(submit(p1Corrected));
    upToAsOf.add(withdraw(manager, T0.plusSeconds(300)));
    // One partition each, so both runs meet the records in the same order: scores do not depend on the order, but
    // updatedAt does when a team's aggregate empties for a moment (here: M1 withdrawn before the peers arrive).
    ResponseLog.write(BROKER.bootstrapServers(), "responses-" + s, 1, all);
    ResponseLog.write(BROKER.bootstrapServers(), "reference-" + s, 1, upToAsOf);

    List<TeamScores> reference = runProduction("reference-" + s, s);
    ReplaySummary summary = new Replay(request("responses-" + s, "replay-" + s,
        new InputScope(asOf, WorkedExample.CYCLE), 3, false), ReplayListener.silent()).run();
    List<TeamScores> replayed = read("replay-" + s);

    assertThat(replayed).isEqualTo(reference);
    TeamScores t1 = replayed.get(0);
    // Peers P1 (corrected: CHANGE_L1 1 only), P2, P3 count; P4 came after the instant; the manager is withdrawn.
    // CHANGE leader answers: P1 1, P2 4 4, P3 3 5 -> 17 / 5.
    assertThat(t1.getRaters().getPeer()).isEqualTo(3);
    assertThat(t1.getRaters().getManager()).isZero();
    assertThat(t1.getAxes().getChange().getLeader().getMean()).isCloseTo((1 + 4 + 4 + 3 + 5) / 5.0, within(1e-12));
    assertThat(t1.getUpdatedAt()).isEqualTo(T0.plusSeconds(300));
    assertThat(summary.teamsWritten()).isEqualTo(1);
    assertThat(summary.teamsPublished()).isEqualTo(1);
    assertThat(summary.responsesRead()).isEqualTo(all.size());
    assertThat(summary.deadLetters()).isZero();
  }

  @Test
  void shouldReplayAStrictRosterWithTheNominationsAsTheyStoodAtTheInstant() throws Exception {
    String s = UniqueTopics.suffix();
    String responses = "responses-" + s;
    List<SurveyResponse> example = WorkedExample.responses();
    ResponseLog.write(BROKER.bootstrapServers(), responses, 1, example.stream().map(Entry::submit).toList());
    // Every rater of the worked example is nominated at T0 in the group and team they answer in, but P1, whom HR
    // nominates only at T0 + 200 s.
    String nominations = ReplayRequest.defaultNominations(responses);
    try (Admin admin = admin()) {
      // Compacted, as `nominate` creates it: under time retention (7 days by default) the broker's retention check
      // may delete these records stamped 2026-10-01 at any moment (the run that stalled once in CI).
      admin.createTopics(List.of(new NewTopic(nominations, 1, (short) 1).configs(Map.of(
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get(30, TimeUnit.SECONDS);
    }
    try (KafkaProducer<ResponseKey, Nomination> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()), AvroSerdes.responseKey().serializer(),
        AvroSerdes.nomination().serializer())) {
      for (SurveyResponse response : example) {
        Instant at = response.getRaterId().equals("P1") ? T0.plusSeconds(200) : T0;
        producer.send(new ProducerRecord<>(nominations, null, at.toEpochMilli(), Responses.keyOf(response),
            new Nomination(response.getCycleId(), response.getTeamId(), response.getSubjectId(),
                response.getRaterId(), response.getRaterGroup(), at)))
            .get(30, TimeUnit.SECONDS);
      }
    }
    InputScope asOf = new InputScope(T0.plusSeconds(150), WorkedExample.CYCLE);

    new Replay(request(responses, "strict-asof-" + s, asOf, 3, false).withRoster(Roster.STRICT, nominations),
        ReplayListener.silent()).run();
    new Replay(request(responses, "strict-all-" + s, InputScope.ALL, 3, false).withRoster(Roster.STRICT, nominations),
        ReplayListener.silent()).run();
    new Replay(request(responses, "open-asof-" + s, asOf, 3, false), ReplayListener.silent()).run();

    // As of T0 + 150 s, P1 was not nominated yet: the strict roster counts P2 and P3 only; the open one all three.
    assertThat(read("strict-asof-" + s).get(0).getRaters().getPeer()).isEqualTo(2);
    assertThat(read("strict-all-" + s).get(0).getRaters().getPeer()).isEqualTo(3);
    assertThat(read("open-asof-" + s).get(0).getRaters().getPeer()).isEqualTo(3);
    assertThat(read("strict-asof-" + s).get(0).getRaters().getManager()).isEqualTo(1);
  }

  @Test
  void shouldWriteTheSameFinalScoresInFastModeAsTheTopologyReplayOnRandomInput() throws Exception {
    String s = UniqueTopics.suffix();
    java.util.Random random = new java.util.Random(20261201L);
    List<Entry> entries = new ArrayList<>();
    Map<String, SurveyResponse> counted = new java.util.LinkedHashMap<>();
    RaterGroup[] groups = {RaterGroup.MANAGER, RaterGroup.PEER, RaterGroup.DIRECT_REPORT, RaterGroup.OTHER};
    for (int i = 0; i < 400; i++) {
      String subject = "S" + random.nextInt(6);
      String rater = "R" + random.nextInt(25);
      String key = subject + "/" + rater;
      Instant at = T0.plusSeconds(i * 10L + random.nextInt(5));
      if (counted.containsKey(key) && random.nextInt(12) == 0) {
        entries.add(withdraw(counted.remove(key), at));
        continue;
      }
      StringBuilder scores = new StringBuilder();
      for (String item : Responses.ITEMS) {
        if (random.nextInt(4) > 0) {
          scores.append(item).append('=').append(1 + random.nextInt(5)).append(' ');
        }
      }
      // Subjects S0-S2 in team T1, S3-S5 in T2; now and then a response lands in the other team (a team move).
      String team = (subject.compareTo("S3") < 0) == (random.nextInt(10) > 0) ? "T1" : "T2";
      SurveyResponse response = Responses.response(WorkedExample.CYCLE, team, subject, rater,
          groups[Math.floorMod(rater.hashCode(), groups.length)], at, scores.toString().trim());
      counted.put(key, response);
      entries.add(submit(response));
    }
    ResponseLog.write(BROKER.bootstrapServers(), "responses-" + s, 1, entries);
    Instant asOf = T0.plusSeconds(2_000);

    for (InputScope scope : List.of(InputScope.ALL, new InputScope(asOf, null))) {
      String tag = scope.asOf() == null ? "all" : "asof";
      ReplayRequest topology = new ReplayRequest(BROKER.bootstrapServers(), "responses-" + s, "topo-" + tag + s,
          Set.of(), scope, ScoringConfig.defaults(), new TopicSettings(2, (short) 1), null, false, TIMEOUT);
      ReplayRequest fast = new ReplayRequest(BROKER.bootstrapServers(), "responses-" + s, "fast-" + tag + s,
          Set.of(), scope, ScoringConfig.defaults(), new TopicSettings(2, (short) 1), null, false, TIMEOUT);
      new Replay(topology, ReplayListener.silent()).run();
      ReplaySummary summary = new FastReplay(fast, ReplayListener.silent()).run();

      List<TeamScores> expected = read(topology.outputTopic());
      assertThat(read(fast.outputTopic())).as(tag).isEqualTo(expected).isNotEmpty();
      assertThat(latestJson(fast.outputJsonTopic())).as(tag).isEqualTo(latestJson(topology.outputJsonTopic()));
      assertThat(summary.teamsWritten()).isEqualTo(expected.size());
      assertThat(summary.responsesRead()).isEqualTo(entries.size());
      assertThat(summary.deadLetters()).isZero();
    }
  }

  @Test
  void shouldStopAFastReplayWhoseFoldFailsWithTheFoldsMessageAndCommitNothing() throws Exception {
    String s = UniqueTopics.suffix();
    // One rater counted for 300 subjects of one team: more than the fast replay's one-byte tally holds.
    List<Entry> entries = new ArrayList<>();
    for (int subject = 0; subject < 300; subject++) {
      entries.add(submit(Responses.response(WorkedExample.CYCLE, "T1", "S" + subject, "R1", RaterGroup.PEER,
          T0.plusSeconds(subject), "CHANGE_L1=4")));
    }
    ResponseLog.write(BROKER.bootstrapServers(), "responses-" + s, 1, entries);
    ReplayRequest fast = new ReplayRequest(BROKER.bootstrapServers(), "responses-" + s, "fast-" + s, Set.of(),
        InputScope.ALL, ScoringConfig.defaults(), new TopicSettings(2, (short) 1), null, false, TIMEOUT);

    assertThatThrownBy(() -> new FastReplay(fast, ReplayListener.silent()).run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replay with --mode topology")
        .satisfies(e -> assertThat(e.getSuppressed()).as("the producer started beside the fold closed cleanly")
            .isEmpty());
    assertThat(read(fast.outputTopic())).isEmpty();
  }

  /** The last value per key of a JSON topic; tombstoned keys absent. */
  private static Map<String, String> latestJson(String topic) {
    Map<String, String> latest = new java.util.TreeMap<>();
    new dev.feedback360.streams.read.TopicScan(BROKER.bootstrapServers(), Duration.ofSeconds(30)).scan(topic,
        record -> {
          String key = new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
          if (record.value() == null) {
            latest.remove(key);
          } else {
            latest.put(key, new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
          }
        });
    return latest;
  }

  @Test
  void shouldDifferBetweenThresholdsThreeAndFiveExactlyWhereTheHandComputedReferenceSays() throws Exception {
    String s = UniqueTopics.suffix();
    List<Entry> entries = ThresholdExample.responses().stream().map(Entry::submit).toList();
    ResponseLog.write(BROKER.bootstrapServers(), "responses-" + s, 2, entries);

    new Replay(request("responses-" + s, "k3-" + s, InputScope.ALL, 3, false), ReplayListener.silent()).run();
    new Replay(request("responses-" + s, "k5-" + s, InputScope.ALL, 5, false), ReplayListener.silent()).run();
    List<TeamScores> k3 = read("k3-" + s);
    List<TeamScores> k5 = read("k5-" + s);

    assertThat(k3).extracting(TeamScores::getTeamId).containsExactly("T4", "T5");
    assertThat(k5).extracting(TeamScores::getTeamId).containsExactly("T4", "T5");
    TeamScores t4k3 = k3.get(0);
    assertThat(t4k3.getStatus()).isEqualTo(PublicationStatus.PUBLISHED);
    assertThat(t4k3.getAxes().getChange().getLeader().getMean()).isEqualTo(4.0);
    assertThat(t4k3.getAxes().getChange().getLeader().getSd()).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
    assertThat(t4k3.getAxes().getChange().getManager().getMean()).isEqualTo(2.0);
    assertThat(t4k3.getOverall().getStyle()).isEqualTo(Style.LEADING);
    TeamScores t4k5 = k5.get(0);
    assertThat(t4k5.getStatus()).isEqualTo(PublicationStatus.SUPPRESSED);
    assertThat(t4k5.getRaters().getPeer()).isEqualTo(4);
    assertThat(t4k5.getAxes().getChange().getLeader().getMean()).isNull();
    assertThat(t4k5.getAxes().getChange().getLeader().getN()).isZero();
    assertThat(t4k5.getAxes().getChange().getManager().getMean()).isNull();
    assertThat(t4k5.getOverall().getBalance()).isNull();
    assertThat(t4k5.getOverall().getStyle()).isNull();
    assertThat(k3.get(1).getStatus()).isEqualTo(PublicationStatus.PUBLISHED);
    assertThat(k3.get(1).getAxes().getChange().getLeader().getMean()).isEqualTo(4.0);
    assertThat(k3.get(1).getAxes().getChange().getManager().getMean()).isEqualTo(2.0);
    TeamScores t5k5 = k5.get(1);
    assertThat(t5k5.getMinRaters()).isEqualTo(5);
    assertThat(TeamScores.newBuilder(t5k5).setMinRaters(3).build()).isEqualTo(k3.get(1));
  }

  @Test
  void shouldLeaveNoInternalTopicsConsumerGroupOrLocalStateBehind() throws Exception {
    String s = UniqueTopics.suffix();
    ResponseLog.write(BROKER.bootstrapServers(), "responses-" + s, 2,
        WorkedExample.responses().stream().map(Entry::submit).toList());
    Path stateDir = dir.resolve("state-" + s);

    ReplaySummary summary = new Replay(request("responses-" + s, "replay-" + s, InputScope.ALL, 3, false)
        .withStateDir(stateDir), ReplayListener.silent()).run();

    String app = summary.applicationId();
    assertThat(summary.removedTopics()).containsExactlyInAnyOrder(app + "-team-changes-repartition",
        app + "-latest-responses-changelog", app + "-team-aggregates-changelog");
    assertThat(topics()).noneMatch(topic -> topic.startsWith(app))
        .contains("replay-" + s, "replay-" + s + "-json", "replay-" + s + "-dlq");
    assertThat(groups()).doesNotContain(app);
    assertThat(stateDir.resolve(app)).doesNotExist();
    assertThat(summary.keptStateDir()).isNull();
    assertThat(read("replay-" + s)).hasSize(1);
  }

  @Test
  void shouldKeepInternalTopicsConsumerGroupAndLocalStateWhenAsked() throws Exception {
    String s = UniqueTopics.suffix();
    ResponseLog.write(BROKER.bootstrapServers(), "responses-" + s, 2,
        WorkedExample.responses().stream().map(Entry::submit).toList());
    Path stateDir = dir.resolve("state-" + s);

    ReplaySummary summary = new Replay(request("responses-" + s, "replay-" + s, InputScope.ALL, 3, true)
        .withStateDir(stateDir), ReplayListener.silent()).run();

    String app = summary.applicationId();
    assertThat(summary.removedTopics()).isEmpty();
    assertThat(topics()).contains(app + "-team-changes-repartition", app + "-latest-responses-changelog",
        app + "-team-aggregates-changelog");
    assertThat(groups()).contains(app);
    assertThat(stateDir.resolve(app)).isDirectory();
    assertThat(summary.keptStateDir()).isEqualTo(stateDir);
  }

  @Test
  void shouldStopAtTheEndOffsetsOfItsStartWhileProductionKeepsWriting() throws Exception {
    String s = UniqueTopics.suffix();
    String responses = "responses-" + s;
    ResponseLog.write(BROKER.bootstrapServers(), responses, 2,
        WorkedExample.responses().stream().map(Entry::submit).toList());
    AtomicBoolean replayDone = new AtomicBoolean();
    CompletableFuture<Integer> busyProducer = CompletableFuture.supplyAsync(() -> {
      int sent = 0;
      try (KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers())) {
        while (!replayDone.get() && sent < 200_000) {
          ResponseLog.send(producer, responses, submit(Responses.response("busy", "B", "S" + sent, "R" + sent,
              RaterGroup.PEER, T0.plusSeconds(sent), "CHANGE_L1=4")));
          sent++;
        }
      } catch (Exception e) {
        throw new IllegalStateException("The busy producer failed", e);
      }
      return sent;
    });

    ReplaySummary summary;
    try {
      summary = new Replay(request(responses, "replay-" + s, new InputScope(null, WorkedExample.CYCLE), 3, false),
          ReplayListener.silent()).run();
    } finally {
      replayDone.set(true);
    }

    assertThat(busyProducer.get(60, TimeUnit.SECONDS)).isPositive();
    assertThat(summary.teamsWritten()).isEqualTo(1);
    assertThat(read("replay-" + s)).extracting(TeamScores::getTeamId).containsExactly(WorkedExample.TEAM);
  }

  @Test
  void shouldRefuseAnOutputTopicThatAlreadyHoldsRecords() throws Exception {
    String s = UniqueTopics.suffix();
    ResponseLog.write(BROKER.bootstrapServers(), "responses-" + s, 1,
        WorkedExample.responses().stream().map(Entry::submit).toList());
    ResponseLog.write(BROKER.bootstrapServers(), "taken-" + s, 1,
        List.of(submit(WorkedExample.responses().get(0))));

    assertThatThrownBy(() -> new Replay(request("responses-" + s, "taken-" + s, InputScope.ALL, 3, false),
        ReplayListener.silent()).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("taken-" + s + " already holds records")
        .hasMessageContaining("Choose another output topic");
  }

  private List<TeamScores> runProduction(String responses, String s) throws Exception {
    Topics topics = new Topics(responses, "reference-scores-" + s, "reference-json-" + s, "reference-dlq-" + s);
    StreamsSettings settings = new StreamsSettings(BROKER.bootstrapServers(), "reference-app-" + s,
        dir.resolve("reference-state"), topics, new TopicSettings(2, (short) 1), exact(3), Map.of());
    try (TeamScoresApp app = TeamScoresApp.start(settings); Admin admin = admin()) {
      CatchUp catchUp = new CatchUp(admin);
      catchUp.await(settings.applicationId(), app.inputTopics(), TIMEOUT);
    }
    return read(topics.scores());
  }

  private ReplayRequest request(String responses, String output, InputScope scope, int k, boolean keep) {
    return new ReplayRequest(BROKER.bootstrapServers(), responses, output, Set.of(), scope, exact(k),
        new TopicSettings(2, (short) 1), null, keep, TIMEOUT);
  }

  /**
   * Threshold k with every change published (N = 1): these tests pin which responses a replay counts against
   * hand-computed values; the publication rule, the same code in replays and production, has its own tests.
   */
  private static ScoringConfig exact(int k) {
    return new ScoringConfig(k, 1);
  }

  private static List<TeamScores> read(String topic) {
    return new ScoresReader(BROKER.bootstrapServers(), Duration.ofSeconds(30)).read(topic, null);
  }

  private static Set<String> topics() throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> groups() throws Exception {
    try (Admin admin = admin()) {
      return admin.listGroups().all().get(30, TimeUnit.SECONDS).stream().map(GroupListing::groupId).toList();
    }
  }

  private static Admin admin() {
    return BROKER.admin();
  }
}
