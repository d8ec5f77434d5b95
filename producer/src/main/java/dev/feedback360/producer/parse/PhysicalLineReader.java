package dev.feedback360.producer.parse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into physical lines (LF or CRLF), decoding each strictly as UTF-8. A UTF-8 byte order mark
 * at the start of the file is dropped. A line that is not valid UTF-8 or longer than {@value #MAX_LINE_BYTES} bytes
 * comes back with a problem instead of text, and reading goes on with the next line.
 */
final class PhysicalLineReader implements Closeable {

  /** Longest accepted line in bytes, without its line break. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private static final int CHUNK = 64 * 1024;

  /**
   * One physical line.
   *
   * @param number 1-based line number
   * @param text the decoded line without its line break, or null when {@code problem} is set
   * @param problem why the line cannot be used, or null
   */
  record Line(long number, String text, String problem) {}

  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] chunk = new byte[CHUNK];
  private int position;
  private int limit;
  private byte[] line = new byte[256];
  private int length;
  private long number;

  PhysicalLineReader(InputStream in) {
    this.in = in;
  }

  /** The next line, or null at the end of the input. */
  Line next() throws IOException {
    length = 0;
    boolean tooLong = false;
    boolean sawAnything = false;
    while (true) {
      if (position == limit && !fill()) {
        if (!sawAnything) {
          return null;
        }
        break;
      }
      sawAnything = true;
      int newline = indexOfNewline();
      int end = newline < 0 ? limit : newline;
      tooLong |= !append(position, end);
      position = newline < 0 ? limit : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    number++;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    if (tooLong || length > MAX_LINE_BYTES) {
      return new Line(number, null, "line is longer than " + MAX_LINE_BYTES + " bytes");
    }
    return decode();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private boolean fill() throws IOException {
    int read = in.read(chunk, 0, CHUNK);
    position = 0;
    limit = Math.max(read, 0);
    return read > 0;
  }

  private int indexOfNewline() {
    for (int i = position; i < limit; i++) {
      if (chunk[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Appends chunk[from, to) to the line unless that makes it too long (one byte of slack for a CR). */
  private boolean append(int from, int to) {
    int count = to - from;
    if (length + count > MAX_LINE_BYTES + 1) {
      return false;
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES + 1, Math.max(line.length * 2, length + count)));
    }
    System.arraycopy(chunk, from, line, length, count);
    length += count;
    return true;
  }

  private Line decode() {
    int start = number == 1 && startsWithByteOrderMark() ? 3 : 0;
    ByteBuffer bytes = ByteBuffer.wrap(line, start, length - start);
    CharBuffer chars = CharBuffer.allocate(length - start);
    decoder.reset();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      return new Line(number, null, "line is not valid UTF-8 (at byte " + (bytes.position() - start + 1)
          + "); save the export as UTF-8");
    }
    chars.flip();
    return new Line(number, chars.toString(), null);
  }

  private boolean startsWithByteOrderMark() {
    return length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF;
  }
}
