package dev.feedback360.security;

import dev.feedback360.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACL set of the pipeline: what each principal may do, and nothing else (the brokers run with
 * {@code allow.everyone.if.no.acl.found=false}). Every grant says why it is needed; docs/security.md lists them.
 *
 * <ul>
 *   <li>{@code ingest} ({@code produce}, {@code withdraw}, {@code generate --to-topic}): writes the responses topic.
 *   <li>{@code streams} (the streams app and its built-in dashboard): reads the responses, writes the outputs and
 *       dead letters in transactions, owns its group, transactional ids and internal topics (prefix = application
 *       id).
 *   <li>{@code dashboard} (dashboards outside the app): reads the JSON topic, in consumer groups of its own prefix.
 *   <li>{@code analyst} ({@code scores}, {@code export}, {@code replay}): reads the input and outputs; replays under
 *       the replay application-id prefix into output topics of the analyst prefix.
 * </ul>
 *
 * The administrator (creating topics, {@code reset}, applying this set) is the cluster's super user and needs no ACL.
 *
 * @param topics the pipeline's topics
 * @param principals who is who
 * @param streamsApplicationId the streams app's application id: its group, and the prefix of its transactional ids
 *     and internal topics
 * @param replayApplicationPrefix the prefix of replays' application ids (their groups, transactional ids and
 *     internal topics)
 * @param analystTopicPrefix the prefix of topics analysts may create: replay outputs
 * @param dashboardGroupPrefix the prefix of the consumer groups of outside dashboards
 */
public record AccessPolicy(Topics topics, Principals principals, String streamsApplicationId,
    String replayApplicationPrefix, String analystTopicPrefix, String dashboardGroupPrefix) {

  /** The default prefix of topics analysts may create (replay outputs). */
  public static final String DEFAULT_ANALYST_TOPIC_PREFIX = "analysis-";
  /** The default prefix of outside dashboards' consumer groups. */
  public static final String DEFAULT_DASHBOARD_GROUP_PREFIX = "feedback360-dashboard-";

  /** Operations on topics a client creates and deletes itself (its internal or output topics). */
  private static final List<AclOperation> OWN_TOPIC = List.of(AclOperation.CREATE, AclOperation.DELETE,
      AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE);

  public AccessPolicy {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(principals, "principals");
    requirePrefix(streamsApplicationId, "streams application id");
    requirePrefix(replayApplicationPrefix, "replay application-id prefix");
    requirePrefix(analystTopicPrefix, "analyst topic prefix");
    requirePrefix(dashboardGroupPrefix, "dashboard group prefix");
  }

  /** Kafka principals ({@code User:name}) of the four roles. */
  public record Principals(String ingest, String streams, String dashboard, String analyst) {

    /** The principals the secured embedded broker creates: {@code User:ingest} and so on. */
    public static Principals defaults() {
      return new Principals("User:ingest", "User:streams", "User:dashboard", "User:analyst");
    }

    public Principals {
      ingest = principal(ingest);
      streams = principal(streams);
      dashboard = principal(dashboard);
      analyst = principal(analyst);
    }

    /** {@code name} as a Kafka principal: {@code User:name} unless it already names its type. */
    public static String principal(String name) {
      Objects.requireNonNull(name, "principal");
      if (name.isBlank()) {
        throw new IllegalArgumentException("A principal name must not be blank");
      }
      return name.contains(":") ? name : "User:" + name;
    }
  }

  /** One ACL and why it is there. */
  public record Grant(String role, AclBinding binding, String reason) {

    /** One line: principal, permission, operation, resource type, name, pattern, reason. */
    public String describe() {
      ResourcePattern pattern = binding.pattern();
      AccessControlEntry entry = binding.entry();
      return String.format("%-16s %-5s %-16s %-16s %-32s %-8s %s", entry.principal(), entry.permissionType(),
          entry.operation(), pattern.resourceType(), pattern.name(), pattern.patternType(), reason);
    }
  }

  /** Every grant, grouped by role in the order ingest, streams, dashboard, analyst. */
  public List<Grant> grants() {
    List<Grant> grants = new ArrayList<>();
    Grants ingest = new Grants(grants, "ingest", principals.ingest());
    ingest.topic(topics.responses(), PatternType.LITERAL, "send responses and withdrawals (idempotent)",
        AclOperation.WRITE);
    ingest.topic(topics.responses(), PatternType.LITERAL, "see that the topic exists; its partitions",
        AclOperation.DESCRIBE);
    ingest.topic(topics.nominations(), PatternType.LITERAL, "send nominations and their removals (nominate)",
        AclOperation.WRITE, AclOperation.DESCRIBE);

    Grants streams = new Grants(grants, "streams", principals.streams());
    streams.topic(topics.responses(), PatternType.LITERAL, "consume the responses", AclOperation.READ,
        AclOperation.DESCRIBE);
    streams.topic(topics.scores(), PatternType.LITERAL, "publish team scores", AclOperation.WRITE,
        AclOperation.DESCRIBE);
    streams.topic(topics.scoresJson(), PatternType.LITERAL,
        "publish the JSON mirror; the built-in dashboard's live updates read it back", AclOperation.WRITE,
        AclOperation.READ, AclOperation.DESCRIBE);
    streams.topic(topics.nominations(), PatternType.LITERAL, "consume the nominations (participation, roster)",
        AclOperation.READ, AclOperation.DESCRIBE);
    streams.topic(topics.participationJson(), PatternType.LITERAL,
        "publish participation; the built-in dashboard's live updates read it back", AclOperation.WRITE,
        AclOperation.READ, AclOperation.DESCRIBE);
    streams.topic(topics.deadLetters(), PatternType.LITERAL,
        "write dead letters; read the earlier ones so that a reset repeats none", AclOperation.WRITE,
        AclOperation.READ, AclOperation.DESCRIBE);
    streams.topic(streamsApplicationId + "-", PatternType.PREFIXED,
        "its internal topics: repartition and changelogs, created and restored by Kafka Streams",
        OWN_TOPIC.toArray(AclOperation[]::new));
    streams.resource(ResourceType.GROUP, streamsApplicationId, PatternType.LITERAL,
        "its consumer group (the application id)", AclOperation.READ, AclOperation.DESCRIBE);
    streams.resource(ResourceType.TRANSACTIONAL_ID, streamsApplicationId + "-", PatternType.PREFIXED,
        "exactly-once: its transactional producers", AclOperation.WRITE, AclOperation.DESCRIBE);

    Grants dashboard = new Grants(grants, "dashboard", principals.dashboard());
    dashboard.topic(topics.scoresJson(), PatternType.LITERAL, "follow the JSON scores", AclOperation.READ,
        AclOperation.DESCRIBE);
    dashboard.topic(topics.participationJson(), PatternType.LITERAL, "follow participation", AclOperation.READ,
        AclOperation.DESCRIBE);
    dashboard.resource(ResourceType.GROUP, dashboardGroupPrefix, PatternType.PREFIXED,
        "consumer groups of its own, if it uses any", AclOperation.READ, AclOperation.DESCRIBE);

    Grants analyst = new Grants(grants, "analyst", principals.analyst());
    for (String topic : List.of(topics.responses(), topics.scores(), topics.scoresJson(), topics.nominations(),
        topics.participationJson())) {
      analyst.topic(topic, PatternType.LITERAL, "read the inputs and outputs (scores, participation, export, replay)",
          AclOperation.READ, AclOperation.DESCRIBE);
    }
    analyst.topic(replayApplicationPrefix, PatternType.PREFIXED,
        "replays' internal topics, created and deleted by the replay", OWN_TOPIC.toArray(AclOperation[]::new));
    analyst.topic(analystTopicPrefix, PatternType.PREFIXED,
        "replay outputs (TOPIC, TOPIC-json, TOPIC-dlq): name them with this prefix",
        OWN_TOPIC.toArray(AclOperation[]::new));
    analyst.resource(ResourceType.GROUP, replayApplicationPrefix, PatternType.PREFIXED,
        "replays' consumer groups, deleted when a replay cleans up", AclOperation.READ, AclOperation.DESCRIBE,
        AclOperation.DELETE);
    analyst.resource(ResourceType.TRANSACTIONAL_ID, replayApplicationPrefix, PatternType.PREFIXED,
        "replays run the production topology, exactly-once", AclOperation.WRITE, AclOperation.DESCRIBE);
    return grants;
  }

  /**
   * Creates these ACLs on the cluster (existing ones are left as they are, so applying twice changes nothing).
   *
   * @throws IllegalStateException when the cluster refuses (the client is not its super user, or it has no
   *     authorizer) or does not answer within the timeout
   */
  public void apply(Admin admin, Duration timeout) throws InterruptedException {
    try {
      admin.createAcls(bindings()).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw cannotCreate(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s creating the ACLs", e);
    }
  }

  /**
   * Why the cluster refused the ACLs, as an operator should read it: for a missing permission, which one (not the
   * broker's dump of its internal request) and that only the super user may create ACLs.
   */
  public static IllegalStateException cannotCreate(Throwable refusal) {
    if (refusal instanceof AuthorizationException) {
      String permission = BrokerMessages.missingPermission(refusal.getMessage());
      return new IllegalStateException("Cannot create the ACLs: this client's principal lacks "
          + (permission == null ? "ALTER" : permission) + " on the cluster, which creating ACLs needs; create them "
          + "as the cluster's super user (the administrator's client properties)", refusal);
    }
    return new IllegalStateException("Cannot create the ACLs: " + BrokerMessages.shorten(refusal.getMessage())
        + "; create them as the cluster's super user, on a cluster with an authorizer", refusal);
  }

  /** The ACLs alone, for {@code Admin#createAcls}. */
  public List<AclBinding> bindings() {
    return grants().stream().map(Grant::binding).toList();
  }

  private static void requirePrefix(String prefix, String what) {
    if (prefix == null || prefix.isBlank()) {
      throw new IllegalArgumentException("The " + what + " must not be blank: an empty prefix would grant every "
          + "resource of its type");
    }
  }

  /** Adds one role's grants, one ACL per operation. */
  private record Grants(List<Grant> out, String role, String principal) {

    void topic(String name, PatternType pattern, String reason, AclOperation... operations) {
      resource(ResourceType.TOPIC, name, pattern, reason, operations);
    }

    void resource(ResourceType type, String name, PatternType pattern, String reason, AclOperation... operations) {
      for (AclOperation operation : operations) {
        out.add(new Grant(role, new AclBinding(new ResourcePattern(type, name, pattern),
            new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)), reason));
      }
    }
  }
}
