package dev.feedback360.topics;

import dev.feedback360.security.SecretFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to reach Kafka: the bootstrap servers and the client properties every client of a command gets (security
 * settings: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}; timeouts), as Kafka's own tools take them with
 * {@code --command-config}. Producers, consumers, admin clients and the streams app's clients all start from
 * {@link #properties()}, so one file secures them all.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param clientProperties Kafka client properties applied to every client, without the bootstrap servers
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> clientProperties) {

  /** Keys whose values are secrets: never logged. */
  private static final String[] SECRET_MARKERS =
      {"password", "jaas", "secret", "token", "credentials", "key", "user.info"};
  private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);

  public KafkaConnection {
    Objects.requireNonNull(bootstrapServers, "The Kafka bootstrap servers are required");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("The Kafka bootstrap servers are required (host:port[,host:port...])");
    }
    clientProperties = Map.copyOf(clientProperties);
    if (clientProperties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("Give the bootstrap servers on their own, not among the client properties");
    }
  }

  /** Bootstrap servers alone: a PLAINTEXT cluster without authentication (the local broker, tests). */
  public static KafkaConnection plaintext(String bootstrapServers) {
    return new KafkaConnection(bootstrapServers, Map.of());
  }

  /**
   * Reads Kafka client properties from a file ({@code java.util.Properties} format, as Kafka's tools take with
   * {@code --command-config}). A {@code bootstrap.servers} in the file is used when {@code bootstrapServers} is null.
   *
   * @param bootstrapServers the servers given explicitly, or null to take them from the file
   * @param defaultBootstrapServers used when neither gives any
   * @throws UncheckedIOException when the file cannot be read
   */
  public static KafkaConnection load(String bootstrapServers, String defaultBootstrapServers, Path file) {
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the Kafka client properties " + file + " (" + e.getMessage()
          + "); check the path and that it is readable", e);
    }
    Map<String, String> properties = new TreeMap<>();
    loaded.stringPropertyNames().forEach(name -> properties.put(name, loaded.getProperty(name).strip()));
    exposure(file, properties).ifPresent(LOG::warn);
    String fromFile = properties.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    String servers = bootstrapServers != null ? bootstrapServers
        : fromFile != null ? fromFile : defaultBootstrapServers;
    return new KafkaConnection(servers, properties);
  }

  /**
   * A warning when the file holds a secret (a password, a JAAS config, a key) and its group or others may read it, as
   * the rater key file gets one; nothing on file systems without POSIX permissions.
   */
  static Optional<String> exposure(Path file, Map<String, String> properties) {
    List<String> secrets = properties.keySet().stream().filter(KafkaConnection::isSecret).sorted().toList();
    if (secrets.isEmpty()) {
      return Optional.empty();
    }
    try {
      return SecretFiles.readableByOthers(file).map(permissions -> "The Kafka client properties " + file
          + " hold secrets (" + String.join(", ", secrets) + ") and can be read by their group or by others ("
          + permissions + "); restrict them: chmod 600 " + file);
    } catch (IOException e) {
      return Optional.of("Cannot read the permissions of the Kafka client properties " + file + " (" + e
          + "), which hold secrets (" + String.join(", ", secrets) + "); make sure only its owner can read it");
    }
  }

  /** A new, mutable copy of the client properties with the bootstrap servers, for any Kafka client. */
  public Properties properties() {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    return Admin.create(properties());
  }

  /** Whether no client property is set: PLAINTEXT without authentication unless the brokers say otherwise. */
  public boolean isPlain() {
    return clientProperties.isEmpty();
  }

  /** The effective configuration for a log line, secrets masked. */
  public String describe() {
    String properties = clientProperties.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + shown(entry.getKey(), entry.getValue()))
        .collect(Collectors.joining(", "));
    return bootstrapServers + (properties.isEmpty() ? " (no client properties)" : " with " + properties);
  }

  /** A secret as {@code [hidden]}, inline certificates (PEM, several lines) as {@code [PEM]}, the rest as is. */
  private static String shown(String key, String value) {
    if (isSecret(key)) {
      return "[hidden]";
    }
    return value.contains("-----BEGIN ") ? "[PEM]" : value;
  }

  static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (String marker : SECRET_MARKERS) {
      if (lower.contains(marker) && !lower.endsWith(".type") && !lower.endsWith(".location")
          && !lower.endsWith(".algorithm")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return describe();
  }
}
