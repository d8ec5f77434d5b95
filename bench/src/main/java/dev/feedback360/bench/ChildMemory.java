package dev.feedback360.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bench child JVM's memory as it reports it to the bench: its peak heap used, sampled every 50 ms by a daemon
 * thread from {@link #sampled()} on, its peak resident set and its maximum heap.
 */
final class ChildMemory {

  private final AtomicLong peakHeap = new AtomicLong();

  private ChildMemory() {}

  /** Starts sampling this JVM's heap. */
  static ChildMemory sampled() {
    ChildMemory memory = new ChildMemory();
    Thread sampler = new Thread(memory::sample, "bench-memory-sampler");
    sampler.setDaemon(true);
    sampler.start();
    return memory;
  }

  /** {@code <peak heap> <peak RSS> <max heap>} in bytes (the RSS -1 where there is no /proc), sampled once more. */
  String figures() {
    sampleOnce();
    return peakHeap.get() + " " + procStatus("VmHWM") + " " + Runtime.getRuntime().maxMemory();
  }

  private void sample() {
    while (true) {
      sampleOnce();
      try {
        Thread.sleep(50); // the sampling period
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void sampleOnce() {
    peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
  }

  /** A figure of /proc/self/status in bytes (the file gives kB); -1 where there is no /proc. */
  private static long procStatus(String field) {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()) * 1024;
        }
      }
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + status, e);
    }
  }
}
