package dev.feedback360.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.streams.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The floor does, per response, the reads and writes the app does, with the sizes it documents. */
class FloorTopologyTest {

  private static final int TEAMS = 20;

  @Test
  void shouldWriteOneEntryPerKeyOneStatePerTeamAndTwoOutputsPerResponse() {
    Random random = new Random(7);
    List<Bytes> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add(Bytes.wrap(("response-key-" + i).getBytes(StandardCharsets.UTF_8)));
    }
    Map<Bytes, byte[]> latest = new HashMap<>();
    List<Bytes> sentKeys = new ArrayList<>();
    try (TopologyTestDriver driver = driver()) {
      TestInputTopic<Bytes, byte[]> input = driver.createInputTopic("responses", new BytesSerializer(),
          new ByteArraySerializer());
      for (int i = 0; i < 500; i++) {
        Bytes key = keys.get(random.nextInt(keys.size()));
        // One in ten a withdrawal (a tombstone), which deletes the key's entry.
        byte[] value = random.nextInt(10) == 0 ? null : new byte[300 + random.nextInt(250)];
        if (value != null) {
          random.nextBytes(value);
        }
        input.pipeInput(key, value);
        if (value == null) {
          latest.remove(key);
        } else {
          latest.put(key, value);
        }
        sentKeys.add(key);
      }

      List<KeyValue<Bytes, byte[]>> scores = output(driver, "scores").readKeyValuesToList();
      List<KeyValue<Bytes, byte[]>> json = output(driver, "scores-json").readKeyValuesToList();
      assertThat(scores).hasSize(500).allSatisfy(r -> assertThat(r.value).hasSize(FloorTopology.SCORES_BYTES));
      assertThat(json).hasSize(500).allSatisfy(r -> assertThat(r.value).hasSize(FloorTopology.JSON_BYTES));
      // One partition: the outputs come in input order, each keyed by its response's team.
      for (int i = 0; i < 500; i++) {
        assertThat(scores.get(i).key).isEqualTo(FloorTopology.team(sentKeys.get(i), TEAMS));
        assertThat(json.get(i).key).isEqualTo(scores.get(i).key);
      }
      KeyValueStore<Bytes, byte[]> latestStore = driver.getKeyValueStore(StoreNames.LATEST_RESPONSES);
      latest.forEach((key, value) -> assertThat(latestStore.get(key)).isEqualTo(value));
      Set<Bytes> stored = new HashSet<>();
      latestStore.all().forEachRemaining(entry -> stored.add(entry.key));
      assertThat(stored).isEqualTo(latest.keySet());
      KeyValueStore<Bytes, byte[]> teams = driver.getKeyValueStore(StoreNames.TEAM_AGGREGATES);
      Set<Bytes> teamKeys = new HashSet<>();
      teams.all().forEachRemaining(entry -> {
        teamKeys.add(entry.key);
        assertThat(entry.value).hasSize(FloorTopology.STATE_BYTES);
      });
      assertThat(teamKeys).isEqualTo(new HashSet<>(scores.stream().map(r -> r.key).toList()));
    }
  }

  @Test
  void shouldChangeATeamsOutputsWithEveryResponse() {
    try (TopologyTestDriver driver = driver()) {
      TestInputTopic<Bytes, byte[]> input = driver.createInputTopic("responses", new BytesSerializer(),
          new ByteArraySerializer());
      Bytes key = Bytes.wrap(new byte[] {1, 2, 3});
      byte[] value = new byte[422];
      Arrays.fill(value, (byte) 5);
      input.pipeInput(key, value);
      input.pipeInput(key, value);

      List<byte[]> scores = output(driver, "scores").readValuesToList();
      assertThat(scores).hasSize(2);
      assertThat(scores.get(1)).isNotEqualTo(scores.get(0));
    }
  }

  @Test
  void shouldSpreadResponseKeysOverEveryTeam() {
    Random random = new Random(11);
    Set<Bytes> teams = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      byte[] key = new byte[40];
      random.nextBytes(key);
      teams.add(FloorTopology.team(Bytes.wrap(key), 50));
    }
    assertThat(teams).hasSize(50);
  }

  private static TopologyTestDriver driver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "floor-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(FloorTopology.build("responses", "scores", "scores-json", TEAMS), props);
  }

  private static TestOutputTopic<Bytes, byte[]> output(TopologyTestDriver driver, String topic) {
    return driver.createOutputTopic(topic, new BytesDeserializer(), new ByteArrayDeserializer());
  }
}
