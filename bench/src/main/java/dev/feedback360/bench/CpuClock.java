package dev.feedback360.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

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
}
