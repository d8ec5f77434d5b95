package dev.feedback360.bench;

import java.io.PrintWriter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per phase of a run, on the given writer (stderr in the command) and in the debug log. */
final class Progress {

  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final PrintWriter out;

  Progress(PrintWriter out) {
    this.out = out;
  }

  void say(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    LOG.debug(line);
    out.println(line);
    out.flush();
  }
}
