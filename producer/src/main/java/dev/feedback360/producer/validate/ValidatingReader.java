package dev.feedback360.producer.validate;

import dev.feedback360.producer.parse.ParsedRow;
import dev.feedback360.producer.parse.ResponseReader;
import java.io.Closeable;
import java.io.IOException;

/** Reads an export row by row and validates each row; the import loop and dry runs both use it. */
public final class ValidatingReader implements Closeable {

  private final ResponseReader reader;
  private final ResponseValidator validator;

  public ValidatingReader(ResponseReader reader, ResponseValidator validator) {
    this.reader = reader;
    this.validator = validator;
  }

  /**
   * The next row, accepted or rejected.
   *
   * @return null at the end of the input
   */
  public ValidatedRow next() throws IOException {
    ParsedRow parsed = reader.next();
    if (parsed == null) {
      return null;
    }
    if (parsed instanceof ParsedRow.Unreadable unreadable) {
      return new ValidatedRow.Rejected(unreadable.line(), unreadable.reason(), unreadable.sourceText());
    }
    ParsedRow.Row row = (ParsedRow.Row) parsed;
    Validation validation = validator.validate(row.row());
    if (validation instanceof Validation.Valid valid) {
      return new ValidatedRow.Accepted(row.line(), valid.key(), valid.value());
    }
    return new ValidatedRow.Rejected(row.line(), ((Validation.Invalid) validation).reason(), row.sourceText());
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
