package dev.feedback360.bench.jmh;

import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Avro single-object encode and decode of one survey response (about 330 bytes). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AvroBenchmarks {

  private AvroSerde<SurveyResponse> serde;
  private SurveyResponse response;
  private byte[] bytes;

  /** Builds one response and its bytes. */
  @Setup
  public void setUp() {
    serde = AvroSerdes.surveyResponse();
    response = BenchFixtures.teamResponses(1).get(0);
    bytes = serde.encode(response);
  }

  /** Encodes a response. */
  @Benchmark
  public byte[] encodeResponse() {
    return serde.encode(response);
  }

  /** Decodes a response. */
  @Benchmark
  public SurveyResponse decodeResponse() {
    return serde.decode(bytes);
  }
}
