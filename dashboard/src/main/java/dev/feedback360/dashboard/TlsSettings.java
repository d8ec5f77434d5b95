package dev.feedback360.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Objects;

/**
 * HTTPS for the dashboard: a PKCS12 keystore with the server's key and certificate (the first key entry is used).
 * The password never comes from the command line ({@code --http-tls-keystore-password-file} or the
 * {@code FEEDBACK360_HTTP_TLS_KEYSTORE_PASSWORD} environment variable). Instances of one deployment use certificates
 * the others trust: the keystore's own certificates are trusted for calls between instances, besides the JVM's.
 *
 * @param keystore the PKCS12 file
 * @param keyStore the keystore, loaded and checked when the settings are made
 * @param password its password
 */
public record TlsSettings(Path keystore, KeyStore keyStore, String password) {

  public TlsSettings {
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(password, "password");
  }

  /**
   * Loads a PKCS12 keystore.
   *
   * @throws IllegalArgumentException if it cannot be read, the password is wrong, or it holds no key
   */
  public static TlsSettings load(Path keystore, String password) {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      boolean hasKey = false;
      for (String alias : Collections.list(store.aliases())) {
        hasKey |= store.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IllegalArgumentException("The keystore " + keystore + " holds no private key; make one with "
            + "keytool -genkeypair -storetype PKCS12 (docs/dashboards.md, HTTPS)");
      }
      return new TlsSettings(keystore, store, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot open the PKCS12 keystore " + keystore + " (" + e.getMessage()
          + "); check the file and its password (--http-tls-keystore-password-file or "
          + "FEEDBACK360_HTTP_TLS_KEYSTORE_PASSWORD)", e);
    }
  }

  @Override
  public String toString() {
    return "TlsSettings[keystore=" + keystore + "]";
  }
}
