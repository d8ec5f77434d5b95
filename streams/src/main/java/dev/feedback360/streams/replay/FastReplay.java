package dev.feedback360.streams.replay;

import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.errors.DeadLetterProcessingExceptionHandler;
import dev.feedback360.streams.json.TeamScoresJson;
import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.streams.scoring.ScoreCalculator;
import dev.feedback360.streams.topology.InputPartitioning;
import dev.feedback360.streams.topology.ScoresFold;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.TopicProvisioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An analyst's replay without Kafka Streams: reads the responses topic ({@code read_committed}, no consumer group)
 * up to its end offsets at the start, folds every record through the topology's own rules in memory
 * ({@link ScoresFold}), and writes each team's final scores, JSON mirror and the dead letters to the replay's topics
 * in one transaction. The output is the last record the production topology would have written per team, without
 * the intermediate ones (docs/replay.md, "Fast replay"). Nothing is left to clean up: no internal topic, group or
 * local state.
 */
public final class FastReplay {

  private static final Logger LOG = LoggerFactory.getLogger(FastReplay.class);
  /** Team changes handed to each of the fold's team threads at a time. */
  private static final int TEAM_CHANGES_PER_HAND_OVER = 2048;
  /**
   * Threads that fold teams side by side beside the one that reads and decides the records: one per core (the team
   * side's rules cost about three times the key side's per response), at most 8.
   */
  private static final int TEAM_THREADS = Math.min(8, Math.max(1, Runtime.getRuntime().availableProcessors()));

  private final ReplayRequest request;
  private final ReplayListener listener;
  private final String replayId;

  public FastReplay(ReplayRequest request, ReplayListener listener) {
    this.request = request;
    this.listener = listener;
    this.replayId = ReplayRequest.APPLICATION_ID_PREFIX + "fast-" + HexFormat.of().toHexDigits(
        ThreadLocalRandom.current().nextLong()).substring(0, 12);
  }

  /**
   * Runs the replay to its end.
   *
   * @throws IllegalArgumentException if the output topic already holds records or the input does not exist
   * @throws IllegalStateException if the input breaks the rules the way that stops the topology too, or Kafka fails;
   *     the transaction is then aborted and the output stays empty
   */
  public ReplaySummary run() {
    long started = System.nanoTime();
    try (Admin client = request.kafka().admin()) {
      ReplayAdmin admin = new ReplayAdmin(client, replayId, request.bootstrapServers());
      ReplayPreflight.check(admin, request);
      OffsetRange input = admin.range(request.responsesTopic(), IsolationLevel.READ_COMMITTED);
      int partitions = TopicProvisioner.partitionCount(client, request.responsesTopic(), ReplayAdmin.TIMEOUT);
      TopicProvisioner.ensure(client, request.topics(), request.topicSettings(),
          Set.of(request.outputTopic(), request.outputJsonTopic(), request.outputDeadLetterTopic()),
          ReplayAdmin.TIMEOUT);
      listener.started(replayId, input.total());
      LOG.info("Fast replay {}: {} -> {} (scope {}, k = {}, N = {}), {} input offsets", replayId,
          request.responsesTopic(), request.outputTopic(), request.scope(), request.scoring().minRaters(),
          request.scoring().minChange(), input.total());
      ScoreCalculator calculator = new ScoreCalculator(request.scoring());
      int[] held = {0, 0};
      try (ProducerStart producer = new ProducerStart(this::readyProducer);
          ScoresFold fold = ScoresFold.pipelined(calculator, request.scope(),
              new InputPartitioning(request.responsesTopic(), partitions), TEAM_CHANGES_PER_HAND_OVER,
              TEAM_THREADS)) {
        try {
          return foldAndWrite(client, fold, producer, input, started);
        } catch (OutOfMemoryError e) {
          held[0] = fold.keys();
          held[1] = fold.teams();
          throw e;
        }
      } catch (OutOfMemoryError e) {
        // The fold is closed and out of reach here: its heap is free again for the message and the caller.
        throw outOfHeap(replayId, held[0], held[1], Runtime.getRuntime().maxMemory(), e);
      }
    }
  }

  /**
   * What a fast replay that ran out of heap says: its state is in the heap and grows with the teams and response keys
   * it has read (docs/replay.md, "Memory": the bench's million responses over 6,000 teams, and 450,000 over 100,000
   * teams of a few raters, under 512 MiB), so the remedy is more heap or the topology replay, whose state is on disk.
   */
  static IllegalStateException outOfHeap(String replayId, int keys, int teams, long maxHeap, OutOfMemoryError e) {
    return new IllegalStateException(String.format(Locale.ROOT,
        "Fast replay %s ran out of heap (at most %d MiB) after %,d response "
            + "keys of %,d teams, and committed nothing. Its state is held in memory and grows with teams and keys "
            + "(docs/replay.md, \"Memory\"): give it more heap (e.g. FEEDBACK360_JAVA_OPTS=-Xmx4g) or run it with "
            + "--mode topology, which keeps its state on disk",
        replayId, maxHeap >> 20, keys, teams), e);
  }

  private ReplaySummary foldAndWrite(Admin client, ScoresFold fold, ProducerStart producer, OffsetRange input,
      long started) {
    List<ProducerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    long[] read = {0};
    long[] lastReport = {System.nanoTime()};
    new TopicScan(request.kafka(), request.timeout()).scan(request.responsesTopic(), record -> {
      ScoresFold.DeadLetter dead = fold.apply(record.partition(), record.key(), record.value(), record.timestamp());
      if (dead != null) {
        deadLetters.add(deadLetter(record, dead.reason()));
      }
      read[0]++;
      if (System.nanoTime() - lastReport[0] > Replay.PROGRESS_INTERVAL.toNanos()) {
        lastReport[0] = System.nanoTime();
        listener.progress(new ReplayProgress(read[0], input.total(),
            Duration.ofNanos(System.nanoTime() - started), false));
      }
    });
    fold.finish(); // every team change applied, or a team thread's failure thrown, before the transaction
    LOG.info("Fast replay {}: {} records folded over {} response keys and {} teams ({} times a team was packed to "
        + "make room for another)", replayId, read[0], fold.keys(), fold.teams(), fold.teamsPacked());
    int[] teams = {0};
    int[] published = {0};
    write(producer.get(), fold, deadLetters, teams, published);
    // commitTransaction returns before the commit markers reach every partition: wait until read_committed
    // readers (the summary's caller, an export right after) see the whole output.
    try {
      new CatchUp(client).awaitSettled(List.of(request.outputTopic(), request.outputJsonTopic(),
          request.outputDeadLetterTopic()), request.timeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Fast replay " + replayId + " was interrupted while waiting for its "
          + "committed output on " + request.outputTopic() + " to become readable", e);
    }
    return new ReplaySummary(replayId, request.outputTopic(), input.total(), read[0], teams[0],
        published[0],
        deadLetters.size(), Duration.ofNanos(System.nanoTime() - started), Set.of(), null);
  }

  private void write(KafkaProducer<byte[], byte[]> producer, ScoresFold fold,
      List<ProducerRecord<byte[], byte[]>> deadLetters, int[] teams, int[] published) {
    AvroSerde<TeamKey> keySerde = AvroSerdes.teamKey();
    AvroSerde<TeamScores> scoresSerde = AvroSerdes.teamScores();
    producer.beginTransaction();
    try {
      deadLetters.forEach(producer::send);
      fold.forEachTeam((team, scores) -> {
        byte[] key = keySerde.encode(team);
        byte[] jsonKey = TeamScoresTopology.jsonKey(team).getBytes(StandardCharsets.UTF_8);
        long time = scores == null ? System.currentTimeMillis() : scores.getUpdatedAt().toEpochMilli();
        producer.send(new ProducerRecord<>(request.outputTopic(), null, time, key, scoresSerde.encode(scores)));
        producer.send(new ProducerRecord<>(request.outputJsonTopic(), null, time, jsonKey,
            scores == null ? null : TeamScoresJson.toJsonLine(scores).getBytes(StandardCharsets.UTF_8)));
        if (scores != null) {
          teams[0]++;
          if (scores.getStatus() == PublicationStatus.PUBLISHED) {
            published[0]++;
          }
        }
      });
      producer.commitTransaction();
    } catch (KafkaException e) {
      producer.abortTransaction();
      throw new IllegalStateException("Fast replay " + replayId + " could not write its output to "
          + request.outputTopic() + " at " + request.bootstrapServers() + " (" + e.getMessage() + "); nothing "
          + "was committed: run it again", e);
    }
  }

  private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, RuntimeException reason) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterProcessingExceptionHandler.HEADER_EXCEPTION, utf8(reason.getClass().getName()));
    headers.add(DeadLetterProcessingExceptionHandler.HEADER_MESSAGE, utf8(String.valueOf(reason.getMessage())));
    headers.add(DeadLetterProcessingExceptionHandler.HEADER_TOPIC, utf8(record.topic()));
    headers.add(DeadLetterProcessingExceptionHandler.HEADER_PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(DeadLetterProcessingExceptionHandler.HEADER_OFFSET, utf8(Long.toString(record.offset())));
    LOG.warn("Unusable record at {}-{} offset {} sent to {}: {}", record.topic(), record.partition(),
        record.offset(), request.outputDeadLetterTopic(), reason.getMessage());
    return new ProducerRecord<>(request.outputDeadLetterTopic(), null, record.key(), record.value(), headers);
  }

  /** The output's producer with its transactions initialised and the output topics' metadata fetched. */
  private KafkaProducer<byte[], byte[]> readyProducer() {
    KafkaProducer<byte[], byte[]> producer = producer();
    try {
      producer.initTransactions();
      for (String topic : List.of(request.outputTopic(), request.outputJsonTopic(), request.outputDeadLetterTopic())) {
        producer.partitionsFor(topic);
      }
      return producer;
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Properties props = request.kafka().properties();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, replayId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(15).toMillis());
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The output's transactional producer, made ready on a thread of its own while the input is read: creating it,
   * initialising its transactions and fetching the output topics' metadata are round trips to the brokers that
   * would otherwise follow the fold. Closing waits for it and closes the producer.
   */
  private static final class ProducerStart implements AutoCloseable {
    private final CompletableFuture<KafkaProducer<byte[], byte[]>> ready = new CompletableFuture<>();
    /** Whether {@link #get} has thrown the start's failure. */
    private boolean thrown;

    ProducerStart(Supplier<KafkaProducer<byte[], byte[]>> start) {
      Thread thread = new Thread(() -> {
        try {
          ready.complete(start.get());
        } catch (Throwable e) {
          ready.completeExceptionally(e);
        }
      }, "fast-replay-producer-start");
      thread.setDaemon(true);
      thread.start();
    }

    /**
     * The ready producer.
     *
     * @throws RuntimeException what making it ready threw
     */
    KafkaProducer<byte[], byte[]> get() {
      try {
        return ready.join();
      } catch (CompletionException e) {
        thrown = true;
        if (e.getCause() instanceof RuntimeException cause) {
          throw cause;
        }
        throw e;
      }
    }

    /**
     * Waits for the start, then closes the producer.
     *
     * @throws IllegalStateException if the start failed and {@link #get} did not throw it (the fold failed first)
     */
    @Override
    public void close() {
      KafkaProducer<byte[], byte[]> producer;
      try {
        producer = ready.join();
      } catch (CompletionException e) {
        if (thrown) {
          return; // get() threw this failure already
        }
        throw new IllegalStateException("The fast replay's output producer could not be started either: "
            + e.getCause().getMessage(), e.getCause());
      }
      producer.close();
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
