package dev.feedback360.producer.parse;

import java.io.Closeable;
import java.io.IOException;

/** Streams the rows of one export file; not thread-safe. Open one with {@link ResponseReaders#open}. */
public interface ResponseReader extends Closeable {

  /**
   * The next row or unreadable part, skipping blank lines.
   *
   * @return null at the end of the input
   * @throws IOException when the file cannot be read any further
   */
  ParsedRow next() throws IOException;
}
