package dev.feedback360.dashboard.live;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A JSON value of the app's JSON topics held deflated, for a {@link JsonTopicView} that keeps every team of every cycle
 * in the heap: against a preset dictionary of the two contracts' field names and usual values (docs/wire-format.md), a
 * scores value of about 1,040 bytes deflates to about 280, its numbers' digits most of that. Lossless: {@link #text}
 * gives back the value exactly (the text is held as UTF-8, which a value decoded from Kafka's bytes always is).
 */
final class PackedJson {

  /**
   * What the values repeat: {@code team-scores-json}'s and {@code team-participation-json}'s fields in their order.
   * A value unlike it deflates less well, never wrongly.
   */
  private static final byte[] DICTIONARY = ("{\"cycleId\":\"\",\"teamId\":\"\",\"roster\":\"open\",\"minRaters\":3,"
      + "\"groups\":{\"SELF\":{\"invited\":1,\"responded\":1,\"rate\":1.0,\"counted\":1,\"atRisk\":false},"
      + "\"MANAGER\":{\"invited\":1,\"responded\":1,\"rate\":1.0,\"counted\":1,\"atRisk\":false},"
      + "\"PEER\":{\"invited\":4,\"responded\":3,\"rate\":0.75,\"counted\":3,\"atRisk\":true},"
      + "\"DIRECT_REPORT\":{\"invited\":,\"responded\":,\"rate\":0.,\"counted\":,\"atRisk\":false},"
      + "\"OTHER\":{\"invited\":,\"responded\":,\"rate\":0.,\"counted\":,\"atRisk\":false}},"
      + "\"invited\":,\"responded\":,\"rate\":0.,\"unnominated\":0,\"updatedAt\":\"\"}"
      + "{\"cycleId\":\"\",\"teamId\":\"\",\"status\":\"PUBLISHED\",\"minRaters\":3,\"minChange\":3,"
      + "\"raters\":{\"SELF\":1,\"MANAGER\":1,\"PEER\":4,\"DIRECT_REPORT\":,\"OTHER\":},\"pendingRaters\":,"
      + "\"axes\":{\"CHANGE\":{\"leader\":{\"mean\":,\"sd\":,\"n\":,\"raters\":},"
      + "\"manager\":{\"mean\":,\"sd\":,\"n\":,\"raters\":},\"balance\":,\"selfBalance\":null,\"gap\":null},"
      + "\"FOCUS\":{\"leader\":{\"mean\":,\"sd\":,\"n\":,\"raters\":},"
      + "\"manager\":{\"mean\":,\"sd\":,\"n\":,\"raters\":},\"balance\":,\"selfBalance\":,\"gap\":},"
      + "\"HORIZON\":{\"leader\":{\"mean\":,\"sd\":,\"n\":,\"raters\":},"
      + "\"manager\":{\"mean\":,\"sd\":,\"n\":,\"raters\":},\"balance\":,\"selfBalance\":null,\"gap\":null}},"
      + "\"overall\":{\"leaderMean\":,\"managerMean\":,\"balance\":,\"style\":\"BALANCED\"},\"updatedAt\":\"\"}")
      .getBytes(StandardCharsets.US_ASCII);

  private PackedJson() {}

  /**
   * Packs values one after another with one deflater (zlib's own state is a few hundred kilobytes to set up): for one
   * thread at a time.
   */
  static final class Packer {
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    private final byte[] buffer = new byte[2048];

    /** The value deflated (zlib's format: its checksum tells a damaged value from the text). */
    byte[] pack(String json) {
      byte[] text = json.getBytes(StandardCharsets.UTF_8);
      deflater.reset();
      deflater.setDictionary(DICTIONARY);
      deflater.setInput(text);
      deflater.finish();
      ByteArrayOutputStream packed = new ByteArrayOutputStream(text.length / 3 + 16);
      while (!deflater.finished()) {
        packed.write(buffer, 0, deflater.deflate(buffer));
      }
      return packed.toByteArray();
    }
  }

  /** The value {@link Packer#pack} was given. */
  static String text(byte[] packed) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(packed);
      ByteArrayOutputStream text = new ByteArrayOutputStream(packed.length * 4);
      byte[] buffer = new byte[Math.max(256, packed.length * 4)];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && inflater.needsDictionary()) {
          inflater.setDictionary(DICTIONARY);
        } else if (n == 0 && !inflater.finished() && inflater.needsInput()) {
          throw new IllegalStateException("A packed JSON value of " + packed.length + " bytes ends before its end");
        }
        text.write(buffer, 0, n);
      }
      return text.toString(StandardCharsets.UTF_8);
    } catch (DataFormatException e) {
      throw new IllegalStateException("A packed JSON value of " + packed.length + " bytes does not inflate", e);
    } finally {
      inflater.end();
    }
  }
}
