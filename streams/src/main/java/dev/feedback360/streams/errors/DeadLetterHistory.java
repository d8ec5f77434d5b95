package dev.feedback360.streams.errors;

import dev.feedback360.streams.read.TopicScan;
import dev.feedback360.topics.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead letters already on the dead-letter topic, so that reprocessing the input after a reset does not write the
 * same dead letters again.
 *
 * <p>A dead letter is identified by the input record it comes from (the {@code __streams.errors.topic},
 * {@code partition} and {@code offset} headers), its reason, and its raw key and value: reprocessing a record
 * refused before for the same reason repeats it; a record refused for another reason (a new check after an upgrade)
 * or a different record at the same offset (a recreated input topic) does not. Exactly-once processing never repeats
 * a dead letter otherwise: one written in an aborted transaction is invisible to the {@code read_committed} read
 * here.
 *
 * <p>The app creates one history, shared by its exception handlers. The topic is read once, lazily at the first dead
 * letter: a run without invalid input never reads it. If it cannot be read, dead letters are written anyway (a repeat
 * is better than a loss) and a warning says so.
 */
public final class DeadLetterHistory {

  /**
   * The Kafka Streams configuration key under which the app hands its history to the exception handlers (an object
   * value: they are configured with the original properties). Without it, as under TopologyTestDriver, dead letters
   * are written without this check.
   */
  public static final String CONFIG = "feedback360.dead-letter.history";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHistory.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final String deadLetterTopic;
  private final Reader reader;
  private Set<Identity> written;

  /** The history of {@code deadLetterTopic} on this cluster, read at its first use. */
  public DeadLetterHistory(KafkaConnection kafka, String deadLetterTopic) {
    this(deadLetterTopic, new TopicScan(kafka, READ_TIMEOUT)::scan);
  }

  DeadLetterHistory(String deadLetterTopic, Reader reader) {
    this.deadLetterTopic = deadLetterTopic;
    this.reader = reader;
  }

  /** The history the app put in the handlers' configuration, if any. */
  static Optional<DeadLetterHistory> from(Map<String, ?> configs) {
    return configs.get(CONFIG) instanceof DeadLetterHistory history ? Optional.of(history) : Optional.empty();
  }

  /** Reads every committed record of a topic. */
  @FunctionalInterface
  interface Reader {
    long read(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink);
  }

  /** The dead letters of this list that are not on the topic yet. */
  synchronized List<ProducerRecord<byte[], byte[]>> withoutRepeats(List<ProducerRecord<byte[], byte[]>> deadLetters) {
    if (deadLetters.isEmpty()) {
      return deadLetters;
    }
    Set<Identity> known = written();
    List<ProducerRecord<byte[], byte[]>> fresh = new ArrayList<>(deadLetters.size());
    for (ProducerRecord<byte[], byte[]> deadLetter : deadLetters) {
      Identity identity = Identity.of(deadLetter.headers(), deadLetter.key(), deadLetter.value());
      if (known.contains(identity)) {
        LOG.info("Dead letter for {}-{} offset {} is already on {} (the input is being reprocessed, as after a "
            + "reset): not written again", identity.topic(), identity.partition(), identity.offset(),
            deadLetterTopic);
      } else {
        fresh.add(deadLetter);
      }
    }
    return fresh;
  }

  private Set<Identity> written() {
    if (written == null) {
      Set<Identity> found = new HashSet<>();
      try {
        long read = reader.read(deadLetterTopic,
            record -> found.add(Identity.of(record.headers(), record.key(), record.value())));
        LOG.info("Read {} earlier dead letters from {} so that reprocessed input does not repeat them", read,
            deadLetterTopic);
      } catch (RuntimeException e) {
        LOG.warn("Cannot read the earlier dead letters from {} ({}); dead letters of input reprocessed after a reset "
            + "may repeat ones already there: tell them apart by the __streams.errors.topic, partition and offset "
            + "headers", deadLetterTopic, e.getMessage(), e);
      }
      written = found;
    }
    return written;
  }

  @Override
  public String toString() {
    return "dead letters on " + deadLetterTopic;
  }

  /** What makes two dead letters the same: their source record, reason and bytes. */
  record Identity(String topic, String partition, String offset, String reason, int keyHash, int valueHash) {

    static Identity of(Headers headers, byte[] key, byte[] value) {
      return new Identity(text(headers, DeadLetterProcessingExceptionHandler.HEADER_TOPIC),
          text(headers, DeadLetterProcessingExceptionHandler.HEADER_PARTITION),
          text(headers, DeadLetterProcessingExceptionHandler.HEADER_OFFSET),
          text(headers, DeadLetterProcessingExceptionHandler.HEADER_MESSAGE),
          Arrays.hashCode(key), Arrays.hashCode(value));
    }

    private static String text(Headers headers, String name) {
      Header header = headers.lastHeader(name);
      return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
  }
}
