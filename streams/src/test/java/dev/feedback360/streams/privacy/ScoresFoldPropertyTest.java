package dev.feedback360.streams.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.json.TeamScoresJson;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.InputPartitioning;
import dev.feedback360.streams.topology.InputScope;
import dev.feedback360.streams.topology.ScoresFold;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast replay's fold ({@link ScoresFold}) against the production topology (TopologyTestDriver) on the seeded
 * random sequences of the privacy property test (corrections, reverts, team moves, stale re-sends, exact
 * duplicates, equal-time replacements, withdrawals, group churn around k): the last record the topology wrote per
 * team, Avro and JSON, must equal what the fold ends with, for several publication rules, with sd withheld too.
 * Lives next to {@link RandomSequences}, whose generator it shares.
 *
 * <p>With one input partition the order is the topic's. With four, the records are first split by their key's
 * partition (murmur2, as a producer splits them) and interleaved at random, keeping each partition's order; the
 * topology is fed that same interleaving (which it may take in production: its interleaving of partitions is not
 * fixed), and, with N = 1, where scores do not depend on the order, also compared with the single-partition order.
 */
class ScoresFoldPropertyTest {

  private static final Topics TOPICS = Topics.defaults();
  private static final int SEQUENCES = 40;
  private static final int LENGTH = 120;

  @TempDir
  Path stateDir;
  private int runs;

  @ParameterizedTest(name = "k = {0}, N = {1}, {2} input partitions, sd withheld {3}")
  @CsvSource({"3, 3, 1, false", "3, 1, 1, false", "2, 2, 1, false", "3, 3, 4, false", "3, 1, 4, false",
      "3, 3, 1, true", "3, 3, 4, true"})
  void shouldEndWithTheScoresTheTopologyLastPublishedPerTeam(int k, int n, int partitions, boolean withholdSd) {
    ScoringConfig scoring = new ScoringConfig(k, n, withholdSd);
    List<Sequence> suite = LongStream.rangeClosed(1, SEQUENCES)
        .mapToObj(seed -> RandomSequences.generate(seed * 7919 + partitions, k, LENGTH)).toList();
    InputPartitioning partitioning = new InputPartitioning(TOPICS.responses(), partitions);
    List<Fed> input = new ArrayList<>();
    Random random = new Random(k * 31L + n * 7L + partitions);
    List<List<Fed>> bySequence = new ArrayList<>();
    for (Sequence sequence : suite) {
      bySequence.add(interleave(sequence, partitioning, random));
      input.addAll(bySequence.get(bySequence.size() - 1));
    }

    Final topology = topology(input, scoring);
    Final fold = fold(input, new ScoresFold(new ScoreCalculator(scoring), InputScope.ALL,
        partitioning));

    assertSame(fold, topology, "fold and topology");
    assertThat(fold.json()).isEqualTo(topology.json());
    // The fast replay's fold: team changes applied on three threads of their own (teams side by side), handed over a
    // few at a time so that hand-overs fall everywhere in the sequences.
    Final pipelined = fold(input, ScoresFold.pipelined(new ScoreCalculator(scoring),
        InputScope.ALL, partitioning, 3, 3));
    assertSame(pipelined, topology, "pipelined fold and topology");
    assertThat(pipelined.json()).isEqualTo(topology.json());
    // One team in its working form per thread, on the sequences' records merged (each sequence's in its order): a
    // team is packed and restored between nearly any two of its changes, and the scores are the unpacked fold's.
    List<Fed> merged = merge(bySequence, random);
    ScoresFold packing = ScoresFold.pipelined(new ScoreCalculator(scoring), InputScope.ALL, partitioning, 3, 3, 1);
    Final packed = fold(merged, packing);
    assertThat(packing.teamsPacked()).as("teams packed to make room").isGreaterThan(merged.size() / 2);
    assertSame(packed, fold(merged, new ScoresFold(new ScoreCalculator(scoring), InputScope.ALL, partitioning)),
        "pipelined fold with teams packed and sequential fold");
    assertThat(fold.scores().values()).as("some teams publish, some were emptied").anyMatch(s -> s != null);
    if (n == 1 && partitions > 1) {
      List<Fed> inTopicOrder = new ArrayList<>();
      for (Sequence sequence : suite) {
        for (InputEvent event : sequence.events()) {
          inTopicOrder.add(Fed.of(event, 0));
        }
      }
      // Scores are exact sums with N = 1, whatever the order; updatedAt is not: the change that takes a group across
      // k reflects its own event time, and which change that is depends on the order (docs/replay.md).
      assertSame(withoutUpdatedAt(fold), withoutUpdatedAt(topology(inTopicOrder, scoring)),
          "N = 1, the same scores whatever the interleaving");
    }
  }

  private static Final withoutUpdatedAt(Final run) {
    Map<String, TeamScores> scores = new TreeMap<>();
    run.scores().forEach((team, value) -> scores.put(team, value == null ? null
        : TeamScores.newBuilder(value).setUpdatedAt(java.time.Instant.EPOCH).build()));
    Map<String, String> json = new TreeMap<>();
    scores.forEach((team, value) -> json.put(team, value == null ? null : TeamScoresJson.toJsonLine(value)));
    return new Final(scores, json);
  }

  private static void assertSame(Final actual, Final expected, String what) {
    assertThat(actual.scores().keySet()).as(what + ": teams reached").isEqualTo(expected.scores().keySet())
        .isNotEmpty();
    List<String> differing = actual.scores().keySet().stream()
        .filter(team -> !Objects.equals(actual.scores().get(team), expected.scores().get(team))).toList();
    assertThat(differing).as(() -> what + ": " + differing.size() + " teams differ; the first:\n  "
        + actual.json().get(differing.get(0)) + "\n  " + expected.json().get(differing.get(0))).isEmpty();
  }

  /** One input record as fed: on which partition, its bytes and timestamp. */
  private record Fed(int partition, byte[] key, byte[] value, long timestamp, InputEvent event) {

    static Fed of(InputEvent event, int partition) {
      SurveyResponse value = event instanceof InputEvent.Submit submit ? submit.response() : null;
      return new Fed(partition, AvroSerdes.responseKey().encode(event.key()), AvroSerdes.surveyResponse().encode(value),
          event.time().toEpochMilli(), event);
    }
  }

  /** The last record per key of both outputs; a tombstone is a null value. */
  private record Final(Map<String, TeamScores> scores, Map<String, String> json) {}

  private static List<Fed> interleave(Sequence sequence, InputPartitioning partitioning, Random random) {
    List<List<Fed>> byPartition = new ArrayList<>();
    for (int p = 0; p < partitioning.partitions(); p++) {
      byPartition.add(new ArrayList<>());
    }
    for (InputEvent event : sequence.events()) {
      Fed fed = Fed.of(event, 0);
      int partition = partitioning.partitionOf(fed.key());
      byPartition.get(partition).add(Fed.of(event, partition));
    }
    return merge(byPartition, random);
  }

  /** The lists' records merged at random, each list's in its order. */
  private static List<Fed> merge(List<List<Fed>> lists, Random random) {
    List<Fed> merged = new ArrayList<>();
    int[] next = new int[lists.size()];
    int left = lists.stream().mapToInt(List::size).sum();
    while (left > 0) {
      int list = random.nextInt(lists.size());
      if (next[list] < lists.get(list).size()) {
        merged.add(lists.get(list).get(next[list]++));
        left--;
      }
    }
    return merged;
  }

  private Final topology(List<Fed> input, ScoringConfig scoring) {
    Map<String, TeamScores> scores = new TreeMap<>();
    Map<String, String> json = new TreeMap<>();
    {
      StreamsSettings settings = new StreamsSettings("unused:9092", "fold", stateDir.resolve(
          "t-" + scoring.minRaters() + "-" + scoring.minChange() + "-" + runs++), TOPICS,
          TopicSettings.defaults(), scoring, Map.of());
      try (TopologyTestDriver driver = new TopologyTestDriver(
          TeamScoresTopology.build(TOPICS, settings.scoring()), settings.toProperties())) {
        TestInputTopic<ResponseKey, SurveyResponse> in = driver.createInputTopic(TOPICS.responses(),
            AvroSerdes.responseKey().serializer(), AvroSerdes.surveyResponse().serializer());
        TestOutputTopic<TeamKey, TeamScores> out = driver.createOutputTopic(TOPICS.scores(),
            AvroSerdes.teamKey().deserializer(), AvroSerdes.teamScores().deserializer());
        TestOutputTopic<String, String> mirror = driver.createOutputTopic(TOPICS.scoresJson(),
            new StringDeserializer(), new StringDeserializer());
        for (Fed fed : input) {
          InputEvent event = fed.event();
          in.pipeInput(event.key(), event instanceof InputEvent.Submit submit ? submit.response() : null,
              event.time());
        }
        for (KeyValue<TeamKey, TeamScores> record : out.readKeyValuesToList()) {
          scores.put(TeamScoresTopology.jsonKey(record.key), record.value);
        }
        for (KeyValue<String, String> record : mirror.readKeyValuesToList()) {
          json.put(record.key, record.value);
        }
      }
    }
    return new Final(scores, json);
  }

  private static Final fold(List<Fed> input, ScoresFold fold) {
    Map<String, TeamScores> scores = new TreeMap<>();
    Map<String, String> json = new TreeMap<>();
    try (fold) {
      for (Fed fed : input) {
        assertThat(fold.apply(fed.partition(), fed.key(), fed.value(), fed.timestamp())).as("dead letter")
            .isNull();
      }
      fold.forEachTeam((team, value) -> {
        scores.put(TeamScoresTopology.jsonKey(team), value);
        json.put(TeamScoresTopology.jsonKey(team), value == null ? null : TeamScoresJson.toJsonLine(value));
      });
    }
    return new Final(scores, json);
  }
}
