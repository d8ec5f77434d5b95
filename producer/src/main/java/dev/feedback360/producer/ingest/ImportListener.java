package dev.feedback360.producer.ingest;

/**
 * Told about the progress of an import, every 10,000 rows read or every 2 seconds, whichever comes first. Called on
 * the importing thread; keep it quick.
 */
@FunctionalInterface
public interface ImportListener {

  /** A listener that ignores progress. */
  ImportListener NONE = progress -> {};

  void onProgress(ImportProgress progress);
}
