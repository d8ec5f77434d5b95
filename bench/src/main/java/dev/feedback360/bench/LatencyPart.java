package dev.feedback360.bench;

import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** End-to-end latency of the running streams app under open-loop load at fractions of its drain rate. */
final class LatencyPart {

  private final String bootstrap;
  private final Topics topics;
  private final Progress progress;

  LatencyPart(String bootstrap, Topics topics, Progress progress) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.progress = progress;
  }

  /**
   * @param generator makes the probe's responses
   * @param lastEventTime the preload's latest submission: the probe's markers come after it
   * @param drain the measured streams drain, the 100% of the fractions
   * @throws IllegalStateException if a load's responses do not all reach the scores topic
   */
  List<Figures.Latency> run(BenchData generator, Instant lastEventTime, Figures.Rate drain, List<Double> fractions,
      Duration duration) throws InterruptedException {
    Instant now = Instant.now();
    LatencyProbe probe = new LatencyProbe(bootstrap, topics.responses(), topics.scores(), generator,
        (lastEventTime.isAfter(now) ? lastEventTime : now).plusSeconds(1), TopicSettings.defaults().partitions());
    List<Figures.Latency> latency = new ArrayList<>();
    for (double fraction : fractions) {
      double rate = Math.max(1, fraction * drain.perSecond());
      progress.say("Latency: offering %.0f responses/s (%.0f%% of drain) for %d s...", rate, fraction * 100,
          duration.toSeconds());
      Figures.Latency measured = probe.run(fraction, rate, duration);
      if (measured.seen() < measured.sent()) {
        throw new IllegalStateException("Only " + measured.seen() + " of " + measured.sent()
            + " latency responses reached the scores topic within a minute of the last send; the app is "
            + "too slow at this load or has failed (see its log above)");
      }
      latency.add(measured);
    }
    return latency;
  }
}
