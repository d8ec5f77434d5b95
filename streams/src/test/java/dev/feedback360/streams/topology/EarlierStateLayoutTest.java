package dev.feedback360.streams.topology;

import static dev.feedback360.testkit.Responses.copy;
import static dev.feedback360.testkit.Responses.keyOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.testkit.Responses;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * State of the latest-responses store written before the counted response was kept as its summary holds the whole
 * response ({@code counted}, no {@code summary}): an app upgraded over such state must count exactly as one that wrote
 * it in the current layout. Each seed counts the same responses in two drivers, rewrites every state of one of them
 * into the earlier layout, then sends both the same duplicates, corrections (at the same instant and later, within
 * and across teams), stale re-sends and withdrawals: every record published must be the same.
 */
class EarlierStateLayoutTest {

  /** First: loading the serdes trusts the generated classes, which copying a response needs. */
  private static final AvroSerde<SurveyResponse> RESPONSES = AvroSerdes.surveyResponse();
  private static final Topics TOPICS = Topics.defaults();
  private static final String CYCLE = "2026-H2";
  private static final Instant T0 = Instant.parse("2026-10-01T09:00:00Z");
  private static final RaterGroup[] GROUPS = {RaterGroup.SELF, RaterGroup.MANAGER, RaterGroup.PEER,
      RaterGroup.DIRECT_REPORT};

  @TempDir
  Path stateDir;

  @Test
  void shouldCountOverStateOfTheEarlierLayoutAsOverStateOfTheCurrentOne() {
    for (long seed = 1; seed <= 12; seed++) {
      Random random = new Random(seed);
      Map<ResponseKey, SurveyResponse> first = new LinkedHashMap<>();
      for (int i = 0; i < 60; i++) {
        SurveyResponse response = randomResponse(random, "S" + random.nextInt(4), "R" + random.nextInt(12),
            T0.plusSeconds(random.nextInt(1_000)));
        first.put(keyOf(response), response);
      }
      List<ResponseKey> keys = new ArrayList<>(first.keySet());
      List<Object[]> later = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        SurveyResponse counted = first.get(keys.get(random.nextInt(keys.size())));
        later.add(switch (random.nextInt(5)) {
          case 0 -> new Object[] {counted};
          case 1 -> new Object[] {copy(randomResponse(random, counted.getSubjectId(), counted.getRaterId(),
              counted.getSubmittedAt())).setTeamId(counted.getTeamId()).setRaterGroup(counted.getRaterGroup())
              .build()};
          case 2 -> new Object[] {randomResponse(random, counted.getSubjectId(), counted.getRaterId(),
              counted.getSubmittedAt().plusSeconds(1 + random.nextInt(100)))};
          case 3 -> new Object[] {randomResponse(random, counted.getSubjectId(), counted.getRaterId(),
              counted.getSubmittedAt().minusSeconds(1 + random.nextInt(100)))};
          default -> new Object[] {keyOf(counted), counted.getSubmittedAt().plusSeconds(random.nextInt(50))};
        });
      }

      List<KeyValue<String, String>> current = run(first.values(), later, false);
      List<KeyValue<String, String>> upgraded = run(first.values(), later, true);

      assertThat(upgraded).as("seed %d", seed).isEqualTo(current).isNotEmpty();
    }
  }

  /**
   * Sends {@code first}, rewrites the store into the earlier layout if asked, sends {@code later} (a response, or a
   * key and the instant of its withdrawal), and returns what the JSON topic (every figure of the scores) received
   * after the first records.
   */
  private List<KeyValue<String, String>> run(Iterable<SurveyResponse> first, List<Object[]> later,
      boolean rewrite) {
    StreamsSettings settings = new StreamsSettings("unused:9092", "layout-test", stateDir.resolve("s" + rewrite),
        TOPICS, TopicSettings.defaults(), new ScoringConfig(ScoringConfig.DEFAULT_MIN_RATERS, 1), Map.of());
    try (TopologyTestDriver driver = new TopologyTestDriver(
        TeamScoresTopology.build(TOPICS, settings.scoring(), InputScope.ALL,
            new InputPartitioning(TOPICS.responses(), 1)),
        settings.toProperties())) {
      TestInputTopic<ResponseKey, SurveyResponse> responses = driver.createInputTopic(TOPICS.responses(),
          AvroSerdes.responseKey().serializer(), RESPONSES.serializer());
      TestOutputTopic<String, String> json = driver.createOutputTopic(TOPICS.scoresJson(), new StringDeserializer(),
          new StringDeserializer());
      for (SurveyResponse response : first) {
        responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
      }
      json.readKeyValuesToList();
      KeyValueStore<ResponseKey, ResponseState> store = driver.getKeyValueStore(StoreNames.LATEST_RESPONSES);
      if (rewrite) {
        for (SurveyResponse response : first) {
          ResponseState state = store.get(keyOf(response));
          assertThat(state.getSummary()).isEqualTo(ResponseStates.summary(response));
          store.put(keyOf(response), new ResponseState(response, state.getErasedThrough(), state.getNomination(),
              state.getHeld(), state.getRostered(), null, null, List.of(), List.of()));
        }
      }
      for (Object[] record : later) {
        if (record[0] instanceof SurveyResponse response) {
          responses.pipeInput(keyOf(response), response, response.getSubmittedAt());
        } else {
          responses.pipeInput((ResponseKey) record[0], null, (Instant) record[1]);
        }
      }
      return json.readKeyValuesToList();
    }
  }

  private static SurveyResponse randomResponse(Random random, String subject, String rater, Instant at) {
    StringBuilder scores = new StringBuilder();
    for (String item : Responses.ITEMS) {
      if (random.nextInt(3) > 0) {
        scores.append(item).append('=').append(1 + random.nextInt(5)).append(' ');
      }
    }
    return copy(Responses.response(CYCLE, "T" + random.nextInt(3), subject, rater, GROUPS[random.nextInt(4)], at,
        scores.toString())).setResponseId("id-" + random.nextInt(1_000)).build();
  }
}
