package dev.feedback360.producer.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Channel;
import dev.feedback360.avro.Pole;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.producer.pseudonym.RaterKeyException;
import dev.feedback360.producer.pseudonym.RaterPseudonymiser;
import dev.feedback360.schemas.AvroSerde;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.schemas.SchemaCatalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.avro.Schema;
import org.apache.kafka.common.utils.Utils;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the worked example of docs/wire-format.md true: every {@code example:NAME} block there must equal what this
 * build's pseudonymiser, serdes and schema catalog produce for the example's inputs. When one differs, the failure
 * shows the block as the code writes it; paste that into the document.
 */
class WireFormatDocumentTest {

  private static final Path DOCUMENT = Path.of("docs", "wire-format.md");
  private static final Pattern BLOCK = Pattern.compile("(?m)^```\\w* example:([\\w-]+)\\n(.*?)^```$", Pattern.DOTALL);
  private static final HexFormat HEX = HexFormat.of();
  /** The partition count of the example (the default of {@code --partitions}). */
  private static final int PARTITIONS = 4;

  /** Created first: building the serdes is what lets Avro use the generated classes (AvroSerdes). */
  private static final AvroSerde<ResponseKey> KEYS = AvroSerdes.responseKey();
  private static final AvroSerde<SurveyResponse> VALUES = AvroSerdes.surveyResponse();

  private static Map<String, String> blocks;

  @TempDir
  Path dir;

  @BeforeAll
  static void readDocument() throws IOException {
    Path document = findUpwards(DOCUMENT);
    blocks = new LinkedHashMap<>();
    Matcher matcher = BLOCK.matcher(Files.readString(document, StandardCharsets.UTF_8));
    while (matcher.find()) {
      blocks.put(matcher.group(1), matcher.group(2));
    }
  }

  @Test
  void shouldListTheFingerprintOfEveryReleasedSchemaInBothByteOrders() {
    SoftAssertions softly = new SoftAssertions();
    StringBuilder expected = new StringBuilder();
    new TreeMap<>(SchemaCatalog.RELEASED_VERSIONS).forEach((record, versions) -> {
      List<Schema> released = SchemaCatalog.get().releasedVersions("dev.feedback360.avro." + record);
      for (int v = 1; v <= versions; v++) {
        long fingerprint = SchemaCatalog.fingerprint(released.get(v - 1));
        byte[] wire = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array();
        expected.append(String.format("%-14s v%d  %016x  %s%n", record, v, fingerprint, spaced(wire)));
      }
    });

    assertBlock(softly, "fingerprints", expected.toString());
    softly.assertAll();
  }

  @Test
  void shouldPseudonymiseTheExampleRatersAsDocumented() throws IOException {
    SoftAssertions softly = new SoftAssertions();
    RaterPseudonymiser pseudonyms = fromDocumentedKeyFile();

    assertBlock(softly, "pseudonym-P1", pseudonyms.pseudonymise("P1", "S1") + "\n");
    assertBlock(softly, "pseudonym-S1-self", pseudonyms.pseudonymise("S1", "S1") + "\n");
    assertBlock(softly, "pseudonym-S1-not-self", pseudonyms.pseudonymise("S1", "S2") + "\n");
    softly.assertAll();
  }

  @Test
  void shouldEncodeTheExampleResponseCorrectionAndWithdrawalAsDocumented() throws IOException {
    SoftAssertions softly = new SoftAssertions();
    RaterPseudonymiser pseudonyms = fromDocumentedKeyFile();
    ResponseKey key = new ResponseKey("2026-H2", "S1", pseudonyms.pseudonymise("P1", "S1"));
    SurveyResponse response = new SurveyResponse("r-01", "2026-H2", "T1", "S1", key.getRaterId(), RaterGroup.PEER,
        Instant.parse("2026-10-01T09:00:01Z"), "leadership-vs-management", 1,
        List.of(new Answer("CHANGE_L1", Axis.CHANGE, Pole.LEADER, 5),
            new Answer("CHANGE_M1", Axis.CHANGE, Pole.MANAGER, 2),
            new Answer("FOCUS_L1", Axis.FOCUS, Pole.LEADER, null)),
        Channel.WEB);
    SurveyResponse correction = SurveyResponse.newBuilder(response).setResponseId("r-01b")
        .setSubmittedAt(Instant.parse("2026-10-02T08:30:00Z"))
        .setAnswers(List.of(new Answer("CHANGE_L1", Axis.CHANGE, Pole.LEADER, 4),
            new Answer("CHANGE_M1", Axis.CHANGE, Pole.MANAGER, 2),
            new Answer("FOCUS_L1", Axis.FOCUS, Pole.LEADER, 3)))
        .setChannel(null).build();

    byte[] keyBytes = KEYS.encode(key);
    assertBlock(softly, "response-key", hexLines(keyBytes));
    assertBlock(softly, "response-value", hexLines(VALUES.encode(response)));
    assertBlock(softly, "correction-value", hexLines(VALUES.encode(correction)));
    assertBlock(softly, "record-timestamps", "response   " + response.getSubmittedAt().toEpochMilli() + "\n"
        + "correction " + correction.getSubmittedAt().toEpochMilli() + "\n");
    CRC32 crc32 = new CRC32();
    crc32.update(keyBytes);
    assertBlock(softly, "partitions", "murmur2 (Kafka's default, librdkafka's murmur2_random)  "
        + Utils.toPositive(Utils.murmur2(keyBytes)) % PARTITIONS + "\n"
        + "CRC32 (librdkafka's default, consistent_random)         " + crc32.getValue() % PARTITIONS + "\n");
    softly.assertAll();
  }

  @Test
  void shouldUseTheKeyFileBytesAsTheyAreLessOneTrailingLineBreak() throws IOException {
    String text = "b7f3c1e09a5d4e2f";
    RaterPseudonymiser raw = RaterPseudonymiser.withKey(text.getBytes(StandardCharsets.UTF_8), "test");
    // hex text is not decoded: the key is the 16 bytes of the 16 characters
    assertThat(fromFile(text + "\n").pseudonymise("P1")).isEqualTo(raw.pseudonymise("P1"));
    assertThat(fromFile(text + "\r\n").pseudonymise("P1")).isEqualTo(raw.pseudonymise("P1"));
    assertThat(fromFile(text).pseudonymise("P1")).isEqualTo(raw.pseudonymise("P1"));
    // only one line break goes; spaces stay
    assertThat(fromFile(text + "\n\n").pseudonymise("P1"))
        .isEqualTo(RaterPseudonymiser.withKey((text + "\n").getBytes(StandardCharsets.UTF_8), "test")
            .pseudonymise("P1"));
    assertThat(fromFile(" " + text + "\n").pseudonymise("P1")).isNotEqualTo(raw.pseudonymise("P1"));
    // a file that is not UTF-8 is refused, not guessed at
    Path latin1 = Files.write(dir.resolve("latin1.key"), (text + "\u00e9").getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> RaterPseudonymiser.resolve(Optional.of(latin1), Map.of()))
        .isInstanceOf(RaterKeyException.class).hasMessageContaining("Cannot read the rater key file");
  }

  private RaterPseudonymiser fromDocumentedKeyFile() throws IOException {
    Path keyFile = Files.write(dir.resolve("rater.key"), HEX.parseHex(block("key-file").replaceAll("\\s", "")));
    return RaterPseudonymiser.resolve(Optional.of(keyFile), Map.of());
  }

  private RaterPseudonymiser fromFile(String content) throws IOException {
    Path keyFile = Files.writeString(dir.resolve("key-" + content.length() + ".key"), content);
    return RaterPseudonymiser.resolve(Optional.of(keyFile), Map.of());
  }

  private static void assertBlock(SoftAssertions softly, String name, String expected) {
    softly.assertThat(normalise(blocks.getOrDefault(name, "(missing)")))
        .as("block example:%s of %s; as this build writes it:%n```text example:%s%n%s```", name, DOCUMENT, name,
            expected)
        .isEqualTo(normalise(expected));
  }

  private static String block(String name) {
    assertThat(blocks).as("%s has no block example:%s (a fenced code block whose info string ends with it)",
        DOCUMENT, name).containsKey(name);
    return blocks.get(name);
  }

  /** Lines without trailing spaces, runs of spaces as one. */
  private static String normalise(String text) {
    return text.lines().map(line -> line.strip().replaceAll(" +", " ")).filter(line -> !line.isEmpty())
        .reduce("", (all, line) -> all + line + "\n");
  }

  /** Bytes as hex pairs, 16 to a line. */
  private static String hexLines(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (int start = 0; start < bytes.length; start += 16) {
      byte[] line = new byte[Math.min(16, bytes.length - start)];
      System.arraycopy(bytes, start, line, 0, line.length);
      out.append(spaced(line)).append('\n');
    }
    return out.toString();
  }

  private static String spaced(byte[] bytes) {
    List<String> pairs = new ArrayList<>();
    for (byte b : bytes) {
      pairs.add(HEX.toHexDigits(b));
    }
    return String.join(" ", pairs);
  }

  private static Path findUpwards(Path relative) {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve(relative))) {
        return at.resolve(relative);
      }
    }
    throw new IllegalStateException("Cannot find " + relative + " in " + Path.of("").toAbsolutePath()
        + " or any folder above it; run the test from inside the feedback360 repository");
  }
}
