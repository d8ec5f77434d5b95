package dev.feedback360.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority: one EC P-256 key pair with a self-signed certificate, which issues TLS certificates
 * for the broker (and later for clients). Certificates are built with BouncyCastle; the keys and stores use the
 * JDK's own providers, so nothing is registered globally. Stores are PKCS12.
 */
final class CertificateAuthority {

  private static final String KEY_ALGORITHM = "EC";
  private static final String CURVE = "secp256r1";
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final String STORE_TYPE = "PKCS12";
  private static final String CA_ALIAS = "ca";
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration LEAF_VALIDITY = Duration.ofDays(825);
  /** Certificates are back-dated a little so that a clock a few minutes behind still accepts them. */
  private static final Duration CLOCK_SKEW = Duration.ofHours(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PrivateKey key;
  private final X509Certificate certificate;

  private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
  }

  /**
   * Creates a new authority with a fresh key pair.
   *
   * @param commonName the CN of the authority's self-signed certificate
   * @param now        the start of its validity
   * @return the authority
   * @throws GeneralSecurityException if the JDK cannot generate or sign with an EC P-256 key
   */
  static CertificateAuthority create(String commonName, Instant now) throws GeneralSecurityException {
    KeyPair pair = newKeyPair();
    X500Principal subject = new X500Principal("CN=" + commonName);
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serialNumber(),
          Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(pair.getPublic()));
      return new CertificateAuthority(pair.getPrivate(), sign(builder, pair.getPrivate()));
    } catch (CertIOException e) {
      throw new GeneralSecurityException("Could not encode the extensions of the CA certificate", e);
    }
  }

  /**
   * Loads an authority stored by {@link #store(Path, char[])}.
   *
   * @param file     the PKCS12 file
   * @param password its password
   * @return the authority
   * @throws IOException              if the file cannot be read or the password is wrong
   * @throws GeneralSecurityException if the file holds no CA key entry
   */
  static CertificateAuthority load(Path file, char[] password) throws IOException, GeneralSecurityException {
    KeyStore store = loadStore(file, password);
    if (!(store.getKey(CA_ALIAS, password) instanceof PrivateKey privateKey)
        || !(store.getCertificate(CA_ALIAS) instanceof X509Certificate cert)) {
      throw new GeneralSecurityException(file + " holds no CA key entry named '" + CA_ALIAS + "'");
    }
    return new CertificateAuthority(privateKey, cert);
  }

  /**
   * Reads a PKCS12 store.
   *
   * @param file     the file
   * @param password its password
   * @return the loaded store
   * @throws IOException              if the file cannot be read or the password is wrong
   * @throws GeneralSecurityException if the file is not a PKCS12 store
   */
  static KeyStore loadStore(Path file, char[] password) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(STORE_TYPE);
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }

  /** The type of every store written here, as Kafka's {@code ssl.*store.type} expects it. */
  static String storeType() {
    return STORE_TYPE;
  }

  /**
   * The authority's own certificate.
   *
   * @return the self-signed CA certificate
   */
  X509Certificate certificate() {
    return certificate;
  }

  /**
   * Writes the CA key and certificate to a PKCS12 file (owner-only, atomically), so that it can issue more
   * certificates later.
   *
   * @param file     the target file
   * @param password the store password
   * @throws IOException              if the file cannot be written
   * @throws GeneralSecurityException if the JDK cannot build the store
   */
  void store(Path file, char[] password) throws IOException, GeneralSecurityException {
    storeKeyEntry(file, password, CA_ALIAS, key, new Certificate[] {certificate});
  }

  /**
   * Writes a truststore holding only this authority's certificate.
   *
   * @param file     the target file
   * @param password the store password
   * @throws IOException              if the file cannot be written
   * @throws GeneralSecurityException if the JDK cannot build the store
   */
  void storeTruststore(Path file, char[] password) throws IOException, GeneralSecurityException {
    KeyStore store = emptyStore();
    store.setCertificateEntry(CA_ALIAS, certificate);
    writeStore(file, store, password);
  }

  /**
   * Writes this authority's certificate in PEM, the form librdkafka's {@code ssl.ca.location} and OpenSSL read.
   *
   * @param file the target file
   * @throws IOException if the file cannot be written
   */
  void storePem(Path file) throws IOException {
    String pem = certificatePem();
    OwnerOnlyFiles.write(file, out -> out.write(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * This authority's certificate in PEM, e.g. for Kafka's {@code ssl.truststore.type=PEM} with
   * {@code ssl.truststore.certificates}.
   *
   * @return the PEM text, lines ended by {@code \n}
   * @throws IOException if the certificate cannot be encoded
   */
  String certificatePem() throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(certificate);
    }
    return text.toString().replace("\r\n", "\n");
  }

  /**
   * Issues a key pair and a certificate usable by a TLS server and client, and stores both with this authority's
   * certificate as chain in a PKCS12 keystore.
   *
   * @param file       the keystore to write
   * @param password   its password (also the key's password)
   * @param alias      the alias of the key entry
   * @param commonName the CN of the certificate's subject
   * @param dnsNames   the DNS subject alternative names
   * @param ipAddresses the IP subject alternative names
   * @param now        the start of the certificate's validity
   * @throws IOException              if the keystore cannot be written
   * @throws GeneralSecurityException if the key cannot be generated or the certificate signed
   */
  void issueKeystore(Path file, char[] password, String alias, String commonName, Collection<String> dnsNames,
      Collection<String> ipAddresses, Instant now) throws IOException, GeneralSecurityException {
    KeyPair pair = newKeyPair();
    List<GeneralName> names = new ArrayList<>();
    dnsNames.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
    ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
    JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serialNumber(),
          Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(LEAF_VALIDITY)),
          new X500Principal("CN=" + commonName), pair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(pair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(certificate));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(names.toArray(new GeneralName[0])));
      }
      X509Certificate issued = sign(builder, key);
      storeKeyEntry(file, password, alias, pair.getPrivate(), new Certificate[] {issued, certificate});
    } catch (CertIOException e) {
      throw new GeneralSecurityException("Could not encode the extensions of the certificate for " + commonName, e);
    }
  }

  /**
   * Tells whether a keystore written by {@link #issueKeystore} still fits: issued by this authority, valid for at
   * least {@code margin} more, and with exactly the wanted subject and subject alternative names.
   *
   * @param store    the keystore
   * @param alias    the alias of its key entry
   * @param commonName the wanted CN of the certificate's subject, which must be the whole subject
   * @param dnsNames the wanted DNS names
   * @param ipAddresses the wanted IP addresses
   * @param now      the current time
   * @param margin   how long the certificate must stay valid after {@code now}
   * @return {@code true} if the keystore can be reused as it is
   * @throws GeneralSecurityException if the store cannot be read
   */
  boolean stillFits(KeyStore store, String alias, String commonName, Collection<String> dnsNames,
      Collection<String> ipAddresses, Instant now, Duration margin) throws GeneralSecurityException {
    if (!(store.getCertificate(alias) instanceof X509Certificate cert)
        || !cert.getSubjectX500Principal().equals(new X500Principal("CN=" + commonName))) {
      return false;
    }
    if (!cert.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())
        || cert.getNotAfter().toInstant().isBefore(now.plus(margin))) {
      return false;
    }
    try {
      cert.verify(certificate.getPublicKey());
    } catch (GeneralSecurityException notSignedByThisAuthority) {
      return false;
    }
    return subjectAlternativeNames(cert).equals(wantedNames(dnsNames, ipAddresses));
  }

  private static Set<String> wantedNames(Collection<String> dnsNames, Collection<String> ipAddresses)
      throws GeneralSecurityException {
    Set<String> names = new LinkedHashSet<>();
    dnsNames.forEach(name -> names.add("dns:" + name));
    for (String ip : ipAddresses) {
      names.add("ip:" + canonicalIp(ip));
    }
    return names;
  }

  private static Set<String> subjectAlternativeNames(X509Certificate cert) throws CertificateParsingException,
      GeneralSecurityException {
    Set<String> names = new LinkedHashSet<>();
    Collection<List<?>> entries = cert.getSubjectAlternativeNames();
    if (entries == null) {
      return names;
    }
    for (List<?> entry : entries) {
      int type = (Integer) entry.get(0);
      String value = String.valueOf(entry.get(1));
      if (type == GeneralName.dNSName) {
        names.add("dns:" + value);
      } else if (type == GeneralName.iPAddress) {
        names.add("ip:" + canonicalIp(value));
      }
    }
    return names;
  }

  private static String canonicalIp(String literal) throws GeneralSecurityException {
    try {
      // An IP literal is parsed, never looked up.
      return InetAddress.getByName(literal).getHostAddress();
    } catch (UnknownHostException e) {
      throw new GeneralSecurityException("'" + literal + "' is not an IP address", e);
    }
  }

  private static void storeKeyEntry(Path file, char[] password, String alias, PrivateKey privateKey,
      Certificate[] chain) throws IOException, GeneralSecurityException {
    KeyStore store = emptyStore();
    store.setKeyEntry(alias, privateKey, password, chain);
    writeStore(file, store, password);
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(STORE_TYPE);
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("Could not initialise an empty " + STORE_TYPE + " store", e);
    }
    return store;
  }

  private static void writeStore(Path file, KeyStore store, char[] password)
      throws IOException, GeneralSecurityException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    store.store(bytes, password);
    OwnerOnlyFiles.write(file, out -> bytes.writeTo(out));
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
    generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
    return generator.generateKeyPair();
  }

  private static BigInteger serialNumber() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("Could not create a " + SIGNATURE_ALGORITHM + " signer", e);
    }
  }
}
