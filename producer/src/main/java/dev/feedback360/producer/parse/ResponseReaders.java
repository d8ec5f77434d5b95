package dev.feedback360.producer.parse;

import dev.feedback360.producer.instrument.Instrument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Opens a {@link ResponseReader} for an export file. */
public final class ResponseReaders {

  private ResponseReaders() {}

  /**
   * Opens the file and, for CSV, reads and checks the header.
   *
   * @param instrument the instrument whose item ids are valid CSV columns
   * @throws InputRejectedException when the file cannot be opened, is empty, or its CSV header is unusable;
   *     nothing of such a file may be imported
   * @throws IOException when reading the header fails
   */
  public static ResponseReader open(Path file, InputFormat format, Instrument instrument)
      throws IOException, InputRejectedException {
    return InputFiles.open(file, "Input file", in -> open(in, format, instrument, file.toString()));
  }

  /**
   * Reads from a stream; {@code source} names it in messages. The reader closes the stream.
   *
   * @throws InputRejectedException when the input is empty or its CSV header is unusable
   */
  public static ResponseReader open(InputStream in, InputFormat format, Instrument instrument, String source)
      throws IOException, InputRejectedException {
    PhysicalLineReader lines = new PhysicalLineReader(in);
    return switch (format) {
      case CSV -> CsvResponseReader.open(new CsvRecordReader(lines), instrument, source);
      case JSON_LINES -> JsonLinesResponseReader.open(lines, source);
    };
  }
}
