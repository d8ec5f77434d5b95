package dev.feedback360.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end latency under an open-loop load: responses are sent on a fixed schedule whatever the app does, each
 * with a unique submittedAt (a marker {@code base + sequence} ms, later than any earlier event and, as the broker
 * requires of record timestamps, less than an hour ahead of its clock); the team's record written for it carries that
 * instant as its Kafka timestamp (not necessarily as updatedAt: the publication rule may hold the change back). The latency of a response is from its scheduled send time (so a stalled
 * sender does not hide queueing: no coordinated omission) to the moment a read_committed consumer of the scores
 * topic receives the team's record with its marker.
 */
final class LatencyProbe {

  private static final Duration DRAIN_AFTER_LAST_SEND = Duration.ofSeconds(60);

  private final String bootstrapServers;
  private final String inputTopic;
  private final String scoresTopic;
  private final BenchData data;
  private final Instant markerBase;
  private final int partitions;
  private long nextSequence;

  LatencyProbe(String bootstrapServers, String inputTopic, String scoresTopic, BenchData data, Instant markerBase,
      int partitions) {
    this.partitions = partitions;
    this.bootstrapServers = bootstrapServers;
    this.inputTopic = inputTopic;
    this.scoresTopic = scoresTopic;
    this.data = data;
    this.markerBase = markerBase;
  }

  /** Offers {@code rate} responses per second for {@code duration} and measures each one's latency. */
  Figures.Latency run(double fraction, double rate, Duration duration) throws InterruptedException {
    int count = (int) Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
    long first = nextSequence;
    nextSequence += count;
    List<BenchData.Record> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long sequence = first + i;
      records.add(data.latencyResponse((int) (sequence % data.teams()), sequence,
          markerBase.plusMillis(sequence), partitions));
    }
    long[] scheduled = new long[count];
    long[] seenAt = new long[count];
    Histogram histogram = new Histogram(Duration.ofMinutes(10).toNanos() / 1000, 3);
    try (KafkaConsumer<byte[], byte[]> consumer = tail()) {
      AtomicReference<Throwable> sendFailure = new AtomicReference<>();
      long[] sendSpan = new long[2];
      Thread sender = new Thread(() -> send(records, rate, scheduled, sendSpan, sendFailure), "bench-open-loop");
      sender.start();
      int seen = 0;
      long giveUpAt = Long.MAX_VALUE;
      while (seen < count && System.nanoTime() < giveUpAt) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
          long now = System.nanoTime();
          if (record.value() == null) {
            continue;
          }
          // The record's timestamp is the event time of the change it reflects (Kafka Streams keeps it), also when
          // the publication rule holds the change back from the cells and from updatedAt.
          long sequence = record.timestamp() - markerBase.toEpochMilli();
          int index = (int) (sequence - first);
          if (index >= 0 && index < count && seenAt[index] == 0) {
            seenAt[index] = now;
            seen++;
          }
        }
        if (!sender.isAlive() && giveUpAt == Long.MAX_VALUE) {
          giveUpAt = System.nanoTime() + DRAIN_AFTER_LAST_SEND.toNanos();
        }
      }
      sender.join();
      if (sendFailure.get() != null) {
        throw new IllegalStateException("The open-loop producer failed: " + sendFailure.get().getMessage(),
            sendFailure.get());
      }
      for (int i = 0; i < count; i++) {
        if (seenAt[i] != 0) {
          histogram.recordValue(Math.max(0, (seenAt[i] - scheduled[i]) / 1000));
        }
      }
      double achieved = count * 1e9 / Math.max(1, sendSpan[1] - sendSpan[0]);
      return new Figures.Latency(fraction, rate, achieved, count, seen,
          histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
          histogram.getValueAtPercentile(99.9) / 1000.0, histogram.getMaxValue() / 1000.0);
    }
  }

  private void send(List<BenchData.Record> records, double rate, long[] scheduled, long[] span,
      AtomicReference<Throwable> failure) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-open-loop");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      double interval = 1e9 / rate;
      long start = System.nanoTime();
      span[0] = start;
      for (int i = 0; i < records.size(); i++) {
        long due = start + (long) (i * interval);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        scheduled[i] = due;
        BenchData.Record record = records.get(i);
        producer.send(new ProducerRecord<>(inputTopic, record.key(), record.value()),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
            });
      }
      span[1] = System.nanoTime();
      producer.flush();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private KafkaConsumer<byte[], byte[]> tail() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-latency-tail");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(scoresTopic).forEach(p -> partitions.add(new TopicPartition(scoresTopic, p.partition())));
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }
}
