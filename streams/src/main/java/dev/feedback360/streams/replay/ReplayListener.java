package dev.feedback360.streams.replay;

/** Hears how a replay goes; the command-line tool prints it on stderr. Called on the replaying thread. */
public interface ReplayListener {

  /** The replay's app is about to start over {@code inputOffsets} offsets of the input. */
  void started(String applicationId, long inputOffsets);

  /** Progress, about every {@link Replay#PROGRESS_INTERVAL}. */
  void progress(ReplayProgress progress);

  /** A listener that hears nothing. */
  static ReplayListener silent() {
    return new ReplayListener() {
      @Override
      public void started(String applicationId, long inputOffsets) {}

      @Override
      public void progress(ReplayProgress progress) {}
    };
  }
}
