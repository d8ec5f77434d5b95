package dev.feedback360.bench.jmh;

import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.bench.BenchData;
import dev.feedback360.schemas.AvroSerdes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Inputs shared by the microbenchmarks: the responses of one large team, as the drain benchmark makes them. */
final class BenchFixtures {

  /** Live responses of a team-cycle in the default 1,000,000-response run. */
  static final int TEAM_RESPONSES = 150;

  private BenchFixtures() {}

  static List<SurveyResponse> teamResponses(int count) {
    BenchData data = new BenchData(2, 1, 1000, 0.1, 0.01);
    List<SurveyResponse> responses = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      BenchData.Record record = data.latencyResponse(0, i, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), 1);
      responses.add(AvroSerdes.surveyResponse().decode(record.value()));
    }
    return responses;
  }
}
