package dev.feedback360.testkit;

import dev.feedback360.broker.EmbeddedKafkaBroker;
import dev.feedback360.topics.AdminClients;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real in-process Kafka broker ({@link EmbeddedKafkaBroker}) for the tests of one class: started before the
 * class's {@code @BeforeAll} methods, closed after its {@code @AfterAll} methods, so that a class may start apps
 * against it in {@code @BeforeAll} and stop them in {@code @AfterAll}. Tests in the class share it; they keep apart
 * with {@link UniqueTopics} and unique application ids.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final EmbeddedBroker BROKER = new EmbeddedBroker();
 * ...
 * new ScoresReader(BROKER.bootstrapServers(), timeout)
 * </pre>
 *
 * <p>Registered on a static field rather than resolved as a parameter: a class states the broker it needs where it
 * declares it (broker properties such as a fast log cleaner, {@link #withBrokerProperty}), and the private static
 * helpers most integration tests have ({@code settings(...)}, {@code read(...)}) reach it without every test method
 * and {@code @BeforeAll} taking it as a parameter and passing it on. A non-static field would start a broker per
 * test method, which no test needs and which costs seconds each.
 */
public final class EmbeddedBroker implements BeforeAllCallback, AfterAllCallback {

  private final Map<String, String> brokerProperties;
  private EmbeddedKafkaBroker broker;

  /** A broker with the defaults of {@link EmbeddedKafkaBroker.Builder}. */
  public EmbeddedBroker() {
    this(Map.of());
  }

  private EmbeddedBroker(Map<String, String> brokerProperties) {
    this.brokerProperties = Map.copyOf(brokerProperties);
  }

  /** The same broker with one more {@code server.properties} entry. */
  public EmbeddedBroker withBrokerProperty(String key, String value) {
    Map<String, String> properties = new LinkedHashMap<>(brokerProperties);
    properties.put(key, value);
    return new EmbeddedBroker(properties);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    broker = EmbeddedKafkaBroker.builder().brokerProperties(brokerProperties).build().start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  public String bootstrapServers() {
    return running().bootstrapServers();
  }

  /** A new admin client for the broker; the caller closes it. */
  public Admin admin() {
    return AdminClients.create(bootstrapServers());
  }

  /** The broker's data directory; its partition logs are under {@link EmbeddedKafkaBroker#LOG_DIR_NAME}. */
  public Path dataDir() {
    return running().dataDir();
  }

  /** The directory of one partition's log files ({@link LogFiles}). */
  public Path partitionDir(String topic, int partition) {
    return dataDir().resolve(EmbeddedKafkaBroker.LOG_DIR_NAME).resolve(topic + "-" + partition);
  }

  /** The effective configuration of a topic, defaults included. */
  public Map<String, String> topicConfig(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin = admin()) {
      Config config = admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      Map<String, String> values = new HashMap<>();
      config.entries().forEach(entry -> values.put(entry.name(), entry.value()));
      return values;
    }
  }

  private EmbeddedKafkaBroker running() {
    if (broker == null) {
      throw new IllegalStateException("The broker runs only while the test class does: register it with "
          + "@RegisterExtension on a static field");
    }
    return broker;
  }
}
