package dev.feedback360.streams.topology;

import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.internal.ResponseState;
import dev.feedback360.streams.query.HashCodeSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hash codes of the keys each task's latest-responses store may hold, so that a key new to the store is not
 * looked up: most responses and nominations are the first under their key (a rater answers about a subject once,
 * then perhaps corrects it), and a RocksDB lookup of a missing key was the largest single item of the stream
 * thread (docs/benchmarks.md, twelfth round).
 *
 * <p>It is exact as long as the set holds the hash code of every key in the store, which two rules keep:
 * <ul>
 *   <li>Every initialisation of a task's processors forgets the task's set ({@link #open}), and the set is rebuilt
 *       from a scan of the store at its next use. Kafka Streams initialises a task's processors after restoring its
 *       stores and before it processes anything, every time the task (re)starts running: after a restart, a
 *       rebalance, a task revived after an error, a standby promoted. So the scan sees everything restored.</li>
 *   <li>While the task runs, the store changes only through {@link Store#put}, which adds the key's hash code first.
 *       A deleted key's hash code stays (another key may share it), which costs a lookup, nothing else.</li>
 * </ul>
 *
 * <p>About 8 bytes a key. A task whose store holds more than {@value #MAX_KEYS} keys keeps no set and looks every key
 * up, so the heap does not grow with the store past that.
 *
 * <p>One instance serves the two processors that share the store (responses and nominations) of every task of a
 * topology; a task is run by one stream thread at a time.
 */
final class KnownKeys {

  /** The most keys a task's set holds; past this every key is looked up. */
  static final int MAX_KEYS = 1_000_000;

  private static final Logger LOG = LoggerFactory.getLogger(KnownKeys.class);

  private final int maxKeys;
  /** Each running task's set, or {@link #LOOK_UP_ALL} past the limit; absent until the first use after init. */
  private final Map<TaskId, HashCodeSet> tasks = new ConcurrentHashMap<>();

  private static final HashCodeSet LOOK_UP_ALL = new HashCodeSet();

  KnownKeys() {
    this(MAX_KEYS);
  }

  KnownKeys(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /**
   * The task's store behind its set, for a processor's {@code init}: forgets the task's set, which the next use
   * rebuilds from the store.
   */
  Store open(ProcessorContext<?, ?> context, KeyValueStore<ResponseKey, ResponseState> store) {
    TaskId task = context.taskId();
    tasks.remove(task);
    return new Store(task, store);
  }

  /** For a processor's {@code close}: the task's set is dropped (its task may move to another instance). */
  void close(Store store) {
    tasks.remove(store.task);
  }

  static int hash(ResponseKey key) {
    int h = key.getCycleId().hashCode();
    h = 31 * h + key.getSubjectId().hashCode();
    return 31 * h + key.getRaterId().hashCode();
  }

  private HashCodeSet set(Store store) {
    HashCodeSet set = tasks.get(store.task);
    if (set == null) {
      set = scan(store);
      tasks.put(store.task, set);
    }
    return set;
  }

  private HashCodeSet scan(Store store) {
    long start = System.nanoTime();
    HashCodeSet set = new HashCodeSet();
    try (KeyValueIterator<ResponseKey, ResponseState> all = store.store.all()) {
      while (all.hasNext()) {
        if (set.size() >= maxKeys) {
          LOG.info("Task {}: the latest-responses store holds more than {} keys: every key is looked up there",
              store.task, maxKeys);
          return LOOK_UP_ALL;
        }
        set.add(hash(all.next().key));
      }
    }
    LOG.info("Task {}: {} keys of the latest-responses store read in {} ms", store.task, set.size(),
        (System.nanoTime() - start) / 1_000_000);
    return set;
  }

  /** One task's latest-responses store, looked up only for keys it may hold. */
  final class Store {
    private final TaskId task;
    private final KeyValueStore<ResponseKey, ResponseState> store;

    private Store(TaskId task, KeyValueStore<ResponseKey, ResponseState> store) {
      this.task = task;
      this.store = store;
    }

    /** The key's state, or null without a lookup when the store cannot hold the key. */
    ResponseState get(ResponseKey key) {
      HashCodeSet set = set(this);
      return set == LOOK_UP_ALL || set.contains(hash(key)) ? store.get(key) : null;
    }

    void put(ResponseKey key, ResponseState state) {
      HashCodeSet set = set(this);
      if (set != LOOK_UP_ALL) {
        if (set.size() >= maxKeys) {
          LOG.info("Task {}: the latest-responses store now holds more than {} keys: every key is looked up there",
              task, maxKeys);
          tasks.put(task, LOOK_UP_ALL);
        } else {
          set.add(hash(key));
        }
      }
      store.put(key, state);
    }

    void delete(ResponseKey key) {
      store.delete(key);
    }
  }
}
