package dev.feedback360.producer.ingest;

/**
 * A row that was not sent.
 *
 * @param line first line of the row in the input file (1-based)
 * @param reason why, in plain words, without field values
 */
public record Rejection(long line, String reason) {}
