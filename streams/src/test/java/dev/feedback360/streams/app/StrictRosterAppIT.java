package dev.feedback360.streams.app;

import static dev.feedback360.testkit.Responses.keyOf;
import static dev.feedback360.testkit.Responses.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.testkit.ResponseLog;
import dev.feedback360.testkit.UniqueTopics;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams app with {@code --roster strict} on a real broker, nominations and responses produced with plain Kafka
 * producers (murmur2, as every Java producer): an injected unnominated response moves no score and counts once
 * nominated; the participation topic carries the contract.
 */
class StrictRosterAppIT {

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  private static final String CYCLE = "2026-H2";
  private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path stateDir;

  @Test
  void shouldCountAnInjectedResponseOnlyOnceItIsNominated() throws Exception {
    String suffix = UniqueTopics.suffix();
    Topics topics = UniqueTopics.withSuffix(suffix);
    // k = 3, every change published (N = 1), so that a moved number would show at once.
    StreamsSettings settings = new StreamsSettings(KafkaConnection.plaintext(BROKER.bootstrapServers()),
        "strict-" + suffix, stateDir, topics, new TopicSettings(3, (short) 1), new ScoringConfig(3, 1), Map.of(),
        Roster.STRICT);
    ScoresReader scores = new ScoresReader(BROKER.bootstrapServers(), Duration.ofSeconds(30));

    try (TeamScoresApp app = TeamScoresApp.start(settings);
        KafkaProducer<byte[], byte[]> producer = ResponseLog.producer(BROKER.bootstrapServers())) {
      int second = 1;
      for (String[] peer : new String[][] {{"P1", "4"}, {"P2", "2"}, {"P3", "3"}}) {
        nominate(producer, topics, peer[0], T0);
        respond(producer, topics, response(CYCLE, "T1", "S1", peer[0], RaterGroup.PEER, T0.plusSeconds(second++),
            "CHANGE_L1=" + peer[1]));
      }
      // Three nominated peers, (4 + 2 + 3) / 3 = 3.0.
      await().atMost(WAIT).untilAsserted(() -> {
        List<TeamScores> teams = scores.read(topics.scores(), CYCLE);
        assertThat(teams).hasSize(1);
        TeamScores team = teams.get(0);
        assertThat(team.getRaters().getPeer()).isEqualTo(3);
        assertThat(team.getAxes().getChange().getLeader().getMean()).isEqualTo(3.0);
      });
      long scoresRecords = count(topics.scores());

      respond(producer, topics, response(CYCLE, "T1", "S1", "FAKE", RaterGroup.PEER, T0.plusSeconds(10),
          "CHANGE_L1=1"));

      // The fake is seen (unnominated 1) in the same transaction that would have carried a new score: none came.
      await().atMost(WAIT).untilAsserted(() -> assertThat(participation(topics).get(CYCLE + "/T1"))
          .isEqualTo(json("{'cycleId':'2026-H2','teamId':'T1','roster':'strict','minRaters':3,"
              + "'groups':{'PEER':{'invited':3,'responded':3,'rate':1.0,'counted':3,'atRisk':false}},"
              + "'invited':3,'responded':3,'rate':1.0,'unnominated':1,'updatedAt':'2026-10-01T09:00:10Z'}")));
      assertThat(count(topics.scores())).isEqualTo(scoresRecords);
      assertThat(scores.read(topics.scores(), CYCLE).get(0).getAxes().getChange().getLeader().getMean())
          .isEqualTo(3.0);

      nominate(producer, topics, "FAKE", T0.plusSeconds(20));

      // Nominated: (4 + 2 + 3 + 1) / 4 = 2.5 on four peers, with no re-send of the response.
      await().atMost(WAIT).untilAsserted(() -> {
        List<TeamScores> teams = scores.read(topics.scores(), CYCLE);
        assertThat(teams).hasSize(1);
        TeamScores team = teams.get(0);
        assertThat(team.getRaters().getPeer()).isEqualTo(4);
        assertThat(team.getAxes().getChange().getLeader().getMean()).isEqualTo(2.5);
      });
      assertThat(participation(topics).get(CYCLE + "/T1"))
          .isEqualTo(json("{'cycleId':'2026-H2','teamId':'T1','roster':'strict','minRaters':3,"
              + "'groups':{'PEER':{'invited':4,'responded':4,'rate':1.0,'counted':4,'atRisk':false}},"
              + "'invited':4,'responded':4,'rate':1.0,'unnominated':0,'updatedAt':'2026-10-01T09:00:20Z'}"));
      assertThat(app.state().isRunningOrRebalancing()).isTrue();
    }
  }

  private static void nominate(KafkaProducer<byte[], byte[]> producer, Topics topics, String rater, Instant at)
      throws Exception {
    Nomination nomination = new Nomination(CYCLE, "T1", "S1", rater, RaterGroup.PEER, at);
    producer.send(new ProducerRecord<>(topics.nominations(),
        AvroSerdes.responseKey().encode(new ResponseKey(CYCLE, "S1", rater)),
        AvroSerdes.nomination().encode(nomination))).get();
  }

  private static void respond(KafkaProducer<byte[], byte[]> producer, Topics topics, SurveyResponse response)
      throws Exception {
    producer.send(new ProducerRecord<>(topics.responses(), AvroSerdes.responseKey().encode(keyOf(response)),
        AvroSerdes.surveyResponse().encode(response))).get();
  }

  private static long count(String topic) {
    AtomicLong records = new AtomicLong();
    new TopicScan(BROKER.bootstrapServers(), Duration.ofSeconds(30)).scan(topic, record -> records.incrementAndGet());
    return records.get();
  }

  /** The latest participation JSON per team key, read_committed. */
  private static Map<String, JsonNode> participation(Topics topics) {
    Map<String, JsonNode> latest = new HashMap<>();
    new TopicScan(BROKER.bootstrapServers(), Duration.ofSeconds(30)).scan(topics.participationJson(), record -> {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      if (record.value() == null) {
        latest.remove(key);
      } else {
        latest.put(key, json(new String(record.value(), StandardCharsets.UTF_8)));
      }
    });
    return latest;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
