package dev.feedback360.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  private static final String NAMESPACE = "dev.feedback360.avro.";
  private static final SchemaCatalog INSTANCE = new SchemaCatalog();

  private final Map<String, List<Schema>> released;

  private SchemaCatalog() {
    released = Map.copyOf(
        RELEASED_VERSIONS.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(e -> NAMESPACE + e.getKey(), e -> load(e.getKey(), e.getValue()))));
  }

  /** The catalog of this build. */
  public static SchemaCatalog get() {
    return INSTANCE;
  }

  /** Released versions of a record, oldest first; empty for internal records. */
  public List<Schema> releasedVersions(String fullName) {
    return released.getOrDefault(fullName, List.of());
  }

  /** CRC-64-AVRO fingerprint of a schema, as written in single-object headers. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  private static List<Schema> load(String record, int versions) {
    List<Schema> schemas = new ArrayList<>(versions);
    for (int v = 1; v <= versions; v++) {
      String resource = "released/" + record + "/v" + v + ".avsc";
      try (InputStream in = SchemaCatalog.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("Released schema resource " + resource + " is missing from the build");
        }
        schemas.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read released schema " + resource, e);
      }
    }
    return List.copyOf(schemas);
  }
}
