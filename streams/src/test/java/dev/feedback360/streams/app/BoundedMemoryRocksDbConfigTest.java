package dev.feedback360.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.streams.topology.StoreNames;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedMemoryRocksDbConfigTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void shouldGiveTheTeamAggregatesStoreMemtablesTwiceTheLatestResponsesStores() {
    try (Options team = configured(StoreNames.TEAM_AGGREGATES);
        Options latest = configured(StoreNames.LATEST_RESPONSES)) {
      assertThat(team.writeBufferSize()).isEqualTo(8 * MIB);
      assertThat(latest.writeBufferSize()).isEqualTo(4 * MIB);
      assertThat(team.maxWriteBufferNumber()).isEqualTo(2);
      assertThat(latest.maxWriteBufferNumber()).isEqualTo(2);
    }
  }

  @Test
  void shouldBoundTheMemtablesOfFourPartitionsToHalfTheCache() {
    long fourPartitions = 4 * (BoundedMemoryRocksDbConfig.memtableBytes(StoreNames.TEAM_AGGREGATES)
        + BoundedMemoryRocksDbConfig.memtableBytes(StoreNames.LATEST_RESPONSES));

    assertThat(fourPartitions).isEqualTo(BoundedMemoryRocksDbConfig.TOTAL_MEMTABLE_BYTES);
    assertThat(BoundedMemoryRocksDbConfig.TOTAL_MEMTABLE_BYTES)
        .isEqualTo(BoundedMemoryRocksDbConfig.TOTAL_OFF_HEAP_BYTES / 2);
  }

  /** Options as Kafka Streams hands them to the setter: with a block-based table configuration. */
  private static Options configured(String storeName) {
    Options options = new Options();
    options.setTableFormatConfig(new BlockBasedTableConfig());
    new BoundedMemoryRocksDbConfig().setConfig(storeName, options, Map.of());
    return options;
  }
}
