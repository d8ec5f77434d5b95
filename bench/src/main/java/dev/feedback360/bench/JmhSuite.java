package dev.feedback360.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks of {@code dev.feedback360.bench.jmh} and collects their scores. */
public final class JmhSuite {

  private JmhSuite() {}

  /** Runs every benchmark with these settings; average time per operation in microseconds. */
  public static List<Figures.Jmh> run(BenchSettings.JmhSettings settings) {
    TimeValue time = TimeValue.milliseconds(settings.iterationTime().toMillis());
    Options options = new OptionsBuilder()
        .include("dev\\.feedback360\\.bench\\.jmh\\..*")
        .forks(settings.forks())
        .warmupIterations(settings.warmupIterations())
        .warmupTime(time)
        .measurementIterations(settings.iterations())
        .measurementTime(time)
        .timeUnit(TimeUnit.MICROSECONDS)
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results;
    try {
      results = new Runner(options).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
    }
    List<Figures.Jmh> figures = new ArrayList<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      figures.add(new Figures.Jmh(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
          result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError(),
          result.getPrimaryResult().getScoreUnit()));
    }
    figures.sort(java.util.Comparator.comparing(Figures.Jmh::benchmark));
    return figures;
  }
}
