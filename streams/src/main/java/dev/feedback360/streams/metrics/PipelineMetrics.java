package dev.feedback360.streams.metrics;

import dev.feedback360.avro.PublicationStatus;
import dev.feedback360.avro.TeamScores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The app's own counters: what happened to each input record and to each team update, and every dead letter by its
 * reason. Counted where it happens (the two processors, the exception handlers), once per record processed.
 *
 * <p>The app hands one instance to its processors and exception handlers through the Kafka Streams configuration
 * ({@link #CONFIG}, an object value, like the dead-letter history); without it, as under TopologyTestDriver unless a
 * test puts one there, nothing is counted. Counts are of processing, not of committed output: a transaction aborted
 * by a crash is processed and counted again (docs/operations.md, Metrics).
 *
 * <p>No tag carries a team, subject or rater id: the metrics are readable by anyone holding a {@code metrics} token.
 */
public final class PipelineMetrics {

  /** The configuration key under which the app hands its counters to the processors and exception handlers. */
  public static final String CONFIG = "feedback360.metrics.pipeline";

  /** {@code feedback360_responses_total{outcome}}: every input record of the latest-response step. */
  public static final String RESPONSES = "feedback360.responses";
  /** {@code feedback360_team_updates_total{outcome}}: every record the team-aggregate step emits. */
  public static final String TEAM_UPDATES = "feedback360.team.updates";
  /** {@code feedback360_dead_letters_total{reason}}: every record written to the dead-letter topic. */
  public static final String DEAD_LETTERS = "feedback360.dead.letters";

  private static final PipelineMetrics NONE = new PipelineMetrics(new CompositeMeterRegistry());

  /** What one input record did. */
  public enum ResponseOutcome {
    /** A first response for its (cycle, subject, rater): it starts counting. */
    NEW,
    /** A newer response for a key that had one counted: it replaces it. */
    CORRECTION,
    /** A duplicate, an older re-send, or a re-send of withdrawn data: nothing changes. */
    UNCHANGED,
    /** A withdrawal that erased the counted response. */
    WITHDRAWAL,
    /** A withdrawal for a key with nothing counted (erases future re-sends only). */
    WITHDRAWAL_NOOP
  }

  /** What one team update published. */
  public enum TeamOutcome {
    /** Emitted with at least one published cell. */
    PUBLISHED,
    /** Emitted with every cell suppressed (fewer than k raters in every group, or held by the publication rule). */
    SUPPRESSED,
    /** A tombstone: no response of the team is counted any more. */
    REMOVED
  }

  private final Map<ResponseOutcome, Counter> responses = new EnumMap<>(ResponseOutcome.class);
  private final Map<TeamOutcome, Counter> teams = new EnumMap<>(TeamOutcome.class);
  private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);

  /** Counters registered in {@code registry}, every tag value present from the start (at 0). */
  public PipelineMetrics(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    for (ResponseOutcome outcome : ResponseOutcome.values()) {
      responses.put(outcome, Counter.builder(RESPONSES).tag("outcome", tag(outcome))
          .description("Input records of the latest-response step, by what they did").register(registry));
    }
    for (TeamOutcome outcome : TeamOutcome.values()) {
      teams.put(outcome, Counter.builder(TEAM_UPDATES).tag("outcome", tag(outcome))
          .description("Team score records emitted, by publication status").register(registry));
    }
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      deadLetters.put(reason, Counter.builder(DEAD_LETTERS).tag("reason", reason.tag())
          .description("Records written to the dead-letter topic, by reason").register(registry));
    }
  }

  /** The counters the app put in this configuration, or ones that count nothing. */
  public static PipelineMetrics from(Map<String, ?> configs) {
    return configs.get(CONFIG) instanceof PipelineMetrics metrics ? metrics : NONE;
  }

  /**
   * Counts one input record by the latest-response rule's decision.
   *
   * @param withdrawal whether the record was a withdrawal (a null value)
   * @param hadCounted whether a response was counted for its key before
   * @param changed whether the counted response changed
   */
  public void response(boolean withdrawal, boolean hadCounted, boolean changed) {
    ResponseOutcome outcome;
    if (withdrawal) {
      outcome = changed ? ResponseOutcome.WITHDRAWAL : ResponseOutcome.WITHDRAWAL_NOOP;
    } else if (!changed) {
      outcome = ResponseOutcome.UNCHANGED;
    } else {
      outcome = hadCounted ? ResponseOutcome.CORRECTION : ResponseOutcome.NEW;
    }
    responses.get(outcome).increment();
  }

  /** Counts one emitted team record ({@code null}: a tombstone). */
  public void teamUpdate(TeamScores scores) {
    TeamOutcome outcome = scores == null ? TeamOutcome.REMOVED
        : scores.getStatus() == PublicationStatus.PUBLISHED ? TeamOutcome.PUBLISHED : TeamOutcome.SUPPRESSED;
    teams.get(outcome).increment();
  }

  /** Counts {@code count} dead letters written for {@code reason}. */
  public void deadLetters(DeadLetterReason reason, int count) {
    if (count > 0) {
      deadLetters.get(reason).increment(count);
    }
  }

  static String tag(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
