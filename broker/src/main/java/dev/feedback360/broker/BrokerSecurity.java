package dev.feedback360.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk security material of a secured broker and the settings derived from it.
 *
 * <p>Layout under the data directory, every directory 0700 and every file 0600:
 * <ul>
 *   <li>{@code security/secrets.properties}: the random passwords of the stores and of the SCRAM users. Its presence
 *       marks the data directory as secured.</li>
 *   <li>{@code security/ca.p12}: the CA key and certificate, kept so that more certificates can be issued later.</li>
 *   <li>{@code security/ca.pem}: the CA certificate in PEM, for librdkafka ({@code ssl.ca.location}) and OpenSSL.</li>
 *   <li>{@code security/truststore.p12}: the CA certificate as a PKCS12 truststore, for Java clients.</li>
 *   <li>{@code security/node.p12}: the broker's key and certificate (SAN IP 127.0.0.1, DNS localhost and any extra
 *       host names), used on every listener, and as client certificate towards its own controller listener.</li>
 *   <li>{@code clients/<principal>.properties}: Kafka client settings per principal.</li>
 *   <li>With mutual TLS only: {@code clients/<principal>.p12}, the principal's key and client certificate
 *       ({@code CN=<principal>}) issued by the CA, and {@code clients/<principal>-mtls.properties}, its Kafka client
 *       settings for the mutual TLS listener.</li>
 * </ul>
 * Everything missing is created; everything present is reused, except the node and client certificates, which are
 * issued again when their names change or they near expiry, and the truststore, PEM and client properties files,
 * which are rewritten on each start from the rest. A later start without mutual TLS leaves its files alone, unused.
 */
final class BrokerSecurity {

  static final String SECURITY_DIR_NAME = "security";
  static final String CLIENTS_DIR_NAME = "clients";
  static final String SUPER_USER = "admin";
  static final List<String> PRINCIPALS = List.of("ingest", "streams", "dashboard", "analyst", SUPER_USER);
  static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
  static final String CLIENT_LISTENER = "SASL_SSL";
  /** The listener that authenticates clients by their certificate alone, with security protocol SSL. */
  static final String MUTUAL_TLS_LISTENER = "MTLS";
  /** The CN of the broker's own certificate; the controller listener maps exactly this CN to the super user. */
  static final String NODE_COMMON_NAME = "feedback360-broker";

  private static final Logger LOG = LoggerFactory.getLogger(BrokerSecurity.class);
  private static final String SECRETS_FILE = "secrets.properties";
  private static final String CA_FILE = "ca.p12";
  private static final String CA_PEM_FILE = "ca.pem";
  private static final String TRUSTSTORE_FILE = "truststore.p12";
  private static final String NODE_KEYSTORE_FILE = "node.p12";
  static final String NODE_ALIAS = "node";
  private static final String CA_PASSWORD = "ca.password";
  private static final String NODE_PASSWORD = "node.password";
  private static final String TRUSTSTORE_PASSWORD = "truststore.password";
  private static final String USER_PASSWORD_PREFIX = "scram.password.";
  private static final String CLIENT_KEYSTORE_PASSWORD_PREFIX = "mtls.keystore.password.";
  private static final String CLIENT_KEYSTORE_ALIAS = "client";
  private static final String MUTUAL_TLS_FILE_SUFFIX = "-mtls.properties";
  static final List<String> NODE_IP_ADDRESSES = List.of(BrokerPorts.LOOPBACK);
  static final String NODE_DNS_NAME = "localhost";
  private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofDays(30);
  static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The broker settings that secure mode sets or relies on (e.g. host name verification); extra broker properties
   * may not override them.
   */
  private static final Set<String> MANAGED_PROPERTIES = Set.of("sasl.enabled.mechanisms",
      "sasl.mechanism.inter.broker.protocol", "sasl.mechanism.controller.protocol", "ssl.keystore.location",
      "ssl.keystore.type", "ssl.keystore.password", "ssl.key.password", "ssl.truststore.location",
      "ssl.truststore.type", "ssl.truststore.password", "ssl.client.auth", "ssl.principal.mapping.rules",
      "ssl.endpoint.identification.algorithm", "authorizer.class.name", "allow.everyone.if.no.acl.found",
      "super.users", "principal.builder.class", "sasl.jaas.config");

  private final Path dataDir;
  private final Properties secrets;

  private BrokerSecurity(Path dataDir, Properties secrets) {
    this.dataDir = dataDir;
    this.secrets = secrets;
  }

  /**
   * Tells whether a data directory was prepared for a secured broker.
   *
   * @param dataDir the broker's data directory
   * @return {@code true} if it holds {@code security/secrets.properties}
   */
  static boolean isSecured(Path dataDir) {
    return Files.exists(secretsFile(dataDir));
  }

  /**
   * Tells whether secure mode sets a broker property itself.
   *
   * @param key a Kafka broker configuration key
   * @return {@code true} if {@link #serverProperties} sets it, or it is listener-specific
   */
  static boolean manages(String key) {
    return MANAGED_PROPERTIES.contains(key) || key.startsWith("listener.name.");
  }

  /**
   * Loads the security material of a data directory, creating what is missing, and rewrites the client files.
   *
   * @param dataDir         the broker's data directory
   * @param extraHostnames  DNS names to put in the broker certificate besides {@code localhost}
   * @param mutualTlsPort   the port of the mutual TLS listener, if any: then a client keystore and a mutual TLS
   *                        properties file (naming that port) per principal are prepared too
   * @param now             the current time, for certificate validity
   * @return the security of this data directory
   * @throws UncheckedIOException  if a file cannot be read or written
   * @throws IllegalStateException if a stored key or certificate cannot be used
   */
  static BrokerSecurity prepare(Path dataDir, List<String> extraHostnames, OptionalInt mutualTlsPort, Instant now) {
    boolean mutualTls = mutualTlsPort.isPresent();
    Path securityDir = dataDir.resolve(SECURITY_DIR_NAME);
    try {
      OwnerOnlyFiles.createDirectories(securityDir);
      BrokerSecurity security = new BrokerSecurity(dataDir, loadOrCreateSecrets(dataDir));
      CertificateAuthority ca = security.loadOrCreateAuthority(now);
      ca.storeTruststore(security.truststoreFile(), security.password(TRUSTSTORE_PASSWORD));
      ca.storePem(security.caPemFile());
      security.issueNodeKeystoreIfNeeded(ca, extraHostnames, now);
      security.writeClientFiles();
      if (mutualTls) {
        security.addMissingClientKeystorePasswords();
        for (String principal : PRINCIPALS) {
          security.issueClientKeystoreIfNeeded(ca, principal, now);
        }
        security.writeMutualTlsClientFiles(mutualTlsPort.getAsInt());
      }
      return security;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare the TLS and SASL files of the secured Kafka broker in "
          + securityDir + ": " + e.getMessage() + ". Check that the data dir is writable and that the files in "
          + securityDir + " are intact; to start over, use a fresh data dir.", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The keys or certificates of the secured Kafka broker in " + securityDir
          + " cannot be used: " + e.getMessage() + ". Restore the files in " + securityDir
          + " from a backup, or start over with a fresh data dir.", e);
    }
  }

  /**
   * The SCRAM users to create when formatting, in the syntax of {@code kafka-storage format --add-scram}.
   * The result holds passwords: never log it.
   *
   * @return one argument per principal
   */
  List<String> scramArguments() {
    List<String> arguments = new ArrayList<>();
    for (String principal : PRINCIPALS) {
      arguments.add(scramArgument(principal, userPassword(principal)));
    }
    return arguments;
  }

  /**
   * The broker settings of secure mode, to add to the listener-independent ones. The result holds passwords: never
   * log it.
   *
   * @param brokerAddress          {@code host:port} of the client listener
   * @param controllerListenerName the name of the controller listener, which already appears in {@code listeners}
   * @param controllerAddress      {@code host:port} of the controller listener
   * @param mutualTlsAddress       {@code host:port} of the mutual TLS listener, or empty for none
   * @return the settings, in a stable order
   */
  Map<String, String> serverProperties(String brokerAddress, String controllerListenerName,
      String controllerAddress, Optional<String> mutualTlsAddress) {
    String mutualTlsListener = mutualTlsAddress.map(address -> "," + MUTUAL_TLS_LISTENER + "://" + address)
        .orElse("");
    Map<String, String> props = new LinkedHashMap<>();
    props.put("listeners", CLIENT_LISTENER + "://" + brokerAddress + "," + controllerListenerName + "://"
        + controllerAddress + mutualTlsListener);
    props.put("advertised.listeners", CLIENT_LISTENER + "://" + brokerAddress + mutualTlsListener);
    props.put("inter.broker.listener.name", CLIENT_LISTENER);
    props.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_SSL," + controllerListenerName + ":SSL"
        + mutualTlsAddress.map(address -> "," + MUTUAL_TLS_LISTENER + ":SSL").orElse(""));
    props.putAll(securitySettings(List.of(CLIENT_LISTENER), controllerListenerName,
        new Stores(nodeKeystoreFile(), password(NODE_PASSWORD), truststoreFile(), password(TRUSTSTORE_PASSWORD)),
        userPassword(SUPER_USER)));
    if (mutualTlsAddress.isPresent()) {
      String prefix = "listener.name." + MUTUAL_TLS_LISTENER.toLowerCase(Locale.ROOT) + ".";
      props.put(prefix + "ssl.client.auth", "required");
      props.put(prefix + "ssl.principal.mapping.rules", mutualTlsPrincipalMappingRules());
    }
    return props;
  }

  /**
   * How the mutual TLS listener names a client: a certificate whose subject is exactly {@code CN=<principal>} for
   * one of {@link #PRINCIPALS} is {@code User:<principal>}, so the ACLs of the SASL_SSL listener apply unchanged.
   * Every other subject (the broker's own certificate among them) keeps its full name, e.g.
   * {@code User:CN=feedback360-broker}, which no ACL names and which is no super user: only the certificate issued
   * for {@link #SUPER_USER} maps to the super user.
   *
   * @return the value of {@code ssl.principal.mapping.rules}
   */
  static String mutualTlsPrincipalMappingRules() {
    StringBuilder rules = new StringBuilder();
    for (String principal : PRINCIPALS) {
      rules.append("RULE:^CN=").append(principal).append("$/").append(principal).append("/,");
    }
    return rules.append("DEFAULT").toString();
  }

  /** Where a broker's key and trust stores are, with their passwords. */
  record Stores(Path keystore, char[] keystorePassword, Path truststore, char[] truststorePassword) {}

  /**
   * The security settings of a broker whose client listeners all use SASL_SSL with SCRAM and whose controller
   * listener uses TLS with client certificates, independent of where the listeners are bound. The result holds
   * passwords: never log it.
   *
   * @param saslListenerNames      the SASL_SSL listeners, the inter-broker one first: only it gets the super user's
   *                               credentials, which the broker uses as a client of itself
   * @param controllerListenerName the controller listener
   * @param stores                 the broker's stores
   * @param superUserPassword      the SCRAM password of {@link #SUPER_USER}
   * @return the settings, in a stable order
   */
  static Map<String, String> securitySettings(List<String> saslListenerNames, String controllerListenerName,
      Stores stores, String superUserPassword) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
    props.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
    String mechanism = SCRAM_MECHANISM.toLowerCase(Locale.ROOT);
    for (int i = 0; i < saslListenerNames.size(); i++) {
      String prefix = "listener.name." + saslListenerNames.get(i).toLowerCase(Locale.ROOT) + ".";
      // Every SCRAM listener needs a login module; the inter-broker one also carries the broker's own credentials.
      props.put(prefix + mechanism + ".sasl.jaas.config",
          i == 0 ? jaasConfig(SUPER_USER, superUserPassword) : SCRAM_LOGIN_MODULE + " required;");
    }
    props.put("ssl.keystore.location", stores.keystore().toString());
    props.put("ssl.keystore.type", CertificateAuthority.storeType());
    props.put("ssl.keystore.password", new String(stores.keystorePassword()));
    props.put("ssl.key.password", new String(stores.keystorePassword()));
    props.put("ssl.truststore.location", stores.truststore().toString());
    props.put("ssl.truststore.type", CertificateAuthority.storeType());
    props.put("ssl.truststore.password", new String(stores.truststorePassword()));
    // SASL authenticates clients; a client certificate is neither asked for nor needed on the client listener.
    props.put("ssl.client.auth", "none");
    // The controller listener cannot use SCRAM (the credentials live in the metadata it serves), so it demands a
    // certificate from this CA, and only the broker's own certificate maps to the super user there.
    String controllerPrefix = "listener.name." + controllerListenerName.toLowerCase(Locale.ROOT) + ".";
    props.put(controllerPrefix + "ssl.client.auth", "required");
    props.put(controllerPrefix + "ssl.principal.mapping.rules",
        "RULE:^CN=" + NODE_COMMON_NAME + "$/" + SUPER_USER + "/,DEFAULT");
    props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    props.put("allow.everyone.if.no.acl.found", "false");
    props.put("super.users", "User:" + SUPER_USER);
    return props;
  }

  /**
   * One user in the syntax of {@code kafka-storage format --add-scram}. Holds the password: never log it.
   *
   * @param principal the user name
   * @param password  its password
   * @return {@code SCRAM-SHA-512=[name=...,password=...]}
   */
  static String scramArgument(String principal, String password) {
    return SCRAM_MECHANISM + "=[name=" + principal + ",password=" + password + "]";
  }

  /**
   * The client settings of one principal, without {@code bootstrap.servers}.
   *
   * @param principal one of {@link #PRINCIPALS}
   * @return a fresh, mutable copy
   * @throws IllegalArgumentException if the principal is unknown
   */
  Properties clientProperties(String principal) {
    Properties props = new Properties();
    clientSettings(principal).forEach(props::setProperty);
    return props;
  }

  /**
   * Where the client settings of one principal are stored.
   *
   * @param principal one of {@link #PRINCIPALS}
   * @return {@code <dataDir>/clients/<principal>.properties}
   * @throws IllegalArgumentException if the principal is unknown
   */
  Path clientPropertiesFile(String principal) {
    return clientPropertiesFile(dataDir, requireKnown(principal));
  }

  static Path clientPropertiesFile(Path dataDir, String principal) {
    return dataDir.resolve(CLIENTS_DIR_NAME).resolve(principal + ".properties");
  }

  /**
   * The client settings of one principal for the mutual TLS listener, without {@code bootstrap.servers}.
   *
   * @param principal one of {@link #PRINCIPALS}
   * @return a fresh, mutable copy
   * @throws IllegalArgumentException if the principal is unknown
   */
  Properties mutualTlsClientProperties(String principal) {
    Properties props = new Properties();
    mutualTlsClientSettings(principal).forEach(props::setProperty);
    return props;
  }

  /**
   * Where the mutual TLS client settings of one principal are stored.
   *
   * @param principal one of {@link #PRINCIPALS}
   * @return {@code <dataDir>/clients/<principal>-mtls.properties}
   * @throws IllegalArgumentException if the principal is unknown
   */
  Path mutualTlsClientPropertiesFile(String principal) {
    return dataDir.resolve(CLIENTS_DIR_NAME).resolve(requireKnown(principal) + MUTUAL_TLS_FILE_SUFFIX);
  }

  private Path clientKeystoreFile(String principal) {
    return dataDir.resolve(CLIENTS_DIR_NAME).resolve(principal + ".p12");
  }

  Path caPemFile() {
    return dataDir.resolve(SECURITY_DIR_NAME).resolve(CA_PEM_FILE);
  }

  private Map<String, String> clientSettings(String principal) {
    requireKnown(principal);
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("security.protocol", "SASL_SSL");
    settings.put("sasl.mechanism", SCRAM_MECHANISM);
    settings.put("sasl.jaas.config", jaasConfig(principal, userPassword(principal)));
    settings.put("ssl.truststore.location", truststoreFile().toString());
    settings.put("ssl.truststore.type", CertificateAuthority.storeType());
    settings.put("ssl.truststore.password", new String(password(TRUSTSTORE_PASSWORD)));
    return settings;
  }

  private Map<String, String> mutualTlsClientSettings(String principal) {
    requireKnown(principal);
    String keystorePassword = new String(password(CLIENT_KEYSTORE_PASSWORD_PREFIX + principal));
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("security.protocol", "SSL");
    settings.put("ssl.keystore.location", clientKeystoreFile(principal).toString());
    settings.put("ssl.keystore.type", CertificateAuthority.storeType());
    settings.put("ssl.keystore.password", keystorePassword);
    settings.put("ssl.key.password", keystorePassword);
    settings.put("ssl.truststore.location", truststoreFile().toString());
    settings.put("ssl.truststore.type", CertificateAuthority.storeType());
    settings.put("ssl.truststore.password", new String(password(TRUSTSTORE_PASSWORD)));
    return settings;
  }

  /** A data dir first started without mutual TLS has no keystore passwords yet: add them, keep everything else. */
  private void addMissingClientKeystorePasswords() throws IOException {
    boolean added = false;
    for (String principal : PRINCIPALS) {
      if (secrets.getProperty(CLIENT_KEYSTORE_PASSWORD_PREFIX + principal) == null) {
        secrets.setProperty(CLIENT_KEYSTORE_PASSWORD_PREFIX + principal, randomSecret());
        added = true;
      }
    }
    if (added) {
      storeSecrets(dataDir, secrets);
    }
  }

  private void issueClientKeystoreIfNeeded(CertificateAuthority ca, String principal, Instant now)
      throws IOException, GeneralSecurityException {
    Path file = clientKeystoreFile(principal);
    char[] keystorePassword = password(CLIENT_KEYSTORE_PASSWORD_PREFIX + principal);
    if (Files.exists(file)) {
      KeyStore existing = CertificateAuthority.loadStore(file, keystorePassword);
      if (ca.stillFits(existing, CLIENT_KEYSTORE_ALIAS, principal, List.of(), List.of(), now,
          RENEW_BEFORE_EXPIRY)) {
        return;
      }
    }
    ca.issueKeystore(file, keystorePassword, CLIENT_KEYSTORE_ALIAS, principal, List.of(), List.of(), now);
    LOG.info("Issued the client certificate of principal {} for mutual TLS in {}", principal, file);
  }

  private void writeMutualTlsClientFiles(int port) throws IOException {
    for (String principal : PRINCIPALS) {
      OwnerOnlyFiles.write(mutualTlsClientPropertiesFile(principal), out -> {
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        text.write(mutualTlsClientFileText(principal, port));
        text.flush();
      });
    }
  }

  private String mutualTlsClientFileText(String principal, int port) {
    StringBuilder text = new StringBuilder();
    text.append("# Kafka client settings of principal '").append(principal)
        .append("' for the mutual TLS listener of the secured feedback360 broker in ").append(dataDir).append('\n');
    text.append("# The client certificate (CN=").append(principal)
        .append(") in the keystore below is the credential.\n");
    text.append("# Secret: keep this file and the keystore readable by their owner only (0600).\n");
    text.append("# No bootstrap.servers here: pass the broker's mutual TLS address (not its SASL_SSL one), e.g.\n");
    text.append("# kafka-topics.sh --bootstrap-server 127.0.0.1:").append(port)
        .append(" --command-config <this file>.\n");
    text.append("# Mutual TLS address: 127.0.0.1:").append(port).append(" (the same on every start of this data dir: ")
        .append("--mtls-port, else the port recorded in ").append(EmbeddedKafkaBroker.MUTUAL_TLS_PORT_FILE)
        .append(" when it is free)\n");
    text.append("# librdkafka clients (kcat, confluent-kafka) read the same ssl.keystore.location and\n");
    text.append("# ssl.keystore.password, with ssl.ca.location=").append(escape(caPemFile().toString())).append('\n');
    mutualTlsClientSettings(principal).forEach((key, value) -> text.append(key).append('=').append(escape(value))
        .append('\n'));
    return text.toString();
  }

  private void writeClientFiles() throws IOException {
    OwnerOnlyFiles.createDirectories(dataDir.resolve(CLIENTS_DIR_NAME));
    for (String principal : PRINCIPALS) {
      Path file = clientPropertiesFile(principal);
      OwnerOnlyFiles.write(file, out -> {
        Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        text.write(clientFileText(principal));
        text.flush();
      });
    }
  }

  /**
   * The client file, written by hand rather than by {@link Properties#store} so that it stays readable by tools that
   * do not unescape ({@code :} and {@code =} stay as they are); only backslashes are escaped.
   */
  private String clientFileText(String principal) {
    StringBuilder text = new StringBuilder();
    text.append("# Kafka client settings of principal '").append(principal)
        .append("' for the secured feedback360 broker in ").append(dataDir).append('\n');
    text.append("# Secret: keep this file readable by its owner only (0600).\n");
    text.append("# No bootstrap.servers here: the broker's port can change between starts. Pass it separately,\n");
    text.append("# e.g. kafka-topics.sh --bootstrap-server 127.0.0.1:<port> --command-config <this file>.\n");
    text.append("# librdkafka clients (kcat, confluent-kafka) need instead: security.protocol=SASL_SSL,\n");
    text.append("# sasl.mechanisms=").append(SCRAM_MECHANISM).append(", sasl.username=").append(principal)
        .append(", sasl.password=<the password in sasl.jaas.config below>,\n");
    text.append("# ssl.ca.location=").append(escape(caPemFile().toString())).append('\n');
    clientSettings(principal).forEach((key, value) -> text.append(key).append('=').append(escape(value))
        .append('\n'));
    return text.toString();
  }

  static String escape(String value) {
    return value.replace("\\", "\\\\");
  }

  /** The SCRAM client login of one user, for {@code sasl.jaas.config}. Holds the password: never log it. */
  static String jaasConfig(String username, String password) {
    return SCRAM_LOGIN_MODULE + " required username=\"" + username + "\" password=\"" + password + "\";";
  }

  private CertificateAuthority loadOrCreateAuthority(Instant now) throws IOException, GeneralSecurityException {
    Path file = dataDir.resolve(SECURITY_DIR_NAME).resolve(CA_FILE);
    if (Files.exists(file)) {
      return CertificateAuthority.load(file, password(CA_PASSWORD));
    }
    CertificateAuthority ca = CertificateAuthority.create("feedback360 broker CA", now);
    ca.store(file, password(CA_PASSWORD));
    LOG.info("Created the certificate authority of the secured Kafka broker in {}", file);
    return ca;
  }

  private void issueNodeKeystoreIfNeeded(CertificateAuthority ca, List<String> extraHostnames, Instant now)
      throws IOException, GeneralSecurityException {
    Set<String> dnsNames = new LinkedHashSet<>();
    dnsNames.add(NODE_DNS_NAME);
    dnsNames.addAll(extraHostnames);
    Path file = nodeKeystoreFile();
    if (Files.exists(file)) {
      KeyStore existing = CertificateAuthority.loadStore(file, password(NODE_PASSWORD));
      if (ca.stillFits(existing, NODE_ALIAS, NODE_COMMON_NAME, dnsNames, NODE_IP_ADDRESSES, now,
          RENEW_BEFORE_EXPIRY)) {
        return;
      }
    }
    ca.issueKeystore(file, password(NODE_PASSWORD), NODE_ALIAS, NODE_COMMON_NAME, dnsNames, NODE_IP_ADDRESSES,
        now);
    LOG.info("Issued the broker certificate for {} and {} in {}", dnsNames, NODE_IP_ADDRESSES, file);
  }

  private Path truststoreFile() {
    return dataDir.resolve(SECURITY_DIR_NAME).resolve(TRUSTSTORE_FILE);
  }

  private Path nodeKeystoreFile() {
    return dataDir.resolve(SECURITY_DIR_NAME).resolve(NODE_KEYSTORE_FILE);
  }

  private char[] password(String key) {
    String value = secrets.getProperty(key);
    if (value == null) {
      throw new IllegalStateException("The secrets file " + secretsFile(dataDir) + " has no entry '" + key
          + "'; restore the file from a backup, or start over with a fresh data dir.");
    }
    return value.toCharArray();
  }

  private String userPassword(String principal) {
    return new String(password(USER_PASSWORD_PREFIX + principal));
  }

  private static String requireKnown(String principal) {
    if (!PRINCIPALS.contains(principal)) {
      throw new IllegalArgumentException("Unknown principal '" + principal + "'; the secured broker has "
          + PRINCIPALS);
    }
    return principal;
  }

  private static Path secretsFile(Path dataDir) {
    return dataDir.resolve(SECURITY_DIR_NAME).resolve(SECRETS_FILE);
  }

  private static Properties loadOrCreateSecrets(Path dataDir) throws IOException {
    Path file = secretsFile(dataDir);
    Properties secrets = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        secrets.load(in);
      }
      return secrets;
    }
    for (String key : List.of(CA_PASSWORD, NODE_PASSWORD, TRUSTSTORE_PASSWORD)) {
      secrets.setProperty(key, randomSecret());
    }
    for (String principal : PRINCIPALS) {
      secrets.setProperty(USER_PASSWORD_PREFIX + principal, randomSecret());
    }
    storeSecrets(dataDir, secrets);
    return secrets;
  }

  private static void storeSecrets(Path dataDir, Properties secrets) throws IOException {
    OwnerOnlyFiles.write(secretsFile(dataDir), out -> secrets.store(out, "Passwords of the secured feedback360 "
        + "Kafka broker; written once (entries are only ever added), keep it owner-only"));
  }

  /** 192 random bits, URL-safe Base64 without padding: no character that a JAAS or SCRAM argument would need to quote. */
  static String randomSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
