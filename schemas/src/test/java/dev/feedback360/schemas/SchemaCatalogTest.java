package dev.feedback360.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The build fails when a public schema changes without a release, or a release cannot read what came before. */
class SchemaCatalogTest {

  static Stream<Schema> currentSchemas() {
    return Stream.of(ResponseKey.getClassSchema(), SurveyResponse.getClassSchema(), TeamKey.getClassSchema(),
        TeamScores.getClassSchema(), Nomination.getClassSchema());
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void shouldReleaseTheCurrentSchemaAsTheNewestVersion(Schema current) {
    List<Schema> released = SchemaCatalog.get().releasedVersions(current.getFullName());

    assertThat(released).as("released versions of " + current.getName()).isNotEmpty();
    assertThat(SchemaCatalog.fingerprint(released.get(released.size() - 1)))
        .as(current.getName() + " changed: add it as a new released version under "
            + "schemas/src/main/resources/dev/feedback360/schemas/released/ and bump RELEASED_VERSIONS")
        .isEqualTo(SchemaCatalog.fingerprint(current));
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void shouldReadEveryEarlierReleaseWithEachRelease(Schema current) {
    List<Schema> released = SchemaCatalog.get().releasedVersions(current.getFullName());

    for (int reader = 0; reader < released.size(); reader++) {
      for (int writer = 0; writer <= reader; writer++) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(released.get(reader), released.get(writer));
        assertThat(result.getType())
            .as("%s v%d reading v%d: %s", current.getName(), reader + 1, writer + 1, result.getDescription())
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }
}
