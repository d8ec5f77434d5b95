package dev.feedback360.streams.replay;

import static dev.feedback360.testkit.ResponseLog.Entry.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.TeamScores;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.ResponseLog.Entry;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.testkit.WorkedExample;
import dev.feedback360.topics.CompactionSettings;
import dev.feedback360.topics.TopicSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an as-of replay can see of an imported export once the log cleaner has run, on a real broker with the
 * project's own topic settings (docs/replay.md, "What a compacted input topic keeps of history"): segments roll by
 * record timestamps, which are the responses' {@code submittedAt}, so an export spanning more than a segment's age
 * (12 h) is rolled while it is imported, and its closed segments are past {@code max.compaction.lag.ms} at once.
 */
class CompactedHistoryIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Instant T0 = WorkedExample.T0;

  // The cleaner looks for work every 15 s by default; here every 200 ms, so that the test waits seconds, not tens.
  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker().withBrokerProperty("log.cleaner.backoff.ms", "200");

  @Test
  void shouldWarnAnAsOfReplayThatTheCleanerRemovedVersionsOfAnImportedExport() throws Exception {
    String s = UniqueTopics.suffix();
    String responses = "responses-" + s;
    List<Entry> export = new ArrayList<>();
    WorkedExample.responses().forEach(r -> export.add(submit(r)));
    // P1 corrects a day later, and P4 answers a day after that: each rolls the segment before it.
    export.add(submit(WorkedExample.peer("P1", "S1", 86_400, "CHANGE_L1=1 CHANGE_M1=5")));
    export.add(submit(WorkedExample.peer("P4", "S2", 2 * 86_400, "CHANGE_L1=5 CHANGE_M1=1")));
    createWithTheProjectsSettings(responses);
    try (KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers())) {
      for (Entry entry : export) {
        ResponseLog.send(producer, responses, entry);
      }
    }
    TopicScan scan = new TopicScan(BROKER.bootstrapServers(), Duration.ofSeconds(30));
    await("the log cleaner removing P1's first version from " + responses).atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> scan.scan(responses, record -> {}) < export.size());

    Instant asOf = T0.plusSeconds(3_600);
    ReplaySummary asOfSummary = new FastReplay(request(responses, "asof-" + s, new InputScope(asOf, null)),
        ReplayListener.silent()).run();
    ReplaySummary allSummary = new FastReplay(request(responses, "all-" + s, InputScope.ALL),
        ReplayListener.silent()).run();
    ReplaySummary topologySummary = new Replay(request(responses, "topology-" + s, new InputScope(asOf, null)),
        ReplayListener.silent()).run();

    // An hour after T0, P1 had answered; the first version is gone and the stored one is a day later, so the
    // replay counts no answer of P1's: the peers are P2 and P3.
    TeamScores asOfTeam = read("asof-" + s).get(0);
    assertThat(asOfTeam.getRaters().getPeer()).isEqualTo(2);
    assertThat(asOfSummary.responsesRead()).isEqualTo(export.size() - 1);
    assertThat(asOfSummary.unreadOffsets()).isEqualTo(1);
    assertThat(asOfSummary.historyWarning(asOf, responses))
        .startsWith("Warning: 1 offsets of " + responses + " held no record")
        .contains("as of " + asOf, "newest version still stored", "docs/replay.md");
    // Without an instant the latest version of every key is what counts, and it is stored: no warning.
    assertThat(read("all-" + s).get(0).getRaters().getPeer()).isEqualTo(4);
    assertThat(allSummary.unreadOffsets()).isEqualTo(1);
    assertThat(allSummary.historyWarning(null, responses)).isNull();
    // The topology replay reads the same topic: the same count, and the same team.
    assertThat(read("topology-" + s)).isEqualTo(read("asof-" + s));
    assertThat(topologySummary.unreadOffsets()).isEqualTo(1);
  }

  private static void createWithTheProjectsSettings(String topic) throws Exception {
    Map<String, String> configs = new HashMap<>(CompactionSettings.defaults().topicConfigs());
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    try (Admin admin = BROKER.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
    }
  }

  private static ReplayRequest request(String responses, String output, InputScope scope) {
    return new ReplayRequest(BROKER.bootstrapServers(), responses, output, Set.of(), scope,
        new ScoringConfig(3, 1), new TopicSettings(1, (short) 1), null, false, TIMEOUT);
  }

  private static List<TeamScores> read(String topic) {
    return new ScoresReader(BROKER.bootstrapServers(), Duration.ofSeconds(30)).read(topic, null);
  }
}
