package dev.feedback360.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final List<ImportProgress> reports = new ArrayList<>();
  private final ProgressReporter reporter = new ProgressReporter(reports::add, nanos::get);

  @Test
  void shouldReportEveryTenThousandRows() {
    for (long read = 1; read <= 25_000; read++) {
      reporter.rowRead(read, read - 1, 0, 0);
    }

    assertThat(reports).extracting(ImportProgress::read).containsExactly(10_000L, 20_000L);
    assertThat(reports.get(0)).isEqualTo(new ImportProgress(10_000, 9_999, 0, 0, Duration.ZERO));
  }

  @Test
  void shouldReportEveryTwoSecondsWhenRowsComeSlowly() {
    reporter.rowRead(1, 0, 0, 0);
    nanos.addAndGet(Duration.ofMillis(1_999).toNanos());
    reporter.rowRead(2, 1, 0, 0);
    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    reporter.rowRead(3, 2, 1, 0);

    assertThat(reports).containsExactly(new ImportProgress(3, 2, 1, 0, Duration.ofSeconds(2)));
  }
}
