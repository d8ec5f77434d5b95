package dev.feedback360.topics;

import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The one place that configures the admin clients of the tools and apps: only the bootstrap servers. */
public final class AdminClients {

  private AdminClients() {}

  /** Admin client properties for the cluster at {@code bootstrapServers}. */
  public static Properties properties(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return props;
  }

  /** A new admin client for the cluster at {@code bootstrapServers}; the caller closes it. */
  public static Admin create(String bootstrapServers) {
    return Admin.create(properties(bootstrapServers));
  }
}
