package dev.feedback360.bench;

import dev.feedback360.streams.scoring.ScoringConfig;
import java.time.Duration;
import java.util.Map;

/** The naive one-thread baseline draining the preload, and the scores it ends with. */
final class NaivePart {

  /**
   * @param rate the drain
   * @param cpu its CPU per response
   * @param finalScores its last JSON record per team
   */
  record Result(Figures.Rate rate, Figures.Cpu cpu, Map<String, String> finalScores) {}

  private final String bootstrap;
  private final Progress progress;
  private final Map<String, Object> producerSettings;

  NaivePart(String bootstrap, Progress progress, Map<String, Object> producerSettings) {
    this.bootstrap = bootstrap;
    this.progress = progress;
    this.producerSettings = producerSettings;
  }

  Result run(String responsesTopic, ScoringConfig scoring, Duration timeout, int cores) {
    progress.say("Naive baseline: draining...");
    long cpuBefore = CpuClock.self();
    Figures.Rate rate =
        new NaiveBaseline(bootstrap, producerSettings, scoring).drain(responsesTopic, BenchRun.NAIVE_SCORES,
            BenchRun.NAIVE_SCORES_JSON, timeout);
    Figures.Cpu cpu = new Figures.Cpu("naive baseline (1 thread, transactional)", null, CpuClock.self() - cpuBefore,
        rate.records(), cores);
    return new Result(rate, cpu, FinalScores.latestPerKey(bootstrap, BenchRun.NAIVE_SCORES_JSON, timeout));
  }
}
