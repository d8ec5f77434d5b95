package dev.feedback360.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The security material of a secured broker that runs somewhere else (a container), written once into one directory
 * per consumer, so that each consumer can be given its own directory and nothing more:
 * <ul>
 *   <li>{@code broker/}: the broker's keystore and truststore (PKCS12), {@value #BROKER_SETTINGS_FILE} (its
 *       security settings: stores and their passwords, the listeners' SCRAM logins, TLS client authentication on
 *       the controller listener, the authorizer), {@value #SCRAM_FILE} (one {@code kafka-storage format
 *       --add-scram} value per line) and {@value #HEALTHCHECK_FILE} (the super user's client settings, for the
 *       broker's own healthcheck);</li>
 *   <li>{@code <principal>/}{@value #CLIENT_FILE} for each of {@link EmbeddedKafkaBroker#PRINCIPALS}: SASL_SSL with
 *       SCRAM-SHA-512 and the CA certificate inline ({@code ssl.truststore.type=PEM}), so the file works wherever it
 *       is copied; and {@code ca.pem} for librdkafka clients.</li>
 * </ul>
 * The same settings as {@code broker --secure} ({@link BrokerSecurity}), for listeners of any name and hosts of any
 * name. The CA key is not kept: nothing else is ever issued, and a key that does not exist cannot leak. Every
 * directory is created 0700 and every file 0600. Paths inside the files are the paths under the output directory,
 * so consumers must see their directory at the same path.
 */
public final class ContainerSecrets {

  /** The broker's directory. */
  public static final String BROKER_DIR = "broker";
  /** The broker's security settings, in the broker volume. */
  public static final String BROKER_SETTINGS_FILE = "server-security.properties";
  /** The SCRAM users to create when formatting, in the broker volume. */
  public static final String SCRAM_FILE = "scram-credentials";
  /** The super user's client settings for the broker's healthcheck, in the broker volume. */
  public static final String HEALTHCHECK_FILE = "healthcheck.properties";
  /** The client settings of a principal, in its directory. */
  public static final String CLIENT_FILE = "client.properties";
  /** The CA certificate in PEM, in every directory. */
  public static final String CA_PEM_FILE = "ca.pem";

  private static final String KEYSTORE_FILE = "keystore.p12";
  private static final String TRUSTSTORE_FILE = "truststore.p12";

  /** What {@link #writeOnce} did. */
  public enum Outcome {
    /** Nothing was there: everything was generated. */
    CREATED,
    /** Everything was there already and was left alone. */
    KEPT
  }

  private ContainerSecrets() {
  }

  /**
   * Generates the material unless it is all there already; never overwrites any of it, because the broker's SCRAM
   * users are fixed when its storage is first formatted.
   *
   * @param outDir             where to write
   * @param hostnames          DNS names the broker is reached by, put in its certificate besides {@code localhost}
   *                           and {@code 127.0.0.1}
   * @param saslListenerNames  the broker's SASL_SSL listeners, the inter-broker one first
   * @param controllerListener the broker's controller listener (TLS, the broker's own certificate required)
   * @param now                the start of the certificates' validity
   * @return whether the material was created or kept
   * @throws IllegalStateException if only part of the material is there
   * @throws UncheckedIOException  if a file cannot be written
   */
  public static Outcome writeOnce(Path outDir, List<String> hostnames, List<String> saslListenerNames,
      String controllerListener, Instant now) {
    List<Path> files = files(outDir);
    List<Path> present = files.stream().filter(Files::exists).toList();
    if (present.size() == files.size()) {
      return Outcome.KEPT;
    }
    if (!present.isEmpty()) {
      List<Path> missing = files.stream().filter(file -> !Files.exists(file)).toList();
      throw new IllegalStateException("The secrets in " + outDir + " are incomplete (missing " + missing
          + "); they are never regenerated in part, because the broker's SCRAM users are fixed when its storage is "
          + "first formatted. Start over with empty volumes for the secrets and the broker's data (docker-compose "
          + "down -v).");
    }
    try {
      write(outDir, hostnames, saslListenerNames, controllerListener, now);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the secrets to " + outDir + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not generate the keys and certificates: " + e.getMessage(), e);
    }
    return Outcome.CREATED;
  }

  /**
   * Where a principal's client settings are written.
   *
   * @param outDir    the output directory
   * @param principal one of {@link EmbeddedKafkaBroker#PRINCIPALS}
   * @return {@code <outDir>/<principal>/client.properties}
   */
  public static Path clientFile(Path outDir, String principal) {
    return outDir.resolve(principal).resolve(CLIENT_FILE);
  }

  private static List<Path> files(Path outDir) {
    Path broker = outDir.resolve(BROKER_DIR);
    List<Path> files = new ArrayList<>(List.of(broker.resolve(KEYSTORE_FILE), broker.resolve(TRUSTSTORE_FILE),
        broker.resolve(CA_PEM_FILE), broker.resolve(BROKER_SETTINGS_FILE), broker.resolve(HEALTHCHECK_FILE)));
    for (String principal : BrokerSecurity.PRINCIPALS) {
      files.add(clientFile(outDir, principal));
      files.add(outDir.resolve(principal).resolve(CA_PEM_FILE));
    }
    // Last: its presence means everything before it was written.
    files.add(broker.resolve(SCRAM_FILE));
    return files;
  }

  private static void write(Path outDir, List<String> hostnames, List<String> saslListenerNames,
      String controllerListener, Instant now) throws IOException, GeneralSecurityException {
    if (saslListenerNames.isEmpty()) {
      throw new IllegalArgumentException("The broker needs at least one SASL_SSL listener");
    }
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String principal : BrokerSecurity.PRINCIPALS) {
      passwords.put(principal, BrokerSecurity.randomSecret());
    }
    char[] keystorePassword = BrokerSecurity.randomSecret().toCharArray();
    char[] truststorePassword = BrokerSecurity.randomSecret().toCharArray();

    Path broker = outDir.resolve(BROKER_DIR);
    OwnerOnlyFiles.createDirectories(broker);
    CertificateAuthority ca = CertificateAuthority.create("feedback360 compose CA", now);
    String caPem = ca.certificatePem();
    Set<String> dnsNames = new LinkedHashSet<>();
    dnsNames.add(BrokerSecurity.NODE_DNS_NAME);
    dnsNames.addAll(hostnames);
    BrokerSecurity.Stores stores = new BrokerSecurity.Stores(broker.resolve(KEYSTORE_FILE), keystorePassword,
        broker.resolve(TRUSTSTORE_FILE), truststorePassword);
    ca.issueKeystore(stores.keystore(), keystorePassword, BrokerSecurity.NODE_ALIAS, BrokerSecurity.NODE_COMMON_NAME,
        dnsNames, BrokerSecurity.NODE_IP_ADDRESSES, now);
    ca.storeTruststore(stores.truststore(), truststorePassword);
    writeText(broker.resolve(CA_PEM_FILE), caPem);
    writeText(broker.resolve(BROKER_SETTINGS_FILE), propertiesText(
        List.of("Security settings of the feedback360 broker, generated once by `feedback360 secrets`.",
            "Secret: store passwords and the super user's SCRAM login. Readable by the broker only."),
        BrokerSecurity.securitySettings(saslListenerNames, controllerListener, stores,
            passwords.get(BrokerSecurity.SUPER_USER))));
    writeText(broker.resolve(HEALTHCHECK_FILE), clientText(BrokerSecurity.SUPER_USER,
        passwords.get(BrokerSecurity.SUPER_USER), caPem, "the broker's healthcheck"));

    for (String principal : BrokerSecurity.PRINCIPALS) {
      Path dir = outDir.resolve(principal);
      OwnerOnlyFiles.createDirectories(dir);
      writeText(dir.resolve(CA_PEM_FILE), caPem);
      writeText(clientFile(outDir, principal), clientText(principal, passwords.get(principal), caPem,
          "its clients"));
    }

    StringBuilder scram = new StringBuilder();
    passwords
        .forEach((principal, password) -> scram.append(BrokerSecurity.scramArgument(principal, password)).append('\n'));
    writeText(broker.resolve(SCRAM_FILE), scram.toString());
  }

  private static String clientText(String principal, String password, String caPem, String usedBy) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("security.protocol", "SASL_SSL");
    settings.put("sasl.mechanism", BrokerSecurity.SCRAM_MECHANISM);
    settings.put("sasl.jaas.config", BrokerSecurity.jaasConfig(principal, password));
    settings.put("ssl.truststore.type", "PEM");
    settings.put("ssl.truststore.certificates", caPem.strip());
    return propertiesText(List.of("Kafka client settings of principal '" + principal + "', for " + usedBy
        + "; generated once by `feedback360 secrets`.",
        "Secret: keep it readable by its owner only (0600). No bootstrap.servers: pass the broker's address.",
        "The CA certificate is inline, so the file works wherever it is copied. librdkafka clients (kcat,",
        "confluent-kafka) need instead: security.protocol=SASL_SSL, sasl.mechanisms="
            + BrokerSecurity.SCRAM_MECHANISM + ", sasl.username=" + principal + ",",
        "sasl.password=<the password in sasl.jaas.config>, ssl.ca.location=<the ca.pem next to this file>"),
        settings);
  }

  /** A properties file by hand: {@code :} and {@code =} unescaped, backslashes and line ends escaped. */
  private static String propertiesText(List<String> comments, Map<String, String> settings) {
    StringBuilder text = new StringBuilder();
    comments.forEach(line -> text.append("# ").append(line).append('\n'));
    settings.forEach((key, value) -> text.append(key).append('=')
        .append(BrokerSecurity.escape(value).replace("\n", "\\n")).append('\n'));
    return text.toString();
  }

  private static void writeText(Path file, String text) throws IOException {
    OwnerOnlyFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
