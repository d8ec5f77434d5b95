package dev.feedback360.dashboard.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tokens file shared by every instance of the app ({@code --http-tokens FILE}): one token per line, as its
 * SHA-256, never the token itself, with its scope, creation time and label:
 *
 * <pre>
 * # feedback360 dashboard tokens ...
 * 9f86d081884c7d65...  teams=*        cycles=*        created=2026-10-01T09:00:00Z  label=ops
 * 2c26b46b68ffc68f...  teams=T1,R%26D  cycles=2026-H1  created=2026-10-01T09:05:00Z  label=alice
 * 7a1d0c5e3b9f2d84...  scope=metrics                 created=2026-10-01T09:10:00Z  label=prometheus
 * </pre>
 *
 * A {@code scope=metrics} line in place of {@code teams=} and {@code cycles=} is a token for {@code /metrics} only
 * ({@link Scope#metrics()}). Fields are separated by whitespace; ids and labels are percent-encoded (UTF-8). The file is owner-only (0600): it
 * is created so, and a file that its group or others may read or write is refused, because it is also what instances
 * sign their requests to each other with ({@link PeerCredential}).
 */
public final class TokenFile {

  /** Token prefix: makes a leaked token recognisable (secret scanners, logs); 32 random bytes follow. */
  public static final String TOKEN_PREFIX = "f360_";

  private static final SecureRandom RANDOM = new SecureRandom();
  /** The field of a metrics token's line, in place of teams= and cycles=. */
  private static final String METRICS_SCOPE = "scope=metrics";
  private static final String HEADER = """
      # feedback360 dashboard tokens: the SHA-256 of each token (never the token), its scope, creation time, label.
      # Made by ./feedback360 token; shared by every instance of the streams app (--http-tokens). Keep it 0600.
      # Delete a line to revoke its token (instances re-read this file when it changes).
      """;
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private TokenFile() {}

  /** A new random token: {@value #TOKEN_PREFIX} and 256 random bits, base64url. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Makes a token with this scope, appends its hash to the file (creating it, 0600, if missing) and returns the
   * token: the only time it exists outside the caller's hands.
   *
   * @throws IllegalArgumentException if the file is not owner-only or not a tokens file
   */
  public static String append(Path file, Scope scope, String label, Instant now) {
    String token = newToken();
    TokenEntry entry = TokenEntry.of(token, scope, now, label);
    try {
      if (Files.exists(file)) {
        requireOwnerOnly(file);
        read(file); // refuses to append to a file that is not a tokens file
        Files.writeString(file, format(entry) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      } else {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        if (isPosix(file)) {
          Files.createFile(file, OWNER_ONLY);
        } else {
          Files.createFile(file);
        }
        Files.writeString(file, HEADER + format(entry) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the tokens file " + file + ": " + e.getMessage(), e);
    }
    return token;
  }

  /**
   * Reads every entry.
   *
   * @throws IllegalArgumentException if the file is not owner-only or a line is not an entry (with its number)
   */
  public static List<TokenEntry> read(Path file) {
    requireOwnerOnly(file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the tokens file " + file + " (" + e.getMessage() + "); make one "
          + "with ./feedback360 token --tokens " + file + " --scope all", e);
    }
    List<TokenEntry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        entries.add(parse(line));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new IllegalArgumentException("Line " + (i + 1) + " of the tokens file " + file + " is not a token "
            + "entry (" + e.getMessage() + "); fix or delete it, and make tokens with ./feedback360 token", e);
      }
    }
    return entries;
  }

  /** One line for the entry. */
  static String format(TokenEntry entry) {
    if (entry.scope().metricsOnly()) {
      return HexFormat.of().formatHex(entry.hash())
          + "  " + METRICS_SCOPE
          + "  created=" + entry.created()
          + "  label=" + encode(entry.label());
    }
    return HexFormat.of().formatHex(entry.hash())
        + "  teams=" + list(entry.scope().teams())
        + "  cycles=" + list(entry.scope().cycles())
        + "  created=" + entry.created()
        + "  label=" + encode(entry.label());
  }

  static TokenEntry parse(String line) {
    String[] fields = line.split("\\s+");
    boolean metrics = fields.length > 1 && fields[1].startsWith("scope=");
    if (metrics && fields.length != 4) {
      throw new IllegalArgumentException("expected 4 fields (hash, scope=metrics, created=, label=), found "
          + fields.length);
    }
    if (metrics && !fields[1].equals(METRICS_SCOPE)) {
      throw new IllegalArgumentException("unknown " + fields[1] + "; the only scope= is " + METRICS_SCOPE
          + " (other tokens have teams= and cycles=)");
    }
    if (!metrics && fields.length != 5) {
      throw new IllegalArgumentException("expected 5 fields (hash, teams=, cycles=, created=, label=), found "
          + fields.length);
    }
    byte[] hash;
    try {
      hash = HexFormat.of().parseHex(fields[0]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the hash is not hexadecimal");
    }
    if (hash.length != 32) {
      throw new IllegalArgumentException("the hash is not a SHA-256 (64 hex digits)");
    }
    if (metrics) {
      return new TokenEntry(hash, Scope.metrics(), Instant.parse(value(fields[2], "created")),
          decode(value(fields[3], "label")));
    }
    Set<String> teams = ids(value(fields[1], "teams"));
    Set<String> cycles = ids(value(fields[2], "cycles"));
    Instant created = Instant.parse(value(fields[3], "created"));
    String label = decode(value(fields[4], "label"));
    return new TokenEntry(hash, Scope.of(teams, cycles), created, label);
  }

  private static String value(String field, String key) {
    if (!field.startsWith(key + "=")) {
      throw new IllegalArgumentException("expected " + key + "=..., found '" + field + "'");
    }
    return field.substring(key.length() + 1);
  }

  private static String list(Set<String> ids) {
    if (ids.isEmpty()) {
      return "*";
    }
    List<String> encoded = new ArrayList<>();
    new TreeSet<>(ids).forEach(id -> encoded.add(encode(id)));
    return String.join(",", encoded);
  }

  private static Set<String> ids(String value) {
    if (value.equals("*")) {
      return Set.of();
    }
    Set<String> ids = new TreeSet<>();
    Arrays.stream(value.split(",", -1)).forEach(id -> ids.add(decode(id)));
    return ids;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
  }

  private static String decode(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * Refuses a file its group or others may use: its lines let their readers sign requests between instances.
   *
   * @throws IllegalArgumentException naming the file, its permissions and the fix
   */
  static void requireOwnerOnly(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("The tokens file " + file + " does not exist; make it with "
          + "./feedback360 token --tokens " + file + " --scope all");
    }
    if (!isPosix(file)) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> loose = new TreeSet<>(permissions);
      loose.removeAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE));
      if (!loose.isEmpty()) {
        throw new IllegalArgumentException("The tokens file " + file + " may be used by its group or others ("
            + PosixFilePermissions.toString(permissions) + "); it must be readable by its owner only: chmod 600 "
            + file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the permissions of the tokens file " + file, e);
    }
  }

  private static boolean isPosix(Path file) {
    return file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
