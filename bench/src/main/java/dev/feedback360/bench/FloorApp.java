package dev.feedback360.bench;

import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.errors.DeadLetterHistory;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * {@link FloorTopology} run by Kafka Streams with the app's own settings ({@link StreamsSettings#toProperties()}:
 * exactly-once, commit interval, producer and RocksDB settings, exception handlers), for the bench's floor part.
 * Its topics must exist; a failing stream thread stops it (as the app).
 */
final class FloorApp implements StreamsAppProcess.Running {

  private final KafkaStreams streams;
  /** Counted down once the client is RUNNING or has failed. */
  private final CountDownLatch settled = new CountDownLatch(1);
  private volatile Throwable failure;

  private FloorApp(KafkaStreams streams) {
    this.streams = streams;
  }

  /** Starts the floor; returns once started (not yet necessarily RUNNING). */
  static FloorApp start(StreamsSettings settings, String scores, String scoresJson, int teams) {
    Properties props = settings.toProperties();
    props.put(DeadLetterHistory.CONFIG, new DeadLetterHistory(settings.connection(), settings.topics().deadLetters()));
    FloorApp app = new FloorApp(new KafkaStreams(
        FloorTopology.build(settings.topics().responses(), scores, scoresJson, teams), props));
    app.streams.setUncaughtExceptionHandler(exception -> {
      app.failure = exception;
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    app.streams.setStateListener((next, previous) -> {
      if (next == State.RUNNING || next.hasCompletedShutdown() || next == State.PENDING_ERROR) {
        app.settled.countDown();
      }
    });
    app.streams.start();
    return app;
  }

  @Override
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && streams.state() == State.RUNNING;
  }

  @Override
  public Object state() {
    return streams.state();
  }

  @Override
  public KafkaStreams streams() {
    return streams;
  }

  @Override
  public Throwable failure() {
    return failure;
  }

  @Override
  public void close() {
    streams.close(CloseOptions.timeout(Duration.ofSeconds(30)));
  }
}
