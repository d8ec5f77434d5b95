package dev.feedback360.streams.topology;

import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Where {@link ScoresFold} sends its team changes: applied on the caller's thread ({@link Direct}), or queued in
 * the order they come and applied on a thread of their own ({@link Queued}). Either way every team sees its
 * changes in the order the fold produced them, so both end with the same aggregates.
 */
sealed interface TeamChanges extends AutoCloseable {

  /**
   * One {@link TeamAggregate#change} of {@code team}.
   *
   * @param moved the cells on which the change is one side of a move to another team with the same scores
   */
  void apply(TeamAggregate team, ResponseContribution before, ResponseContribution after, int moved, Instant at);

  /**
   * Returns once every change is applied; afterwards no change is accepted.
   *
   * @throws RuntimeException the first exception a change threw, as thrown
   */
  void finish();

  /** Stops applying changes and releases the thread, if any. */
  @Override
  void close();

  /** Applies each change at once. */
  final class Direct implements TeamChanges {

    @Override
    public void apply(TeamAggregate team, ResponseContribution before, ResponseContribution after, int moved,
        Instant at) {
      team.change(before, after, null, moved, at);
    }

    @Override
    public void finish() {}

    @Override
    public void close() {}
  }

  /**
   * Hands the changes in batches, through one bounded queue, to a thread that applies them in order. After a
   * change throws, the thread applies nothing more (it drains the queue, so the fold never blocks on it) and the
   * fold's next hand-over, or {@link #finish}, throws that exception.
   */
  final class Queued implements TeamChanges {

    private static final int BATCHES_IN_FLIGHT = 8;
    private static final Batch END = new Batch(0);

    private final int size;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    private final Thread thread;
    private volatile Throwable failure;
    private Batch filling;
    private boolean finished;

    Queued(int size) {
      this.size = size;
      this.filling = new Batch(size);
      this.thread = new Thread(this::run, "fast-replay-teams");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void apply(TeamAggregate team, ResponseContribution before, ResponseContribution after, int moved,
        Instant at) {
      if (finished) {
        throw new IllegalStateException("The fold's team changes are finished; no change can be applied after");
      }
      filling.add(team, before, after, moved, at);
      if (filling.count == size) {
        handOver(filling);
        filling = new Batch(size);
      }
    }

    @Override
    public void finish() {
      if (!finished) {
        finished = true;
        if (failure == null) {
          put(filling);
        }
        put(END); // never blocks for good: after a failure the thread still drains the queue
        join();
      }
      rethrowFailure();
    }

    @Override
    public void close() {
      if (!finished) {
        finished = true;
        thread.interrupt();
        join();
      }
    }

    private void handOver(Batch batch) {
      rethrowFailure();
      put(batch);
    }

    private void put(Batch batch) {
      try {
        queue.put(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        thread.interrupt();
        throw new IllegalStateException("Interrupted while handing team changes to the fold's team thread", e);
      }
    }

    private void join() {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        thread.interrupt();
        throw new IllegalStateException("Interrupted while waiting for the fold's team thread to apply its changes",
            e);
      }
    }

    private void rethrowFailure() {
      Throwable thrown = failure;
      if (thrown instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (thrown instanceof Error error) {
        throw error;
      }
    }

    private void run() {
      try {
        for (Batch batch = queue.take(); batch != END; batch = queue.take()) {
          if (failure == null) {
            batch.applyAll(this);
          }
        }
      } catch (InterruptedException e) {
        // close(): stop where we are; the fold is being abandoned.
      }
    }

    private void failed(Throwable thrown) {
      failure = thrown;
    }

    /** Changes in the order they came, in parallel arrays. */
    private static final class Batch {
      private final TeamAggregate[] teams;
      private final ResponseContribution[] befores;
      private final ResponseContribution[] afters;
      private final int[] moved;
      private final Instant[] times;
      private int count;

      Batch(int size) {
        teams = new TeamAggregate[size];
        befores = new ResponseContribution[size];
        afters = new ResponseContribution[size];
        moved = new int[size];
        times = new Instant[size];
      }

      void add(TeamAggregate team, ResponseContribution before, ResponseContribution after, int movedCells,
          Instant at) {
        teams[count] = team;
        befores[count] = before;
        afters[count] = after;
        moved[count] = movedCells;
        times[count] = at;
        count++;
      }

      void applyAll(Queued owner) {
        try {
          for (int i = 0; i < count; i++) {
            teams[i].change(befores[i], afters[i], null, moved[i], times[i]);
          }
        } catch (RuntimeException | Error e) {
          owner.failed(e);
        }
      }
    }
  }
}
