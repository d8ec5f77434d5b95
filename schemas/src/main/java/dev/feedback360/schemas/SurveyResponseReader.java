package dev.feedback360.schemas;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Channel;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.SurveyResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.AvroTypeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.util.Utf8;

/**
 * Reads a response body written with the current {@code SurveyResponse} schema, field by field in schema order,
 * through the same decoder primitives (and so the same limits) Avro's own reader uses. Every response of the input
 * topic passes here, live and in replays: Avro's reader walks a tree of field setters per record, which was a
 * quarter of the fast replay's reading thread (docs/benchmarks.md, tenth round). Bodies of earlier schema versions
 * still go through Avro's resolving reader.
 *
 * <p>The strings that repeat from one response to the next (a response's cycle, team and instrument, its answers'
 * item ids) are kept from the previous response when their bytes are the same, so an equal string is one shared
 * instance instead of a new one per response. One instance per thread: {@link AvroSerde} keeps one per codec.
 *
 * <p>{@code AvroSerdeTest} checks that it gives what Avro's reader gives on random values of the schema, and that
 * it refuses what Avro's reader refuses.
 */
final class SurveyResponseReader implements AvroSerde.BodyReader<SurveyResponse> {

  private static final RaterGroup[] RATER_GROUPS = RaterGroup.values();
  private static final Axis[] AXES = Axis.values();
  private static final Pole[] POLES = Pole.values();
  private static final Channel[] CHANNELS = Channel.values();

  private final Utf8 scratch = new Utf8();
  private final RepeatedString cycleId = new RepeatedString();
  private final RepeatedString teamId = new RepeatedString();
  private final RepeatedString instrumentId = new RepeatedString();
  /** The item id of the answer at each position of the previous response. */
  private RepeatedString[] itemIds = new RepeatedString[0];

  @Override
  public SurveyResponse read(BinaryDecoder in) throws IOException {
    String responseId = in.readString();
    String cycle = cycleId.read(in, scratch);
    String team = teamId.read(in, scratch);
    String subjectId = in.readString();
    String raterId = in.readString();
    RaterGroup raterGroup = symbol(RATER_GROUPS, in.readEnum(), "raterGroup");
    Instant submittedAt = Instant.ofEpochMilli(in.readLong());
    String instrument = instrumentId.read(in, scratch);
    int instrumentVersion = in.readInt();
    List<Answer> answers = answers(in);
    Channel channel = switch (in.readIndex()) {
      case 0 -> null;
      case 1 -> symbol(CHANNELS, in.readEnum(), "channel");
      default -> throw new AvroTypeException("Union index out of range in field channel (null or Channel)");
    };
    return new SurveyResponse(responseId, cycle, team, subjectId, raterId, raterGroup, submittedAt, instrument,
        instrumentVersion, answers, channel);
  }

  private List<Answer> answers(BinaryDecoder in) throws IOException {
    long block = in.readArrayStart();
    List<Answer> answers = new ArrayList<>((int) Math.min(block, 64));
    while (block > 0) {
      for (long i = 0; i < block; i++) {
        String itemId = itemId(answers.size()).read(in, scratch);
        Axis axis = symbol(AXES, in.readEnum(), "answers.axis");
        Pole pole = symbol(POLES, in.readEnum(), "answers.pole");
        Integer score = switch (in.readIndex()) {
          case 0 -> null;
          case 1 -> in.readInt();
          default -> throw new AvroTypeException("Union index out of range in field answers.score (null or int)");
        };
        answers.add(new Answer(itemId, axis, pole, score));
      }
      block = in.arrayNext();
    }
    return answers;
  }

  private RepeatedString itemId(int position) {
    if (position >= itemIds.length) {
      int length = itemIds.length;
      itemIds = Arrays.copyOf(itemIds, Math.max(16, position * 2));
      for (int i = length; i < itemIds.length; i++) {
        itemIds[i] = new RepeatedString();
      }
    }
    return itemIds[position];
  }

  private static <E> E symbol(E[] symbols, int index, String field) {
    if (index < 0 || index >= symbols.length) {
      throw new AvroTypeException("Enum index " + index + " out of range in field " + field + " (" + symbols.length
          + " symbols)");
    }
    return symbols[index];
  }

  /** One field's string as last read, with its UTF-8 bytes: the same bytes again give the same instance. */
  private static final class RepeatedString {
    private byte[] bytes = new byte[0];
    private String value;

    String read(BinaryDecoder in, Utf8 scratch) throws IOException {
      Utf8 read = in.readString(scratch);
      int length = read.getByteLength();
      if (value == null || !Arrays.equals(bytes, 0, bytes.length, read.getBytes(), 0, length)) {
        bytes = Arrays.copyOf(read.getBytes(), length);
        value = read.toString();
      }
      return value;
    }
  }
}
