package dev.feedback360.streams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A heartbeat file for container healthchecks: rewritten every {@code interval} while the app is healthy, deleted
 * as soon as it is not and when the app stops. A healthcheck then only asks whether the file is recent, with no
 * port, HTTP client or JVM of its own ({@code find FILE -mmin -1}).
 */
public final class HealthFile implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HealthFile.class);

  private final Path file;
  private final BooleanSupplier healthy;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  HealthFile(Path file, BooleanSupplier healthy, Clock clock, ScheduledExecutorService scheduler) {
    this.file = Objects.requireNonNull(file, "file");
    this.healthy = Objects.requireNonNull(healthy, "healthy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = scheduler;
  }

  /**
   * Starts beating now and then every {@code interval} on a daemon thread.
   *
   * @param healthy asked at every beat; for the streams app: RUNNING or REBALANCING
   */
  public static HealthFile start(Path file, BooleanSupplier healthy, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("The health file interval must be positive, got " + interval);
    }
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the directory of the health file " + file, e);
    }
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "feedback360-health-file");
      thread.setDaemon(true);
      return thread;
    });
    HealthFile health = new HealthFile(file, healthy, Clock.systemUTC(), scheduler);
    scheduler.scheduleWithFixedDelay(health::beatLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Health file {} is rewritten every {} s while the app is healthy", file, interval.toSeconds());
    return health;
  }

  /** One beat: rewrites the file (atomically) when healthy, deletes it otherwise. */
  void beat() throws IOException {
    if (healthy.getAsBoolean()) {
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.writeString(partial, "healthy at " + clock.instant() + "\n", StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.deleteIfExists(file);
    }
  }

  private void beatLogged() {
    try {
      beat();
    } catch (IOException | RuntimeException e) {
      // The file goes stale, so the healthcheck reports the problem; the app itself keeps running.
      LOG.warn("Cannot update the health file {}: {}", file, e.toString(), e);
    }
  }

  /** Stops beating and deletes the file: a stopped app is not healthy. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        // A beat in progress must not write the file again after it is deleted below.
        if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("The health file writer did not stop within 10 s; {} may reappear", file);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        LOG.warn("Interrupted while stopping the health file writer; {} may reappear", file);
      }
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the health file " + file, e);
    }
  }
}
