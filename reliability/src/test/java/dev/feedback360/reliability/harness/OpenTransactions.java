package dev.feedback360.reliability.harness;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broker knows of transactions that stay open: for each partition, the producers with an open transaction
 * on it (from the partition's leader) and, for each of those, the transaction coordinator's state of that producer's
 * transactional id. A transaction the coordinator still holds as ongoing ends at its timeout; one it holds in a
 * prepare state is waiting for its markers; one it does not hold at all is a hanging transaction in Kafka's own
 * sense (KIP-664), which nothing but {@code kafka-transactions.sh abort} ends. The verdict says which it is.
 */
final class OpenTransactions {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final Admin admin;
  private final Duration timeout;

  OpenTransactions(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /**
   * One line per partition: the offsets it was given ("LSO 3 < HWM 9") followed by what the leader and the
   * coordinator say; if the broker cannot be asked, the line says so and why.
   */
  List<String> describe(Map<TopicPartition, String> offsets) {
    Map<TopicPartition, List<ProducerState>> openProducers;
    Map<Long, TransactionDescription> coordinatorView;
    try {
      openProducers = openProducers(offsets.keySet());
      coordinatorView = coordinatorView(openProducers.values().stream().flatMap(List::stream)
          .map(ProducerState::producerId).collect(Collectors.toCollection(TreeSet::new)));
    } catch (IllegalStateException e) {
      List<String> lines = new ArrayList<>();
      offsets.forEach((tp, o) -> lines.add(tp + " (" + o + "; not described: " + e.getMessage() + ")"));
      return lines;
    }
    List<String> lines = new ArrayList<>();
    offsets.forEach((tp, o) -> {
      List<String> producers = new ArrayList<>();
      for (ProducerState producer : openProducers.getOrDefault(tp, List.of())) {
        producers.add(describe(producer, coordinatorView.get(producer.producerId())));
      }
      lines.add(tp + " (" + o + "; " + (producers.isEmpty() ? "the leader reports no open transaction"
          : String.join("; ", producers)) + ")");
    });
    return lines;
  }

  private static String describe(ProducerState producer, TransactionDescription transaction) {
    String open = "producer " + producer.producerId() + " epoch " + producer.producerEpoch() + " open from offset "
        + producer.currentTransactionStartOffset().orElse(-1) + ", last write " + time(producer.lastTimestamp());
    if (transaction == null) {
      return open + ", coordinator: no transaction of this producer (hanging: only kafka-transactions.sh abort ends "
          + "it)";
    }
    return open + ", coordinator: " + transaction.state() + " epoch " + transaction.producerEpoch() + ", timeout "
        + transaction.transactionTimeoutMs() + " ms, started "
        + (transaction.transactionStartTimeMs().isPresent() ? time(transaction.transactionStartTimeMs().getAsLong())
            : "-")
        + ", " + transaction.topicPartitions().size() + " partitions";
  }

  private Map<TopicPartition, List<ProducerState>> openProducers(Collection<TopicPartition> partitions) {
    Map<TopicPartition, PartitionProducerState> states = get(admin.describeProducers(partitions).all(),
        "describe the producers of " + partitions);
    Map<TopicPartition, List<ProducerState>> open = new HashMap<>();
    states.forEach((tp, state) -> open.put(tp, state.activeProducers().stream()
        .filter(p -> p.currentTransactionStartOffset().isPresent()).toList()));
    return open;
  }

  private Map<Long, TransactionDescription> coordinatorView(Set<Long> producerIds) {
    if (producerIds.isEmpty()) {
      return Map.of();
    }
    Collection<TransactionListing> listings = get(admin.listTransactions(new ListTransactionsOptions()
        .filterProducerIds(producerIds)).all(), "list the transactions of producers " + producerIds);
    List<String> transactionalIds = listings.stream().map(TransactionListing::transactionalId).toList();
    if (transactionalIds.isEmpty()) {
      return Map.of();
    }
    Map<Long, TransactionDescription> byProducer = new HashMap<>();
    get(admin.describeTransactions(transactionalIds).all(), "describe transactions " + transactionalIds)
        .values().forEach(description -> byProducer.put(description.producerId(), description));
    return byProducer;
  }

  private <T> T get(KafkaFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot " + what + " within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }

  private static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }
}
