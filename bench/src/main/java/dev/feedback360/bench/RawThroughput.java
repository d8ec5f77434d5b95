package dev.feedback360.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The broker's own limit for these records: a plain idempotent acks=all producer sending the pre-serialized
 * responses (client defaults otherwise, or given settings such as the streams app's), and a plain consumer reading
 * them back from the beginning.
 */
final class RawThroughput {

  private final String bootstrapServers;

  RawThroughput(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** Sends every record and waits for every acknowledgement; the topic then holds the preload. */
  Figures.Rate produce(String topic, List<BenchData.Record> records) throws InterruptedException {
    return produce(topic, records, "bench-raw-producer", Map.of());
  }

  /**
   * Sends every record and waits for every acknowledgement, with {@code extra} producer settings applied on top of
   * the plain producer's (for example the streams app's own producer settings).
   */
  Figures.Rate produce(String topic, List<BenchData.Record> records, String clientId, Map<String, Object> extra)
      throws InterruptedException {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.putAll(extra);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long bytes = 0;
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (BenchData.Record record : records) {
        bytes += record.size();
        producer.send(new ProducerRecord<>(topic, record.key(), record.value()),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
            });
      }
      producer.flush();
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("The raw producer failed to send: " + failure.get().getMessage(),
          failure.get());
    }
    return new Figures.Rate(records.size(), bytes, elapsed);
  }

  /** Reads the whole topic from the beginning with a fresh consumer (manual assignment, no group). */
  Figures.Rate consume(String topic, Duration timeout) throws ExecutionException, InterruptedException {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-raw-consumer");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long count = 0;
      long bytes = 0;
      long start = 0;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (Positions.behind(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("The raw consumer read only " + count + " records in "
              + timeout.toSeconds() + " s");
        }
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
        if (!batch.isEmpty() && start == 0) {
          start = System.nanoTime();
        }
        for (var record : batch) {
          count++;
          bytes += record.serializedKeySize() + Math.max(0, record.serializedValueSize());
        }
      }
      return new Figures.Rate(count, bytes, System.nanoTime() - start);
    }
  }
}
