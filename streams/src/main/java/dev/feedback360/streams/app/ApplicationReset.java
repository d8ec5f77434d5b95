package dev.feedback360.streams.app;

import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.KafkaConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.tools.StreamsResetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resets a streams application so that its next start reprocesses the input from scratch (for example after a
 * change of method or threshold): Kafka's own streams reset tool ({@link StreamsResetter}) moves the group's
 * offsets on the input topics to the earliest and deletes the application's internal topics (repartition and
 * changelogs, named exactly: {@link TeamScoresTopology#internalTopics}); then the application's local state directory
 * is deleted. Every instance must be stopped first.
 */
public final class ApplicationReset {

  private static final Logger LOG = LoggerFactory.getLogger(ApplicationReset.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaConnection kafka;
  private final String bootstrapServers;

  public ApplicationReset(KafkaConnection kafka) {
    this.kafka = kafka;
    this.bootstrapServers = kafka.bootstrapServers();
  }

  /** A reset on a PLAINTEXT cluster without client properties. */
  public ApplicationReset(String bootstrapServers) {
    this(KafkaConnection.plaintext(bootstrapServers));
  }

  /**
   * Resets the application.
   *
   * @param inputTopics the application's source topics (not its internal ones)
   * @param stateDir the state directory the application ran with; its subdirectory {@code applicationId} is deleted
   * @param waitForMembers how long to wait for members of stopped instances to leave the group (a stopped
   *     instance stays a member until its session times out, 45 s by default)
   * @param force remove remaining members instead of failing (only when you are sure every instance is stopped)
   * @throws IllegalStateException if the group still has members, or the reset tool fails
   */
  public void reset(String applicationId, List<String> inputTopics, Path stateDir, Duration waitForMembers,
      boolean force) throws InterruptedException {
    if (!force) {
      awaitNoMembers(applicationId, waitForMembers);
    }
    // Kafka's tool takes every topic named <applicationId>-...-changelog or -repartition for the application's own,
    // so another application whose id starts with this one's (feedback360-team-scores-v2, the upgrade's new id) would
    // lose its state: the tool is told exactly which of this topology's internal topics exist.
    Set<String> existing = topicNames(applicationId);
    List<String> internal = TeamScoresTopology.internalTopics(applicationId).stream().filter(existing::contains)
        .toList();
    if (internal.isEmpty()) {
      resetOffsetsToEarliest(applicationId, inputTopics.stream().filter(existing::contains).toList());
      deleteLocalState(stateDir.resolve(applicationId));
      return;
    }
    List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrapServers,
        "--application-id", applicationId, "--input-topics", String.join(",", inputTopics), "--to-earliest",
        "--internal-topics", String.join(",", internal)));
    if (force) {
      args.add("--force");
    }
    LOG.info("Resetting application {}: offsets on {} to the earliest, internal topics {} deleted", applicationId,
        inputTopics, internal);
    // The reset tool's admin client and consumer get the same client properties (security) as every other client.
    // The tool builds its admin client from its --command-config file only (the Properties argument of execute
    // reaches its consumer, not its admin client), so on a secured cluster they go through a file: owner-only, and
    // deleted as soon as the tool returns.
    Properties clientProperties = new Properties();
    clientProperties.putAll(kafka.clientProperties());
    int exitCode;
    Path commandConfig = clientProperties.isEmpty() ? null : ownerOnlyFile(clientProperties);
    try {
      if (commandConfig != null) {
        args.addAll(List.of("--command-config", commandConfig.toString()));
      }
      exitCode = new StreamsResetter().execute(args.toArray(String[]::new), clientProperties);
    } finally {
      if (commandConfig != null) {
        deleteQuietlyAfter(commandConfig);
      }
    }
    if (exitCode != 0) {
      throw new IllegalStateException("Kafka's streams reset tool failed for application " + applicationId
          + " (exit code " + exitCode + "; its reason is printed above); nothing was reprocessed. Stop every "
          + "instance of the app and retry");
    }
    deleteLocalState(stateDir.resolve(applicationId));
  }

  /** The topics there are, to tell which of this topology's internal and input topics exist. */
  private Set<String> topicNames(String applicationId) {
    try (Admin admin = kafka.admin()) {
      return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list the topics at " + bootstrapServers + " to find the internal "
          + "topics of application " + applicationId + ": " + e.getMessage() + "; is the broker reachable?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted listing the topics of application " + applicationId, e);
    }
  }

  /**
   * Without internal topics to delete (an application that never started, or was reset and not started since),
   * only the offsets: Kafka's tool would take an empty list for "every topic with the application's prefix".
   *
   * @param inputTopics the application's input topics that exist
   */
  private void resetOffsetsToEarliest(String applicationId, List<String> inputTopics) {
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      for (TopicDescription topic : admin.describeTopics(inputTopics).allTopicNames()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).values()) {
        topic.partitions().forEach(p -> earliest.put(new TopicPartition(topic.name(), p.partition()),
            OffsetSpec.earliest()));
      }
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      admin.listOffsets(earliest).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
      LOG.info("Resetting application {}: offsets on {} to the earliest; it has no internal topics to delete",
          applicationId, inputTopics);
      admin.alterConsumerGroupOffsets(applicationId, offsets).all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // An ACL refusal says so itself (FriendlyErrors adds whose); only a group still in use needs the instances
      // stopped.
      boolean refused = e.getCause() instanceof AuthorizationException;
      throw new IllegalStateException("Cannot reset the offsets of application " + applicationId + " on "
          + inputTopics + ": " + e.getCause().getMessage()
          + (refused ? "" : "; stop every instance of the app and retry"), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out resetting the offsets of application " + applicationId
          + "; is the broker at " + bootstrapServers + " reachable?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted resetting the offsets of application " + applicationId, e);
    }
  }

  /** The client properties in a new file only its owner may read (they may hold a password). */
  private static Path ownerOnlyFile(Properties clientProperties) {
    try {
      // Files.createTempFile makes it owner-only (rw-------) on POSIX file systems.
      Path file = Files.createTempFile("feedback360-reset-", ".properties");
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        clientProperties.store(out, null);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the client properties for Kafka's streams reset tool to a "
          + "temporary file: " + e.getMessage() + "; check that the temporary directory ("
          + System.getProperty("java.io.tmpdir") + ") is writable", e);
    }
  }

  /** Deletes the reset tool's properties file; a failure is logged with what to do, not thrown over the reset's. */
  private static void deleteQuietlyAfter(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.error("Cannot delete {}, which holds the client properties the reset used (possibly a password): {}; "
          + "delete it by hand", file, e.getMessage(), e);
    }
  }

  private void awaitNoMembers(String applicationId, Duration wait) throws InterruptedException {
    Instant deadline = Instant.now().plus(wait);
    int members = members(applicationId);
    while (members > 0 && Instant.now().isBefore(deadline)) {
      LOG.info("Application {} still has {} member(s) in its group; waiting for stopped instances to time out",
          applicationId, members);
      TimeUnit.SECONDS.sleep(1);
      members = members(applicationId);
    }
    if (members > 0) {
      throw new IllegalStateException("Application " + applicationId + " still has " + members + " active "
          + "member(s) after " + wait.toSeconds() + " s: stop every instance of the streams app first (a stopped "
          + "instance leaves after its session timeout, 45 s by default), or pass --force once you are sure all "
          + "are stopped");
    }
  }

  private int members(String applicationId) {
    try (Admin admin = kafka.admin()) {
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(applicationId);
      return group == null ? 0 : group.members().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0;
      }
      throw new IllegalStateException("Cannot describe the group of application " + applicationId + ": "
          + e.getCause().getMessage() + "; is the broker at " + bootstrapServers + " reachable?", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out describing the group of application " + applicationId
          + "; is the broker at " + bootstrapServers + " reachable?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted describing the group of application " + applicationId, e);
    }
  }

  private static void deleteLocalState(Path appStateDir) {
    if (!Files.exists(appStateDir)) {
      LOG.info("No local state to delete in {}", appStateDir);
      return;
    }
    try {
      Utils.delete(appStateDir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Offsets were reset, but the local state in " + appStateDir
          + " could not be deleted: " + e.getMessage() + "; delete that directory by hand before restarting", e);
    }
    LOG.info("Deleted local state {}", appStateDir);
  }
}
