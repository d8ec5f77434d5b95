package dev.feedback360.streams.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * How every JSON and CSV output of the project writes a double: as the shortest decimal that reads back as the same
 * double (Jackson's fast writer, the Schubfach algorithm; what {@code Double.toString} writes from Java 19 on), so a
 * number's text is the same in every output and on every Java version. Java 17's {@code Double.toString}, which
 * Jackson's default writer calls, writes a digit more than needed for some doubles ({@code 1.0E23} as {@code
 * 9.999999999999999E22}); none of the score-like values measured (docs/benchmarks.md, sixty-fifth stop), and the
 * value read back is the same double either way. Non-finite doubles are not JSON numbers; callers quote them.
 */
public final class JsonNumbers {

  private JsonNumbers() {}

  /** The text of a finite double. */
  public static String text(double value) {
    return NumberOutput.toString(value, true);
  }

  /** A mapper whose generators write doubles as {@link #text} does. */
  public static ObjectMapper mapper() {
    return JsonMapper.builder(JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
        .build();
  }
}
