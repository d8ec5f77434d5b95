package dev.feedback360.streams.topology;

import dev.feedback360.avro.internal.ResponseContribution;
import dev.feedback360.streams.scoring.TeamAggregate;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where {@link ScoresFold} sends its team changes: applied on the caller's thread ({@link Direct}), or queued in
 * the order they come and applied on threads of their own, each team on one of them ({@link Queued}). Either way
 * every team sees its changes in the order the fold produced them, so both end with the same aggregates.
 */
sealed interface TeamChanges extends AutoCloseable {

  /**
   * One {@link TeamAggregate#change} of the team of index {@code team}, held in {@code held} (its thread's teams).
   *
   * @param moved the cells on which the change is one side of a move to another team with the same scores
   */
  void apply(HeldTeams held, int team, ResponseContribution before, ResponseContribution after, int moved,
      Instant at);

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
    public void apply(HeldTeams held, int team, ResponseContribution before, ResponseContribution after,
        int moved, Instant at) {
      held.forChange(team).change(before, after, null, moved, at);
    }

    @Override
    public void finish() {}

    @Override
    public void close() {}
  }

  /**
   * Hands the changes in batches to team threads that apply them in order: each team to one thread (by its index),
   * through that thread's bounded queue, so every team sees its changes in the order they came and teams are folded
   * side by side. After a change throws, no thread applies another change (each drains its queue, so the fold never
   * blocks on it) and the fold's next hand-over, or {@link #finish}, throws the first exception thrown (in time:
   * where changes of two teams on two threads both throw, which one is reported may differ from a sequential fold;
   * either way the fold fails and nothing is written).
   */
  final class Queued implements TeamChanges {

    private static final int BATCHES_IN_FLIGHT = 8;
    private static final Batch END = new Batch(0);

    private final int size;
    private final Worker[] workers;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean finished;

    /**
     * @param size changes per hand-over
     * @param threads team threads; team {@code t} goes to thread {@code t % threads}
     */
    Queued(int size, int threads) {
      this.size = size;
      this.workers = new Worker[threads];
      for (int i = 0; i < threads; i++) {
        workers[i] = new Worker(threads == 1 ? "fast-replay-teams" : "fast-replay-teams-" + (i + 1));
      }
    }

    /** The thread a team's changes are applied on. */
    static int threadOf(int team, int threads) {
      return team % threads;
    }

    @Override
    public void apply(HeldTeams held, int team, ResponseContribution before, ResponseContribution after,
        int moved, Instant at) {
      if (finished) {
        throw new IllegalStateException("The fold's team changes are finished; no change can be applied after");
      }
      Worker worker = workers[threadOf(team, workers.length)];
      worker.filling.add(held, team, before, after, moved, at);
      if (worker.filling.count == size) {
        rethrowFailure();
        worker.put(worker.filling);
        worker.filling = new Batch(size);
      }
    }

    @Override
    public void finish() {
      if (!finished) {
        finished = true;
        for (Worker worker : workers) {
          if (failure.get() == null) {
            worker.put(worker.filling);
          }
          worker.put(END); // never blocks for good: after a failure the thread still drains the queue
        }
        for (Worker worker : workers) {
          worker.join();
        }
      }
      rethrowFailure();
    }

    @Override
    public void close() {
      if (!finished) {
        finished = true;
        for (Worker worker : workers) {
          worker.thread.interrupt();
        }
        for (Worker worker : workers) {
          worker.join();
        }
      }
    }

    private void rethrowFailure() {
      Throwable thrown = failure.get();
      if (thrown instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (thrown instanceof Error error) {
        throw error;
      }
    }

    /** One team thread, its queue and the batch being filled for it. */
    private final class Worker {
      private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
      private final Thread thread;
      private Batch filling = new Batch(size);

      Worker(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
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
          throw new IllegalStateException("Interrupted while waiting for the fold's team threads to apply their "
              + "changes", e);
        }
      }

      private void run() {
        try {
          for (Batch batch = queue.take(); batch != END; batch = queue.take()) {
            batch.applyAll(failure);
          }
        } catch (InterruptedException e) {
          // close(): stop where we are; the fold is being abandoned.
        }
      }
    }

    /** Changes in the order they came, in parallel arrays. */
    private static final class Batch {
      private final HeldTeams[] held;
      private final int[] teams;
      private final ResponseContribution[] befores;
      private final ResponseContribution[] afters;
      private final int[] moved;
      private final Instant[] times;
      private int count;

      Batch(int size) {
        held = new HeldTeams[size];
        teams = new int[size];
        befores = new ResponseContribution[size];
        afters = new ResponseContribution[size];
        moved = new int[size];
        times = new Instant[size];
      }

      void add(HeldTeams heldBy, int team, ResponseContribution before, ResponseContribution after, int movedCells,
          Instant at) {
        held[count] = heldBy;
        teams[count] = team;
        befores[count] = before;
        afters[count] = after;
        moved[count] = movedCells;
        times[count] = at;
        count++;
      }

      /** Applies the changes in order, none once some thread's change has thrown (the first one thrown is kept). */
      void applyAll(AtomicReference<Throwable> failure) {
        try {
          for (int i = 0; i < count && failure.get() == null; i++) {
            held[i].forChange(teams[i]).change(befores[i], afters[i], null, moved[i], times[i]);
          }
        } catch (RuntimeException | Error e) {
          failure.compareAndSet(null, e);
        }
      }
    }
  }
}
