package dev.feedback360.reliability.harness;

import static org.awaitility.Awaitility.await;

import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.RaterCounts;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.reliability.harness.Workload.InputRecord;
import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.read.ScoresReader;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.AdminClients;
import dev.feedback360.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a scenario's outcome the way Kafka's own EOS system tests do: the read_committed output equals the
 * aggregate of exactly the committed input ({@link ExpectedScores} over the responses topic as read back, which
 * must hold every produced record), the dead-letter topic holds exactly the poison pills on it, and no transaction
 * is left hanging (read_committed and read_uncommitted end offsets converge). It also reports input records written
 * twice and keys whose records reached the topic in another order than they were produced: that is the producer's
 * and the broker's doing, not the app's, and the model follows the topic, second copies included.
 */
public final class Verifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  /** A zombie's open transaction is aborted after transaction.timeout.ms (10 s under exactly-once by default). */
  private static final Duration TRANSACTIONS_SETTLE = Duration.ofSeconds(90);
  private static final Comparator<TopicPartition> PARTITION_ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final String bootstrapServers;
  private final String applicationId;
  private final Topics topics;
  private final Admin admin;
  private String lag = "";

  public Verifier(String bootstrapServers, String applicationId, Topics topics) {
    this.bootstrapServers = bootstrapServers;
    this.applicationId = applicationId;
    this.topics = topics;
    this.admin = AdminClients.create(bootstrapServers);
  }

  /**
   * Waits until the app has processed and committed all its input; false (and the lag noted) if it did not. A lag
   * that stays the same between two polls is read: a partition whose unread tail holds only transaction markers and
   * aborted records has nothing left to process ({@link UnreadTail}), and does not count.
   */
  public boolean awaitCaughtUp(Duration timeout) {
    CatchUp catchUp = new CatchUp(admin);
    List<String> inputs = List.of(topics.responses(), TeamScoresTopology.repartitionTopic(applicationId));
    List<Map<TopicPartition, Long>> previous = new ArrayList<>(List.of(Map.of()));
    try {
      await("application " + applicationId + " to catch up").atMost(timeout).pollInterval(Duration.ofMillis(500))
          .until(() -> {
            Map<TopicPartition, Long> behind = catchUp.lag(applicationId, inputs, ADMIN_TIMEOUT);
            Map<TopicPartition, Long> stuck = behind.equals(previous.get(0)) ? behind : Map.of();
            previous.set(0, behind);
            if (!stuck.isEmpty()) {
              behind = withRecordsLeft(behind);
            }
            lag = behind.toString();
            return behind.isEmpty();
          });
      lag = "";
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  /** The partitions of {@code behind} with records left to process after the app's committed offsets. */
  private Map<TopicPartition, Long> withRecordsLeft(Map<TopicPartition, Long> behind) throws ExecutionException,
      InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
        .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, Long> from = new HashMap<>();
    behind.keySet().forEach(tp -> from.put(tp, committed.get(tp) == null ? 0L : committed.get(tp).offset()));
    Set<TopicPartition> left = UnreadTail.withRecordsLeft(admin, bootstrapServers, from, ADMIN_TIMEOUT);
    Map<TopicPartition, Long> still = new TreeMap<>(PARTITION_ORDER);
    behind.forEach((tp, records) -> {
      if (left.contains(tp)) {
        still.put(tp, records);
      } else {
        LOG.info("{} lags by {} offsets of transaction markers and aborted records only: nothing left to process",
            tp, records);
      }
    });
    return still;
  }

  /**
   * Adds what the instances' logs say to the lag noted by a failed {@link #awaitCaughtUp}, so that a stalled app's
   * verdict says why (rebalancing, a failing commit, ...); nothing when the app caught up.
   */
  public void explainLag(String diagnosis) {
    if (!lag.isEmpty()) {
      lag = lag + "; " + diagnosis;
    }
  }

  /** Partitions of the app's output and internal topics with an open transaction right now (LSO below HWM). */
  public List<String> openTransactions() {
    List<String> open = new ArrayList<>();
    openTransactionOffsets().forEach((tp, offsets) -> open.add(tp + " (" + offsets + ")"));
    return open;
  }

  /** For each partition with an open transaction, its last stable offset and high watermark ("LSO 3 < HWM 9"). */
  private Map<TopicPartition, String> openTransactionOffsets() {
    try {
      List<TopicPartition> partitions = partitionsToCheck();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      var uncommitted = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, String> open = new TreeMap<>(PARTITION_ORDER);
      for (TopicPartition tp : partitions) {
        long stable = committed.get(tp).offset();
        long watermark = uncommitted.get(tp).offset();
        if (stable < watermark) {
          open.put(tp, "LSO " + stable + " < HWM " + watermark);
        }
      }
      return open;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot list end offsets at " + bootstrapServers + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out listing end offsets at " + bootstrapServers, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted listing end offsets", e);
    }
  }

  /**
   * Compares everything with the model. Call after {@link #awaitCaughtUp}; waits up to 90 s for open transactions
   * to end (a killed or fenced producer's transaction is aborted by the broker after its transaction timeout).
   */
  public Verdict verify(Workload workload, ScoringConfig scoring) {
    InputCheck input = checkInput(workload);
    Map<TeamKey, TeamScores> expected = ExpectedScores.of(input.asRead(), scoring);
    Map<TeamKey, TeamScores> actual = new HashMap<>();
    new ScoresReader(bootstrapServers, ADMIN_TIMEOUT).read(topics.scores(), null).forEach(scores -> actual.put(
        new TeamKey(scores.getCycleId(), scores.getTeamId()),
        TeamScores.newBuilder(scores).setUpdatedAt(ExpectedScores.EPOCH).build()));
    List<String> scoreProblems = new ArrayList<>();
    new TreeSet<>(Stream.concat(expected.keySet().stream(), actual.keySet().stream())
        .map(TeamKey::getTeamId).toList()).forEach(teamId -> {
          TeamKey key = new TeamKey(Workload.CYCLE, teamId);
          TeamScores want = expected.get(key);
          TeamScores got = actual.get(key);
          if (want == null || got == null) {
            scoreProblems.add(teamId + (want == null ? " published but has no counted response" : " missing"));
          } else if (!want.equals(got)) {
            scoreProblems.add(teamId + ": expected " + answers(want) + " answers / " + raters(want.getRaters())
                + " raters, got " + answers(got) + " / " + raters(got.getRaters()));
          }
        });
    List<String> hanging = awaitNoOpenTransactions();
    long poison = input.asRead().stream().filter(r -> r.kind() == Workload.Kind.POISON).count();
    List<String> deadLetters = readDeadLetters();
    return new Verdict(lag.isEmpty(), lag, input.missing(), input.duplicated(), input.unknown(),
        input.reorderedKeys(),
        expected.size(), actual.size(),
        scoreProblems,
        expected.values().stream().mapToLong(Verifier::answers).sum(),
        actual.values().stream().mapToLong(Verifier::answers).sum(),
        expected.values().stream().mapToLong(s -> raters(s.getRaters())).sum(),
        actual.values().stream().mapToLong(s -> raters(s.getRaters())).sum(),
        (int) poison, deadLetters.size(), deadLettersMatch(input.asRead(), deadLetters), hanging);
  }

  /**
   * The input as the app reads it, and how it differs from what was produced.
   *
   * @param asRead the produced records in the order of their partitions (what the app consumes), a record the
   *     producer wrote twice at each place it stands
   * @param missing produced (and acknowledged) records that are not on the topic
   * @param duplicated records on the topic beyond one copy of each produced record
   * @param reorderedKeys keys whose records (first copies) stand on the topic in another order than they were
   *     produced
   * @param unknown records on the topic that were never produced (the model cannot follow them)
   */
  record InputCheck(List<InputRecord> asRead, long missing, int duplicated, int reorderedKeys, int unknown) {}

  /** Reads the responses topic back (read_committed) and matches it, record by record, to what was produced. */
  InputCheck checkInput(Workload workload) {
    return checkInput(workload.records(), readAll(topics.responses()));
  }

  /**
   * Matches the records read from the responses topic, in their order, to the records produced: by key, value and
   * timestamp (a rater's withdrawals share key and value, and the model takes a withdrawal's time from its timestamp),
   * by key and value alone for a record produced without a timestamp (a poison pill, stamped by the producer).
   */
  static InputCheck checkInput(List<InputRecord> records, List<ConsumerRecord<byte[], byte[]>> onTopic) {
    Map<String, List<InputRecord>> notYetRead = new HashMap<>();
    Map<String, InputRecord> byMatch = new HashMap<>();
    Map<String, List<String>> producedOrder = new HashMap<>();
    for (InputRecord record : records) {
      String match = match(record.key(), record.value(), record.timestamp());
      notYetRead.computeIfAbsent(match, b -> new ArrayList<>()).add(record);
      byMatch.putIfAbsent(match, record);
      producedOrder.computeIfAbsent(hex(record.key()), k -> new ArrayList<>()).add(match);
    }
    List<InputRecord> asRead = new ArrayList<>();
    Map<String, List<String>> readOrder = new HashMap<>();
    int duplicated = 0;
    int unknown = 0;
    for (ConsumerRecord<byte[], byte[]> record : onTopic) {
      String match = match(record.key(), record.value(), record.timestamp());
      if (!byMatch.containsKey(match)) {
        match = match(record.key(), record.value(), null);
      }
      List<InputRecord> candidates = notYetRead.get(match);
      if (candidates == null) {
        unknown++;
      } else if (candidates.isEmpty()) {
        // A copy beyond those produced: the app reads it where it stands, and so does the model.
        duplicated++;
        asRead.add(byMatch.get(match));
      } else {
        asRead.add(candidates.remove(0));
        readOrder.computeIfAbsent(hex(record.key()), k -> new ArrayList<>()).add(match);
      }
    }
    long missing = notYetRead.values().stream().mapToLong(List::size).sum();
    int reordered = 0;
    for (Map.Entry<String, List<String>> key : producedOrder.entrySet()) {
      if (!key.getValue().equals(readOrder.getOrDefault(key.getKey(), List.of()))) {
        reordered++;
      }
    }
    return new InputCheck(asRead, missing, duplicated, reordered, unknown);
  }

  /**
   * Whether the dead-letter topic holds exactly the poison pills of the input as read, byte for byte, each as often
   * as it stands there (one the producer wrote twice is dead-lettered twice).
   */
  static boolean deadLettersMatch(List<InputRecord> asRead, List<String> deadLetters) {
    List<String> poison = asRead.stream().filter(r -> r.kind() == Workload.Kind.POISON)
        .map(r -> bytes(r.key(), r.value())).sorted().toList();
    return deadLetters.stream().sorted().toList().equals(poison);
  }

  private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, ADMIN_TIMEOUT).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, ADMIN_TIMEOUT);
      await("topic " + topic + " to be read to its end").atMost(ADMIN_TIMEOUT.multipliedBy(2)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
      });
    }
    return records;
  }

  /**
   * Waits for open transactions to end; for each partition that still has one, says what the partition's leader
   * and the transaction coordinator know of it ({@link OpenTransactions}), so that a hanging transaction's verdict
   * tells the broker's doing from the app's.
   */
  private List<String> awaitNoOpenTransactions() {
    List<Map<TopicPartition, String>> last = new ArrayList<>(List.of(Map.of()));
    try {
      await("read_committed and read_uncommitted end offsets to converge").atMost(TRANSACTIONS_SETTLE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> {
            last.set(0, openTransactionOffsets());
            return last.get(0).isEmpty();
          });
      return List.of();
    } catch (ConditionTimeoutException e) {
      return new OpenTransactions(admin, ADMIN_TIMEOUT).describe(last.get(0));
    }
  }

  private List<TopicPartition> partitionsToCheck() throws ExecutionException, InterruptedException,
      TimeoutException {
    List<String> names = new ArrayList<>(List.of(topics.scores(), topics.scoresJson(), topics.deadLetters()));
    admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
        .filter(name -> name.startsWith(applicationId + "-"))
        .forEach(names::add);
    List<TopicPartition> partitions = new ArrayList<>();
    admin.describeTopics(names).allTopicNames().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .forEach((name, description) -> description.partitions()
            .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
    return partitions;
  }

  private List<String> readDeadLetters() {
    return readAll(topics.deadLetters()).stream().map(r -> bytes(r.key(), r.value())).toList();
  }

  private static long answers(TeamScores scores) {
    long n = 0;
    for (AxisScores axis : List.of(scores.getAxes().getChange(), scores.getAxes().getFocus(),
        scores.getAxes().getHorizon())) {
      n += axis.getLeader().getN() + axis.getManager().getN();
    }
    return n;
  }

  private static long raters(RaterCounts raters) {
    return (long) raters.getSelf() + raters.getManager() + raters.getPeer() + raters.getDirectReport()
        + raters.getOther();
  }

  /** What a produced record and a record read back are matched by; no timestamp for one produced without. */
  private static String match(byte[] key, byte[] value, Long timestamp) {
    return bytes(key, value) + "@" + (timestamp == null ? "-" : timestamp);
  }

  /** A record's key and value as text, for matching and comparing. */
  static String bytes(byte[] key, byte[] value) {
    return hex(key) + "/" + hex(value);
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(10));
  }
}
