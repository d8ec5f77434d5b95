package dev.feedback360.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ByteKeyTable}: one id per distinct key, whatever its length, across chunk boundaries and rehashes. */
class ByteKeyTableTest {

  @Test
  void shouldGiveEachDistinctKeyOneIdWhateverItsLength() {
    Random random = new Random(360);
    int[] lengths = {0, 1, 40, ByteKeyTable.CHUNK - 1, ByteKeyTable.CHUNK, ByteKeyTable.CHUNK + 1,
        3 * ByteKeyTable.CHUNK + 7};
    ByteKeyTable table = new ByteKeyTable();
    // The model: ids in order of first appearance (short random keys repeat now and then, the empty one too).
    Map<String, Integer> ids = new HashMap<>();
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      // Mostly short keys, now and then one of the lengths around a chunk.
      int length = i % 500 == 0 ? lengths[(i / 500) % lengths.length] : 1 + random.nextInt(100);
      byte[] key = new byte[length];
      random.nextBytes(key);
      keys.add(key);
      int expected = ids.computeIfAbsent(Arrays.toString(key), k -> ids.size());
      assertThat(table.findOrAdd(key, 0, key.length)).as("key %d (%d bytes)", i, length).isEqualTo(expected);
    }
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = keys.get(i);
      byte[] framed = new byte[key.length + 6];
      System.arraycopy(key, 0, framed, 3, key.length);
      assertThat(table.find(framed, 3, key.length)).as("key %d, at an offset", i)
          .isEqualTo(ids.get(Arrays.toString(key)));
    }
    assertThat(table.size()).isEqualTo(ids.size());
    byte[] absent = new byte[101];
    random.nextBytes(absent);
    assertThat(table.find(absent, 0, absent.length)).as("a key never added").isEqualTo(-1);
  }
}
