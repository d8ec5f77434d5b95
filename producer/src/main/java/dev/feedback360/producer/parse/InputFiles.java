package dev.feedback360.producer.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens an input file for one of the readers, refusing directories and files that cannot be opened. */
final class InputFiles {

  /** Makes a reader of the opened stream; the reader owns the stream from then on. */
  @FunctionalInterface
  interface ReaderFactory<R> {
    R open(InputStream in) throws IOException, InputRejectedException;
  }

  private InputFiles() {}

  /**
   * Opens {@code file} and hands the stream to {@code factory}; closes the stream when the factory fails.
   *
   * @param what how messages name the file, for example "Input file" or "Withdrawals file"
   * @throws InputRejectedException when the file is a directory or cannot be opened, or the factory refuses it
   */
  static <R> R open(Path file, String what, ReaderFactory<R> factory) throws IOException, InputRejectedException {
    if (Files.isDirectory(file)) {
      throw new InputRejectedException(what + " " + file + " is a directory");
    }
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new InputRejectedException(what + " " + file + " cannot be opened (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + ")", e);
    }
    try {
      return factory.open(in);
    } catch (IOException | InputRejectedException | RuntimeException e) {
      try {
        in.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }
}
