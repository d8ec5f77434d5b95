package dev.feedback360.cli;

import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.security.AccessPolicy;
import dev.feedback360.security.AccessPolicy.Principals;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.replay.ReplayRequest;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicProvisioner;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * The pipeline on a secured in-process broker ({@code broker --secure}, {@code demo --secure}): as the super user,
 * creates the topics (the other principals may not) and applies the least-privilege ACL set for the default
 * principals; then hands out each principal's connection.
 */
final class SecuredPipeline {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(60);

  private final EmbeddedKafkaBroker broker;

  private SecuredPipeline(EmbeddedKafkaBroker broker) {
    this.broker = broker;
  }

  /**
   * Creates the topics that are missing and applies the ACLs; idempotent, so it runs on every start.
   *
   * @throws IllegalStateException when the broker refuses or does not answer in time
   */
  static SecuredPipeline prepare(EmbeddedKafkaBroker broker, Topics topics, TopicSettings topicSettings)
      throws InterruptedException {
    SecuredPipeline pipeline = new SecuredPipeline(broker);
    AccessPolicy policy = new AccessPolicy(topics, Principals.defaults(), StreamsSettings.DEFAULT_APPLICATION_ID,
        ReplayRequest.APPLICATION_ID_PREFIX, AccessPolicy.DEFAULT_ANALYST_TOPIC_PREFIX,
        AccessPolicy.DEFAULT_DASHBOARD_GROUP_PREFIX);
    try (Admin admin = pipeline.connection(EmbeddedKafkaBroker.SUPER_USER).admin()) {
      TopicProvisioner.ensure(admin, topics, topicSettings, topics.all(), ADMIN_TIMEOUT);
      policy.apply(admin, ADMIN_TIMEOUT);
    }
    return pipeline;
  }

  /** How {@code principal} reaches the broker: its SASL_SSL client properties and the broker's address. */
  KafkaConnection connection(String principal) {
    Properties props = broker.clientProperties(principal);
    Map<String, String> client = new TreeMap<>();
    props.stringPropertyNames().forEach(name -> client.put(name, props.getProperty(name)));
    return new KafkaConnection(broker.bootstrapServers(), client);
  }

  /** Where {@code principal}'s client properties file is, for {@code --command-config}. */
  Path clientPropertiesFile(String principal) {
    return broker.clientPropertiesFile(principal);
  }

  /** The directory of the client properties files. */
  Path clientsDir() {
    return broker.clientPropertiesFile(EmbeddedKafkaBroker.SUPER_USER).getParent();
  }
}
