package dev.feedback360.streams.export;

/** File formats of exports. */
public enum ExportFormat {
  /** Comma-separated values with a header row, RFC 4180 quoting, UTF-8, LF line ends. */
  csv,
  /** One JSON object per line, UTF-8. */
  jsonl
}
