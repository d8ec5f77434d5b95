package dev.feedback360.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every released version of each public record schema, kept as resources under
 * {@code dev/feedback360/schemas/released/<Record>/v<N>.avsc}. Readers resolve data written with any of them;
 * a build-time test checks that the current schema equals the newest released one and that every version reads
 * the ones before it.
 */
public final class SchemaCatalog {

  /** Public records and how many versions of each have been released. */
  public static final Map<String, Integer> RELEASED_VERSIONS =
      Map.of("ResponseKey", 1, "SurveyResponse", 2, "TeamKey", 1, "TeamScores", 2, "Nomination", 1);

  /**
   * Internal records (state stores, the repartition topic) whose earlier layouts a restore must still read, and how
   * many earlier layouts each had: kept under {@code internal-previous/<Record>/v<N>.avsc}. Not public contracts;
   * only so that an upgraded app resolves its own older state instead of asking for a reset.
   */
  public static final Map<String, Integer> PREVIOUS_INTERNAL_VERSIONS =
      Map.of("ResponseState", 5, "ResponseChange", 2, "RaterTally", 1, "TeamAggregateState", 4);

  private static final String NAMESPACE = "dev.feedback360.avro.";
  private static final String INTERNAL_NAMESPACE = NAMESPACE + "internal.";
  private static final SchemaCatalog INSTANCE = new SchemaCatalog();

  private final Map<String, List<Schema>> released;
  private final Map<String, List<Schema>> previousInternal;
  private final Map<Long, ReleasedVersion> releasedByFingerprint;

  private SchemaCatalog() {
    released = Map.copyOf(
        RELEASED_VERSIONS.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(e -> NAMESPACE + e.getKey(), e -> load(e.getKey(), e.getValue()))));
    previousInternal = Map.copyOf(
        PREVIOUS_INTERNAL_VERSIONS.entrySet().stream()
            .collect(java.util.stream.Collectors.toMap(e -> INTERNAL_NAMESPACE + e.getKey(),
                e -> load("internal-previous/", e.getKey(), e.getValue()))));
    Map<Long, ReleasedVersion> byFingerprint = new HashMap<>();
    RELEASED_VERSIONS.keySet().forEach(record -> {
      List<Schema> versions = released.get(NAMESPACE + record);
      for (int v = 0; v < versions.size(); v++) {
        byFingerprint.put(fingerprint(versions.get(v)), new ReleasedVersion(record, v + 1));
      }
    });
    releasedByFingerprint = Map.copyOf(byFingerprint);
  }

  /**
   * A released version of a public record: {@code ResponseKey v1}.
   *
   * @param record the simple name of the record
   * @param version its version, from 1
   */
  public record ReleasedVersion(String record, int version) {
    @Override
    public String toString() {
      return record + " v" + version;
    }
  }

  /** The released version of a public record whose schema has this fingerprint, if any. */
  public Optional<ReleasedVersion> releasedVersion(long fingerprint) {
    return Optional.ofNullable(releasedByFingerprint.get(fingerprint));
  }

  /** The catalog of this build. */
  public static SchemaCatalog get() {
    return INSTANCE;
  }

  /** Released versions of a record, oldest first; empty for internal records. */
  public List<Schema> releasedVersions(String fullName) {
    return released.getOrDefault(fullName, List.of());
  }

  /** Earlier layouts of an internal record that restores still read, oldest first; empty for public records. */
  public List<Schema> previousInternalVersions(String fullName) {
    return previousInternal.getOrDefault(fullName, List.of());
  }

  /** CRC-64-AVRO fingerprint of a schema, as written in single-object headers. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static List<Schema> load(String record, int versions) {
    return load("released/", record, versions);
  }

  private static List<Schema> load(String folder, String record, int versions) {
    List<Schema> schemas = new ArrayList<>(versions);
    for (int v = 1; v <= versions; v++) {
      String resource = folder + record + "/v" + v + ".avsc";
      try (InputStream in = SchemaCatalog.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("Released schema resource " + resource + " is missing from the build");
        }
        Schema.Parser parser = new Schema.Parser();
        if (!folder.startsWith("released")) {
          // Internal layouts refer to public records by name; they were written next to today's versions of them.
          parser.addTypes(List.of(dev.feedback360.avro.SurveyResponse.getClassSchema(),
              dev.feedback360.avro.RaterGroup.getClassSchema()));
        }
        schemas.add(parser.parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read released schema " + resource, e);
      }
    }
    return List.copyOf(schemas);
  }
}
