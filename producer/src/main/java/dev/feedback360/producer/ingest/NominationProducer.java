package dev.feedback360.producer.ingest;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.NominationReader;
import dev.feedback360.producer.validate.NominationValidator;
import dev.feedback360.producer.validate.ValidatedNomination;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends nominations files to the nominations topic: who HR asks to rate whom.
 *
 * <p>Records: key {@link ResponseKey} (the rater pseudonymised exactly as {@code produce} does, self domain
 * included, so a nomination's key is the key of the response that answers it), value {@link Nomination}, or null
 * for a removal; both Avro single-object encoded. The record timestamp is {@code nominatedAt}, or the time the run
 * started when the row has none; a removal's is the time the run started. The producer is the idempotent,
 * {@code acks=all} producer of {@link ProducerSettings}, with Kafka's default partitioner, so a nomination lands on
 * the partition its response lands on as long as both topics have the same partition count: the nominations topic
 * is created with the responses topic's count when missing, and an existing one with another count is refused
 * ({@link NominationTopicMismatchException}) before anything is sent.
 *
 * <p>A key repeated in one file is sent each time, in file order, so the last row wins (a later row with another
 * team or group moves the nomination); the repeats are counted and logged by line. Logs carry counts, line numbers
 * and reasons only. Not thread-safe.
 */
public final class NominationProducer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NominationProducer.class);

  private final ProducerSettings settings;
  private final NominationValidator validator;
  private final Clock clock;
  private final Producer<byte[], byte[]> producer;
  private final Runnable topicCheck;
  private final AvroSerde<ResponseKey> keySerde = AvroSerdes.responseKey();
  private final AvroSerde<Nomination> valueSerde = AvroSerdes.nomination();
  private boolean topicEnsured;

  /**
   * Connects a Kafka producer; the topics are checked on first use.
   *
   * @param clock the time of removals and of nominations without {@code nominated_at}
   */
  public NominationProducer(ProducerSettings settings, NominationValidator validator, Clock clock) {
    this(settings, validator, clock, new KafkaProducer<>(settings.producerProperties()),
        () -> ensureTopic(settings));
  }

  NominationProducer(ProducerSettings settings, NominationValidator validator, Clock clock,
      Producer<byte[], byte[]> producer, Runnable topicCheck) {
    this.settings = settings;
    this.validator = validator;
    this.clock = clock;
    this.producer = producer;
    this.topicCheck = topicCheck;
  }

  /**
   * Sends every valid row of a nominations file as a nomination; invalid rows go to the rejects file (as
   * {@code produce} writes it) and are counted.
   *
   * @throws NominationTopicMismatchException when the nominations topic has another partition count than the
   *     responses topic (nothing is sent)
   * @throws IOException when the input cannot be read part-way or the rejects file cannot be written
   */
  public NominationSummary nominate(Path input, InputFormat format, Path rejectsFile, ImportListener listener)
      throws IOException {
    return send(input, format, NominationReader.Use.NOMINATE, rejectsFile, listener);
  }

  /**
   * Sends a removal (tombstone) for every valid row of a file of the same format; only {@code cycle_id,
   * subject_id, rater_id} are needed.
   *
   * @throws NominationTopicMismatchException as {@link #nominate}
   * @throws IOException as {@link #nominate}
   */
  public NominationSummary remove(Path input, InputFormat format, Path rejectsFile, ImportListener listener)
      throws IOException {
    return send(input, format, NominationReader.Use.REMOVE, rejectsFile, listener);
  }

  /** Flushes and closes the Kafka producer. */
  @Override
  public void close() {
    producer.close(settings.timeout());
  }

  private NominationSummary send(Path input, InputFormat format, NominationReader.Use use, Path rejectsFile,
      ImportListener listener) throws IOException {
    String topic = settings.topics().nominations();
    long now = clock.instant().truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    Map<ResponseKey, Long> lines = new HashMap<>();
    List<NominationSummary.Duplicate> first = new ArrayList<>();
    long[] duplicates = {0};
    String what = use == NominationReader.Use.REMOVE ? "Nomination removals" : "Nominations";
    ImportSummary summary = FileSend.send(what, () -> {
      NominationReader rows = NominationReader.open(input, format, use);
      return FileSend.steps(rows, () -> {
        var read = rows.next();
        if (read == null) {
          return null;
        }
        ValidatedNomination row = validator.validate(read, use);
        if (row instanceof ValidatedNomination.Rejected rejected) {
          return new FileSend.Step.Reject(rejected.line(), rejected.reason(), rejected.sourceText());
        }
        ValidatedNomination.Accepted accepted = (ValidatedNomination.Accepted) row;
        Long earlier = lines.put(accepted.key(), accepted.line());
        if (earlier != null) {
          duplicates[0]++;
          if (first.size() < ImportSummary.MAX_REJECTIONS_KEPT) {
            first.add(new NominationSummary.Duplicate(accepted.line(), earlier));
          }
          LOG.warn("Line {} repeats the key (cycle, subject, rater) of line {}: both are sent, the last row wins",
              accepted.line(), earlier);
        }
        Nomination value = accepted.value();
        long timestamp = value == null || value.getNominatedAt() == null ? now
            : value.getNominatedAt().toEpochMilli();
        return new FileSend.Step.Send(new ProducerRecord<>(topic, null, timestamp, keySerde.encode(accepted.key()),
            value == null ? null : valueSerde.encode(value)));
      });
    }, rejectsFile, listener, producer, this::checkTopicOnce);
    return new NominationSummary(summary, use == NominationReader.Use.REMOVE, duplicates[0], first);
  }

  private void checkTopicOnce() {
    if (!topicEnsured) {
      topicCheck.run();
      topicEnsured = true;
    }
  }

  /**
   * Creates the responses topic when missing (as {@code produce} would), then the nominations topic with the
   * responses topic's partition count; refuses an existing nominations topic with another count.
   */
  private static void ensureTopic(ProducerSettings settings) {
    Topics topics = settings.topics();
    int responses;
    int nominations;
    Admin admin = Admin.create(settings.adminProperties());
    try {
      TopicProvisioner.ensure(admin, topics, settings.topicSettings(), Set.of(topics.responses()),
          settings.timeout());
      responses = TopicProvisioner.partitionCount(admin, topics.responses(), settings.timeout());
      TopicSettings sameCount = new TopicSettings(responses, settings.topicSettings().replicationFactor(),
          settings.topicSettings().compaction());
      TopicProvisioner.ensure(admin, topics, sameCount, Set.of(topics.nominations()), settings.timeout());
      nominations = TopicProvisioner.partitionCount(admin, topics.nominations(), settings.timeout());
    } catch (IllegalStateException | KafkaException e) {
      throw new SendFailedException(e.getMessage(), e);
    } finally {
      // Without a wait, as the responses' producer closes its admin client: nothing is pending after a success.
      admin.close(Duration.ZERO);
    }
    if (nominations != responses) {
      throw new NominationTopicMismatchException("The nominations topic " + topics.nominations() + " has "
          + nominations + " partitions but the responses topic " + topics.responses() + " has " + responses
          + ": a nomination would not meet its response in the streams app, so nothing was sent. Delete "
          + topics.nominations() + " (nominate creates it again with " + responses + " partitions; send every "
          + "nominations file again) or name another topic with --nominations-topic");
    }
  }
}
