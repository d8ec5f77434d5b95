package dev.feedback360.producer.testing;

import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.InputRejectedException;
import dev.feedback360.producer.parse.ResponseReaders;
import dev.feedback360.producer.validate.ResponseValidator;
import dev.feedback360.producer.validate.ValidatedRow;
import dev.feedback360.producer.validate.ValidatingReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs bytes through parsing and validation, as an import does, and collects what came out. */
public final class Outcomes {

  private Outcomes() {}

  public static List<ValidatedRow> of(byte[] content, InputFormat format, ResponseValidator validator)
      throws IOException, InputRejectedException {
    List<ValidatedRow> rows = new ArrayList<>();
    try (ValidatingReader reader = new ValidatingReader(ResponseReaders.open(new ByteArrayInputStream(content),
        format, validator.instrument(), "test-input"), validator)) {
      ValidatedRow row;
      while ((row = reader.next()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }
}
