package dev.feedback360.bench;

import dev.feedback360.streams.topology.StoreNames;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The streams app's shape with trivial processing: what Kafka Streams, RocksDB, exactly-once and the broker cost
 * for the app's reads and writes when the app's own code costs next to nothing. The bench's floor part runs it
 * with the app's settings; its CPU per response is a lower bound for any app of this shape on the same machine.
 *
 * <p>Per response, as the app ({@code TeamScoresTopology}): the response is read as bytes, its key's entry got and
 * put in a persistent store (the app's latest response per key, with its changelog), a change of
 * {@value #CHANGE_BYTES} bytes sent through a repartition topic keyed by team, the team's state (a working copy in
 * the heap, as the app keeps its recent teams) changed and put in a second persistent store ({@value #STATE_BYTES}
 * bytes, with its changelog), and two records written: {@value #SCORES_BYTES} bytes to the scores topic and
 * {@value #JSON_BYTES} to the JSON topic (the sizes the app's records have in the bench's data, docs/benchmarks.md).
 * What is left out is the app's own work: no Avro, no rules, no scores, no JSON, and no rater tallies.
 *
 * <p>The team is the response key's hash modulo the number of teams: as many teams, evenly spread, as the data has
 * (the app reads the team from the response; decoding it is the app's work).
 */
final class FloorTopology {

  static final String REPARTITION = "team-changes";
  static final int CHANGE_BYTES = 120;
  static final int STATE_BYTES = 500;
  static final int SCORES_BYTES = 300;
  static final int JSON_BYTES = 1_086;

  private FloorTopology() {}

  /** The repartition topic Kafka Streams creates for an application id. */
  static String repartitionTopic(String applicationId) {
    return applicationId + "-" + REPARTITION + "-repartition";
  }

  /**
   * @param responses the input topic
   * @param scores where the scores-sized record goes
   * @param scoresJson where the JSON-sized record goes
   * @param teams how many team keys the responses are spread over
   */
  static Topology build(String responses, String scores, String scoresJson, int teams) {
    if (teams < 1) {
      throw new IllegalArgumentException("The floor needs at least 1 team, got " + teams);
    }
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.LATEST_RESPONSES),
        Serdes.Bytes(), Serdes.ByteArray()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.TEAM_AGGREGATES),
        Serdes.Bytes(), Serdes.ByteArray()));
    KStream<Bytes, Outputs> updates = builder.stream(responses,
        Consumed.with(Serdes.Bytes(), Serdes.ByteArray()).withName("responses-source"))
        .process(() -> new LatestBytes(teams), Named.as("latest-response"), StoreNames.LATEST_RESPONSES)
        .repartition(Repartitioned.with(Serdes.Bytes(), Serdes.ByteArray()).withName(REPARTITION))
        .process(TeamBytes::new, Named.as("team-aggregate"), StoreNames.TEAM_AGGREGATES);
    updates.mapValues(Outputs::scores, Named.as("scores-values"))
        .to(scores, Produced.with(Serdes.Bytes(), Serdes.ByteArray()).withName("scores-sink"));
    updates.mapValues(Outputs::json, Named.as("to-json"))
        .to(scoresJson, Produced.with(Serdes.Bytes(), Serdes.ByteArray()).withName("json-sink"));
    return builder.build();
  }

  /** The two records a team change writes. */
  record Outputs(byte[] scores, byte[] json) {}

  /** The team key of a response key. */
  static Bytes team(Bytes responseKey, int teams) {
    int team = Math.floorMod(Arrays.hashCode(responseKey.get()), teams);
    return Bytes.wrap(new byte[] {(byte) (team >>> 24), (byte) (team >>> 16), (byte) (team >>> 8), (byte) team});
  }

  /** Gets and puts the key's entry, then sends a change keyed by team. */
  private static final class LatestBytes extends ContextualProcessor<Bytes, byte[], Bytes, byte[]> {

    private final int teams;
    private KeyValueStore<Bytes, byte[]> store;

    LatestBytes(int teams) {
      this.teams = teams;
    }

    @Override
    public void init(ProcessorContext<Bytes, byte[]> context) {
      super.init(context);
      store = context.getStateStore(StoreNames.LATEST_RESPONSES);
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
      byte[] previous = store.get(record.key());
      // A withdrawal (a null value) deletes the entry, as the app's does.
      store.put(record.key(), record.value());
      byte[] after = record.value() != null ? record.value() : previous != null ? previous : new byte[1];
      byte[] change = Arrays.copyOf(after, CHANGE_BYTES);
      // The change depends on what was there, as the app's before/after does.
      change[0] ^= previous == null || previous.length == 0 ? 0 : previous[previous.length - 1];
      context().forward(record.withKey(team(record.key(), teams)).withValue(change));
    }
  }

  /** Changes the team's state (a working copy, as the app keeps), puts it, and forwards the two outputs. */
  private static final class TeamBytes extends ContextualProcessor<Bytes, byte[], Bytes, Outputs> {

    private final Map<Bytes, byte[]> working = new HashMap<>();
    private KeyValueStore<Bytes, byte[]> store;

    @Override
    public void init(ProcessorContext<Bytes, Outputs> context) {
      super.init(context);
      store = context.getStateStore(StoreNames.TEAM_AGGREGATES);
      working.clear();
    }

    @Override
    public void close() {
      working.clear();
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
      byte[] state = working.get(record.key());
      if (state == null) {
        state = store.get(record.key());
        state = state == null ? repeat(record.value(), STATE_BYTES) : state;
        working.put(record.key(), state);
      }
      byte[] change = record.value();
      for (int i = 0; i < change.length; i++) {
        state[(i * 4) % STATE_BYTES] += change[i];
      }
      store.put(record.key(), state);
      context().forward(record.withValue(new Outputs(Arrays.copyOf(state, SCORES_BYTES), repeat(state, JSON_BYTES))));
    }
  }

  private static byte[] repeat(byte[] bytes, int length) {
    byte[] repeated = new byte[length];
    for (int at = 0; at < length; at += bytes.length) {
      System.arraycopy(bytes, 0, repeated, at, Math.min(bytes.length, length - at));
    }
    return repeated;
  }
}
