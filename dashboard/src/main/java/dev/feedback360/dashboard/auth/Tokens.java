package dev.feedback360.dashboard.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens the dashboard accepts: those of a tokens file (re-read when it changes, so that {@code ./feedback360
 * token} and revocations take effect without a restart), or a fixed set held in memory, such as the one-off token
 * {@code streams} makes when it is given no file.
 */
public final class Tokens {

  private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);

  private final Path file;
  private final String oneOffToken;
  private volatile Snapshot snapshot;

  private record Snapshot(List<TokenEntry> entries, FileTime modified, long size) {}

  private Tokens(Path file, String oneOffToken, Snapshot snapshot) {
    this.file = file;
    this.oneOffToken = oneOffToken;
    this.snapshot = snapshot;
  }

  /**
   * The tokens of a file, read now and again whenever it changes.
   *
   * @throws IllegalArgumentException if the file is missing, not owner-only, or not a tokens file
   */
  public static Tokens file(Path file) {
    Objects.requireNonNull(file, "file");
    return new Tokens(file, null, load(file));
  }

  /** A fixed set of tokens (tests, and whoever keeps tokens elsewhere). */
  public static Tokens of(List<TokenEntry> entries) {
    return new Tokens(null, null, new Snapshot(List.copyOf(entries), null, -1));
  }

  /** A single random all-scope token, in memory only: for one instance whose operator logs in with its URL. */
  public static Tokens oneOff() {
    String token = TokenFile.newToken();
    return new Tokens(null, token, new Snapshot(List.of(TokenEntry.of(token, Scope.all(), Instant.now(),
        "one-off login token")), null, -1));
  }

  /** The one-off token, if this is {@link #oneOff()}: the only token the operator can log in with. */
  public Optional<String> oneOffToken() {
    return Optional.ofNullable(oneOffToken);
  }

  /** The tokens file, if any. */
  public Optional<Path> path() {
    return Optional.ofNullable(file);
  }

  /** The entry whose token this is, if any. Every entry is compared, each in constant time. */
  public Optional<TokenEntry> find(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    byte[] hash = TokenEntry.sha256(token);
    TokenEntry found = null;
    for (TokenEntry entry : current()) {
      if (entry.matches(hash) && found == null) {
        found = entry;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The entries with this id (the first 16 hex digits of the hash; almost surely one). */
  public List<TokenEntry> byId(String id) {
    List<TokenEntry> matching = new ArrayList<>();
    for (TokenEntry entry : current()) {
      if (entry.id().equals(id)) {
        matching.add(entry);
      }
    }
    return matching;
  }

  /** Where the tokens come from, for messages. */
  public String describe() {
    return file != null ? "the tokens file " + file : oneOffToken != null ? "a one-off login token" : "fixed tokens";
  }

  private List<TokenEntry> current() {
    Snapshot known = snapshot;
    if (file == null) {
      return known.entries();
    }
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      if (!modified.equals(known.modified()) || size != known.size()) {
        synchronized (this) {
          if (snapshot == known) {
            snapshot = load(file);
            LOG.info("Re-read the tokens file {}: {} tokens", file, snapshot.entries().size());
          }
          known = snapshot;
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot re-read the tokens file {} ({}); still using the {} tokens read before", file,
          e.getMessage(), known.entries().size());
    }
    return known.entries();
  }

  private static Snapshot load(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      return new Snapshot(List.copyOf(TokenFile.read(file)), modified, size);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the tokens file " + file + " (" + e.getMessage() + "); make "
          + "one with ./feedback360 token --tokens " + file + " --scope all", e);
    }
  }
}
