package dev.feedback360.streams.app;

import dev.feedback360.streams.metrics.AppMetrics;
import dev.feedback360.streams.topology.StoreNames;
import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the app together (the pattern of the Kafka Streams memory
 * management guide): one block cache of {@value #TOTAL_OFF_HEAP_BYTES} bytes shared by all stores, memtables
 * counted against it, index and filter blocks inside it. Without this each store instance (two stores times the
 * partitions) gets its own 50 MB cache and three 16 MB memtables, so resident memory grows with the partition count.
 *
 * <p>The team-aggregates store gets memtables twice the size of the latest-responses store's: every change rewrites
 * its team's entry, so the more of those rewrites a memtable holds, the more of them a flush drops before they reach
 * a file and a compaction (docs/benchmarks.md, seventeenth round: RocksDB's background threads 7.8-8.9 -> 3.1-4.0 us
 * per response). The latest-responses store's keys are written about once each: twice its memtable saved about half a
 * microsecond per response there, not worth 32 MiB.
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

  /** Block cache and memtables of all stores together. */
  static final long TOTAL_OFF_HEAP_BYTES = 96L * 1024 * 1024;
  /**
   * Share of it for memtables: a memtable of each store for four partitions (the bench's). An instance with more
   * partitions flushes its memtables before they are full, within the same bound.
   */
  static final long TOTAL_MEMTABLE_BYTES = 48L * 1024 * 1024;
  /** Memtable of a latest-responses store instance. */
  static final long MEMTABLE_BYTES = 4L * 1024 * 1024;
  /** Memtable of a team-aggregates store instance. */
  static final long TEAM_MEMTABLE_BYTES = 8L * 1024 * 1024;

  private static final Cache CACHE;
  private static final WriteBufferManager WRITE_BUFFER_MANAGER;

  static {
    RocksDB.loadLibrary();
    CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, 0.1);
    WRITE_BUFFER_MANAGER = new WriteBufferManager(TOTAL_MEMTABLE_BYTES, CACHE);
  }

  /** The shared cache, for the metrics: its usage is read at each scrape (one native call). */
  static AppMetrics.BlockCache blockCache() {
    return new AppMetrics.BlockCache(CACHE::getUsage, TOTAL_OFF_HEAP_BYTES);
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(WRITE_BUFFER_MANAGER);
    options.setWriteBufferSize(memtableBytes(storeName));
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  /** The memtable size of a store instance. */
  static long memtableBytes(String storeName) {
    return StoreNames.TEAM_AGGREGATES.equals(storeName) ? TEAM_MEMTABLE_BYTES : MEMTABLE_BYTES;
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store of the process: closing them with one
    // store would break the others, so they live as long as the process.
  }
}
