package dev.feedback360.dashboard.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens the dashboard accepts: those of a tokens file (re-read when it changes, so that {@code ./feedback360
 * token} and revocations take effect without a restart), or a fixed set held in memory, such as the one-off token
 * {@code streams} makes when it is given no file.
 *
 * <p>A tokens file that changes into one that cannot be used (a line that is not an entry, permissions its group or
 * others may use, a missing or unreadable file) fails closed: no token of it is accepted until it is valid again (so a
 * token revoked in the same edit is refused, and so are the others), each change is logged once at ERROR with the
 * reason and the fix, and {@link #problem()} says so (for {@code /api/health}).
 */
public final class Tokens {

  private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);

  private final Path file;
  private final String oneOffToken;
  private final List<Consumer<Set<String>>> removalListeners = new CopyOnWriteArrayList<>();
  private volatile Snapshot snapshot;
  /** The entries of the last valid read of the file; guarded by this. */
  private List<TokenEntry> lastValid;

  /**
   * What was read, and the file's attributes when it was read: its last change is noticed by any of them (a chmod
   * changes the permissions only; an editor's save-as may keep the size). {@code problem} is why the file cannot be
   * used (then {@code entries} is empty), or null.
   */
  private record Snapshot(List<TokenEntry> entries, Version version, String problem) {}

  /** The attributes of the file that tell a change; {@link #MISSING} when it cannot be read. */
  private record Version(Object modified, long size, Object fileKey, Set<PosixFilePermission> permissions) {
    static final Version MISSING = new Version(null, -1, null, null);
  }

  private Tokens(Path file, String oneOffToken, Snapshot snapshot) {
    this.file = file;
    this.oneOffToken = oneOffToken;
    this.snapshot = snapshot;
    this.lastValid = snapshot.entries();
  }

  /**
   * The tokens of a file, read now and again whenever it changes.
   *
   * @throws IllegalArgumentException if the file is missing, not owner-only, or not a tokens file
   */
  public static Tokens file(Path file) {
    Objects.requireNonNull(file, "file");
    Version version;
    try {
      version = version(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the tokens file " + file + " (" + e.getMessage() + "); make "
          + "one with ./feedback360 token --tokens " + file + " --scope all", e);
    }
    return new Tokens(file, null, new Snapshot(List.copyOf(TokenFile.read(file)), version, null));
  }

  /** A fixed set of tokens (tests, and whoever keeps tokens elsewhere). */
  public static Tokens of(List<TokenEntry> entries) {
    return new Tokens(null, null, new Snapshot(List.copyOf(entries), null, null));
  }

  /** A single random all-scope token, in memory only: for one instance whose operator logs in with its URL. */
  public static Tokens oneOff() {
    String token = TokenFile.newToken();
    return new Tokens(null, token, new Snapshot(List.of(TokenEntry.of(token, Scope.all(), Instant.now(),
        "one-off login token")), null, null));
  }

  /**
   * Tells {@code listener} the ids of the tokens a re-read of the file no longer has, compared with the last time it
   * was valid, as soon as this instance reads it so: so that what was opened with them ends for good.
   */
  public void whenRemoved(Consumer<Set<String>> listener) {
    removalListeners.add(Objects.requireNonNull(listener, "listener"));
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

  /**
   * Why the tokens file cannot be used since its last change (every token refused meanwhile), with the fix; empty
   * while it is valid, and for tokens that are not a file's.
   */
  public Optional<String> problem() {
    if (file == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(refreshed().problem());
  }

  private List<TokenEntry> current() {
    return file == null ? snapshot.entries() : refreshed().entries();
  }

  /** The snapshot of the file as it is now: read again if it changed since, empty (and why) if it cannot be used. */
  private Snapshot refreshed() {
    Snapshot known = snapshot;
    Version now;
    try {
      now = version(file);
    } catch (IOException e) {
      now = Version.MISSING;
    }
    if (now.equals(known.version())) {
      return known;
    }
    synchronized (this) {
      if (snapshot == known) {
        Snapshot loaded = load(file, now, known);
        snapshot = loaded;
        if (loaded.problem() == null) {
          // Against the last valid read: a token revoked in an edit that left the file unusable for a while is
          // noticed once the file is valid again.
          Set<String> removed = new HashSet<>();
          lastValid.forEach(entry -> removed.add(entry.id()));
          loaded.entries().forEach(entry -> removed.remove(entry.id()));
          lastValid = loaded.entries();
          if (!removed.isEmpty()) {
            removalListeners.forEach(listener -> listener.accept(Set.copyOf(removed)));
          }
        }
      }
      return snapshot;
    }
  }

  private static Snapshot load(Path file, Version version, Snapshot before) {
    try {
      if (version == Version.MISSING) {
        // Read again to say why (missing, unreadable); TokenFile names the file and the fix.
        version(file);
      }
      List<TokenEntry> entries = List.copyOf(TokenFile.read(file));
      if (before.problem() != null) {
        LOG.info("The tokens file {} is valid again: accepting its {}", file, count(entries.size()));
      } else {
        LOG.info("Re-read the tokens file {}: {}", file, count(entries.size()));
      }
      return new Snapshot(entries, version, null);
    } catch (IOException | RuntimeException e) {
      String problem = e instanceof IOException
          ? "Cannot read the tokens file " + file + " (" + e + "); restore it, or make one with ./feedback360 token "
              + "--tokens " + file + " --scope all"
          : e.getMessage();
      // Fail closed: whatever the file held before may include a token its owner has just revoked.
      LOG.error("Refusing every token until the tokens file is valid again (was {}): {}",
          count(before.entries().size()), problem, e);
      return new Snapshot(List.of(), version, problem);
    }
  }

  /** {@code 1 token}, {@code 2 tokens}: for the log lines. */
  static String count(int tokens) {
    return tokens + (tokens == 1 ? " token" : " tokens");
  }

  private static Version version(Path file) throws IOException {
    if (file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
      PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
      return new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(),
          Set.copyOf(attributes.permissions()));
    }
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return new Version(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(), null);
  }
}
