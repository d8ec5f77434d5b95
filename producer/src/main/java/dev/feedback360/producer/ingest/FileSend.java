package dev.feedback360.producer.ingest;

import dev.feedback360.producer.parse.InputRejectedException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the rows of one file (an import, withdrawals, nominations): opens it (a refused file sends nothing and
 * leaves the rejects file alone), ensures the topic, sends each good row asynchronously until the input ends or a
 * send fails, writes each rejected row to the rejects file, waits for every acknowledgement and counts. The outcome
 * and exit codes are those of {@link ImportSummary}. Logs carry counts, line numbers and reasons only.
 */
final class FileSend {

  private static final Logger LOG = LoggerFactory.getLogger(FileSend.class);

  /** What one row of the file becomes: a record to send, or a rejection. */
  sealed interface Step {

    /** A record to send, keyed and partitioned by the producer's default partitioner. */
    record Send(ProducerRecord<byte[], byte[]> record) implements Step {}

    /**
     * A rejected row.
     *
     * @param reason why, without field values
     * @param sourceText the row as read, or null where it must not be copied to the rejects file
     */
    record Reject(long line, String reason, String sourceText) implements Step {}
  }

  /** The steps of one file, in file order. */
  interface Steps extends Closeable {

    /** The step of the next row, or null at the end of the input. */
    Step next() throws IOException;
  }

  /** Makes the step of the next row read. */
  @FunctionalInterface
  interface NextStep {
    Step next() throws IOException;
  }

  /** Opens the file as steps; refuses a file nothing of which may be sent. */
  @FunctionalInterface
  interface Opener {
    Steps open() throws IOException, InputRejectedException;
  }

  private FileSend() {}

  /** The steps {@code next} makes of the rows of {@code reader}; closing them closes the reader. */
  static Steps steps(Closeable reader, NextStep next) {
    return new Steps() {
      @Override
      public Step next() throws IOException {
        return next.next();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }

  /**
   * Sends one file.
   *
   * @param what what is sent, for the log: "Import", "Withdrawals", "Nominations"...
   * @param ensureTopic run once the file is open, before the first send; throws {@link SendFailedException} when
   *     the topic cannot be made ready
   * @throws IOException when the input cannot be read part-way or the rejects file cannot be written
   */
  static ImportSummary send(String what, Opener opener, Path rejectsFile, ImportListener listener,
      Producer<byte[], byte[]> producer, Runnable ensureTopic) throws IOException {
    ProgressReporter progress = new ProgressReporter(listener, System::nanoTime);
    Steps steps;
    try {
      steps = opener.open();
    } catch (InputRejectedException e) {
      LOG.warn("{}: file refused: {}", what, e.getMessage());
      return ImportSummary.refused(e.getMessage(), progress.elapsed());
    }
    try (steps; RejectsFile rejects = RejectsFile.create(rejectsFile)) {
      ensureTopic.run();
      SendTally tally = new SendTally();
      Step step;
      while (!tally.failing() && (step = steps.next()) != null) {
        tally.rowRead();
        if (step instanceof Step.Send send) {
          send(producer, send.record(), tally);
        } else {
          Step.Reject reject = (Step.Reject) step;
          tally.reject(reject.line(), reject.reason(), reject.sourceText(), rejects);
        }
        tally.report(progress);
      }
      producer.flush();
      tally.logFailure(what);
      rejects.commit();
      ImportSummary summary = tally.summary(progress.elapsed());
      LOG.info("{} finished: {} rows read, {} sent, {} rejected, {} failed in {} ms (exit code {})", what,
          summary.read(), summary.sent(), summary.rejected(), summary.failed(), summary.elapsed().toMillis(),
          summary.exitCode());
      return summary;
    } catch (SendFailedException e) {
      LOG.error("{} not started: {}", what, e.getMessage());
      return ImportSummary.notSent(e.getMessage(), AccessDenied.of(e), progress.elapsed());
    }
  }

  private static void send(Producer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record,
      SendTally tally) {
    try {
      producer.send(record, tally.callback());
    } catch (KafkaException e) {
      tally.acknowledged(e);
    }
  }
}
