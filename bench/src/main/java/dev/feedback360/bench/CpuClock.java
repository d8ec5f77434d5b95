package dev.feedback360.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** CPU time consumed so far by this JVM or another process (user plus system, all threads). */
final class CpuClock {

  private CpuClock() {}

  /** This JVM's CPU time in nanoseconds. */
  static long self() {
    long nanos = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
    if (nanos < 0) {
      throw new IllegalStateException("This JVM cannot report its process CPU time on this platform");
    }
    return nanos;
  }

  /** A process's CPU time in nanoseconds. */
  static long of(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElseThrow(() -> new IllegalStateException(
        "The CPU time of process " + process.pid() + " is not readable (has it ended?)"));
  }

  /** The thread groups of {@link #byThread}, in the order they are reported. */
  static final List<String> THREAD_GROUPS = List.of("stream threads", "JIT compilers", "producers' network",
      "RocksDB background", "garbage collector", "other");

  /** Linux reports a thread's CPU time in clock ticks of 1/100 s (USER_HZ, the same on every architecture). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /**
   * A process's CPU time in nanoseconds per group of its threads (from {@code /proc/<pid>/task/<tid>/stat}, user
   * plus system), or an empty map where there is no such file (not Linux). A thread counts in {@code stream
   * threads} when its name starts with {@code threadPrefix} (Kafka Streams names its threads after the
   * application id), and the kernel keeps the first 15 characters of a name; a thread that ended is not counted.
   */
  static Map<String, Long> byThread(ProcessHandle process, String threadPrefix) {
    Map<String, Long> groups = new LinkedHashMap<>();
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    if (!Files.isDirectory(tasks)) {
      return groups;
    }
    THREAD_GROUPS.forEach(group -> groups.put(group, 0L));
    try (Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        String stat;
        try {
          stat = Files.readString(thread.resolve("stat"));
        } catch (NoSuchFileException ended) {
          continue;
        }
        // pid (comm) state ppid ...: the name may hold spaces and parentheses, so it ends at the last ')'.
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        groups.merge(group(name, threadPrefix), ticks * NANOS_PER_TICK, Long::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the threads' CPU times of process " + process.pid() + " under "
          + tasks + " (has it ended?)", e);
    }
    return groups;
  }

  private static String group(String name, String threadPrefix) {
    if (name.startsWith(threadPrefix.substring(0, Math.min(threadPrefix.length(), 15)))) {
      return "stream threads";
    } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "JIT compilers";
    } else if (name.startsWith("kafka-producer-")) {
      return "producers' network";
    } else if (name.startsWith("rocksdb:")) {
      return "RocksDB background";
    } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return "garbage collector";
    }
    return "other";
  }
}
