package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.schemas.AvroSerdes;
import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KnownKeysTest {

  private static final TaskId TASK = new TaskId(0, 0);

  @TempDir
  File stateDir;

  @Test
  void shouldFindAKeyPutThroughEitherProcessorOfTheTask() {
    KnownKeys known = new KnownKeys();
    Task task = new Task(TASK);
    KnownKeys.Store responses = known.open(task.context, task.store);
    KnownKeys.Store nominations = known.open(task.context, task.store);

    responses.put(key("r1"), state(1));
    nominations.put(key("r2"), state(2));

    assertThat(nominations.get(key("r1"))).isEqualTo(state(1));
    assertThat(responses.get(key("r2"))).isEqualTo(state(2));
    assertThat(responses.get(key("r3"))).isNull();
  }

  @Test
  void shouldFindKeysRestoredBeforeTheProcessorsStart() {
    KnownKeys known = new KnownKeys();
    Task task = new Task(TASK);
    task.store.put(key("restored"), state(1));

    KnownKeys.Store store = known.open(task.context, task.store);

    assertThat(store.get(key("restored"))).isEqualTo(state(1));
  }

  @Test
  void shouldNotLookUpAKeyItNeverSaw() {
    KnownKeys known = new KnownKeys();
    Task task = new Task(TASK);
    KnownKeys.Store store = known.open(task.context, task.store);
    assertThat(store.get(key("first"))).isNull();

    // Written behind its back (Kafka Streams never does this while the processors run): not looked up, so not seen.
    task.store.put(key("behind"), state(1));

    assertThat(store.get(key("behind"))).isNull();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void shouldReadTheStoreAgainWhenTheProcessorsStartAgain(boolean closed) {
    KnownKeys known = new KnownKeys();
    Task task = new Task(TASK);
    KnownKeys.Store before = known.open(task.context, task.store);
    assertThat(before.get(key("first"))).isNull();
    if (closed) {
      // A task closed dirty may not close its processors.
      known.close(before);
    }
    // What a standby or a restore writes while the task is not running.
    task.store.put(key("restored"), state(1));

    KnownKeys.Store after = known.open(task.context, task.store);

    assertThat(after.get(key("restored"))).isEqualTo(state(1));
  }

  @Test
  void shouldLookUpEveryKeyOnceTheStoreHoldsMoreThanItsLimit() {
    KnownKeys known = new KnownKeys(3);
    Task task = new Task(TASK);
    KnownKeys.Store store = known.open(task.context, task.store);
    for (int i = 0; i < 4; i++) {
      store.put(key("r" + i), state(i));
    }
    task.store.put(key("behind"), state(9));

    assertThat(store.get(key("behind"))).isEqualTo(state(9));

    Task full = new Task(new TaskId(0, 1));
    for (int i = 0; i < 4; i++) {
      full.store.put(key("r" + i), state(i));
    }
    KnownKeys.Store scanned = known.open(full.context, full.store);
    full.store.put(key("behind"), state(9));

    assertThat(scanned.get(key("behind"))).isEqualTo(state(9));
  }

  /**
   * Random sequences over two tasks: puts and deletes through either processor, keys whose hash codes collide, and
   * now and then a restart (its processors closed or not), with writes to the store while the task is down. Every read must answer what the store
   * holds, and a key never written must not be looked up.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void shouldAnswerWhatTheStoreHoldsThroughRestarts(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    KnownKeys known = new KnownKeys(random.nextInt(5, 60));
    List<Task> tasks = List.of(new Task(new TaskId(0, 0)), new Task(new TaskId(0, 1)));
    List<List<KnownKeys.Store>> processors = new ArrayList<>();
    for (Task task : tasks) {
      processors.add(List.of(known.open(task.context, task.store), known.open(task.context, task.store)));
    }
    List<ResponseKey> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // "Aa" and "BB" have the same String hash code, so these keys collide in pairs.
      keys.add(new ResponseKey("c", "s" + (i / 4), (i % 2 == 0 ? "Aa" : "BB") + (i / 2)));
    }
    for (int step = 0; step < 2_000; step++) {
      int t = random.nextInt(tasks.size());
      Task task = tasks.get(t);
      KnownKeys.Store processor = processors.get(t).get(random.nextInt(2));
      ResponseKey key = keys.get(random.nextInt(keys.size()));
      int action = random.nextInt(100);
      if (action < 40) {
        processor.put(key, state(step));
      } else if (action < 50) {
        processor.delete(key);
      } else if (action < 53) {
        // A restart: the processors close, the store is written while the task is down, the processors start.
        if (random.nextBoolean()) {
          processors.get(t).forEach(known::close);
        }
        for (int i = random.nextInt(4); i > 0; i--) {
          task.store.put(keys.get(random.nextInt(keys.size())), state(-step));
        }
        processors.set(t, List.of(known.open(task.context, task.store), known.open(task.context, task.store)));
      } else {
        assertThat(processor.get(key)).as("seed %d step %d key %s", seed, step, key).isEqualTo(task.store.get(key));
      }
    }
  }

  private static ResponseKey key(String rater) {
    return new ResponseKey("2026-H2", "subject", rater);
  }

  private static ResponseState state(long erasedThrough) {
    return ResponseStates.of(null, Instant.ofEpochMilli(erasedThrough), null, false, true);
  }

  /** A task's context and latest-responses store (in memory). */
  private final class Task {
    final MockProcessorContext<Object, Object> context;
    final KeyValueStore<ResponseKey, ResponseState> store;

    Task(TaskId id) {
      context = new MockProcessorContext<>(new Properties(), id, stateDir);
      store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.LATEST_RESPONSES),
          AvroSerdes.responseKey(), AvroSerdes.responseState()).withLoggingDisabled().build();
      store.init(context.getStateStoreContext(), store);
    }
  }
}
