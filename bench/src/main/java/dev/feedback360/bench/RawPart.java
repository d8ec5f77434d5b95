package dev.feedback360.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The broker's own limit: the plain producer sending the preload (always: it is the preload), the same records
 * with the streams app's producer settings, and a plain consumer reading them back.
 */
final class RawPart {

  /**
   * What the raw part measured.
   *
   * @param producer the plain idempotent acks=all producer sending the preload
   * @param producerCpu its CPU per response
   * @param producerAppSettings the producer with the app's producer settings (run with the raw or streams part)
   * @param consumer the plain consumer (run with the raw part)
   */
  record Result(Figures.Rate producer, Figures.Cpu producerCpu, Optional<Figures.Rate> producerAppSettings,
      Optional<Figures.Rate> consumer) {}

  private final String bootstrap;
  private final Progress progress;

  RawPart(String bootstrap, Progress progress) {
    this.bootstrap = bootstrap;
    this.progress = progress;
  }

  /**
   * @param responsesTopic where the preload goes
   * @param withAppSettings also send the preload with the app's producer settings
   * @param withConsumer also read the preload back
   */
  Result run(String responsesTopic, BenchData.Dataset data, Map<String, Object> appProducerSettings,
      boolean withAppSettings, boolean withConsumer, Duration timeout, int cores)
      throws InterruptedException, ExecutionException {
    progress.say("Raw producer: sending the preload...");
    long cpuBefore = CpuClock.self();
    Figures.Rate producer = new RawThroughput(bootstrap).produce(responsesTopic, data.records());
    Figures.Cpu cpu = new Figures.Cpu("raw producer (idempotent, acks=all)", null, CpuClock.self() - cpuBefore,
        producer.records(), cores);
    Optional<Figures.Rate> appSettings = Optional.empty();
    if (withAppSettings) {
      progress.say("Raw producer with the streams app's producer settings %s: sending the preload to %s...",
          appProducerSettings, BenchRun.RAW_APP_SETTINGS);
      appSettings = Optional.of(new RawThroughput(bootstrap).produce(BenchRun.RAW_APP_SETTINGS, data.records(),
          "bench-raw-producer-app-settings", appProducerSettings));
    }
    Optional<Figures.Rate> consumer = Optional.empty();
    if (withConsumer) {
      progress.say("Raw consumer: reading it back...");
      consumer = Optional.of(new RawThroughput(bootstrap).consume(responsesTopic, timeout));
    }
    return new Result(producer, cpu, appSettings, consumer);
  }
}
