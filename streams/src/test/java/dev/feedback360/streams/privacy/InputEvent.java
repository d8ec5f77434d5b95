package dev.feedback360.streams.privacy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * One record of the input: a response, or a withdrawal (a null value under the response key), on survey-responses;
 * under the strict roster also a nomination or its removal on survey-nominations (same key).
 */
sealed interface InputEvent {

  /** The record key, as the topic carries it. */
  ResponseKey key();

  /** The record timestamp: submittedAt of a response, the withdrawal time of a withdrawal. */
  Instant time();

  /** A short line for failure reports, times relative to {@code t0}. */
  String describe(Instant t0);

  /** A response: a first submission, a correction, a re-send or a duplicate. */
  record Submit(SurveyResponse response) implements InputEvent {

    @Override
    public ResponseKey key() {
      return new ResponseKey(response.getCycleId(), response.getSubjectId(), response.getRaterId());
    }

    @Override
    public Instant time() {
      return response.getSubmittedAt();
    }

    @Override
    public String describe(Instant t0) {
      StringBuilder line = new StringBuilder("submit ").append(response.getSubjectId()).append('/')
          .append(response.getRaterId()).append(' ').append(response.getRaterGroup()).append(" team=")
          .append(response.getTeamId()).append(" t=+").append(Duration.between(t0, time()).toSeconds()).append("s");
      int cell = -1;
      for (Answer answer : response.getAnswers()) {
        int answerCell = Cells.of(answer);
        if (answerCell != cell) {
          cell = answerCell;
          line.append(' ').append(Cells.name(cell)).append(':');
        } else {
          line.append(',');
        }
        line.append(answer.getScore() == null ? "-" : answer.getScore().toString());
      }
      return line.toString();
    }
  }

  /** A withdrawal of whatever counts under the key. */
  record Withdraw(ResponseKey key, Instant time) implements InputEvent {

    @Override
    public String describe(Instant t0) {
      return "withdraw " + key.getSubjectId() + "/" + key.getRaterId() + " t=+"
          + Duration.between(t0, time).toSeconds() + "s";
    }
  }

  /** A record of survey-nominations (docs/wire-format.md): HR's roster, keyed byte for byte like the response. */
  sealed interface RosterChange extends InputEvent {}

  /** A nomination (or a new value for one: latest wins per key), {@code time} its nominatedAt and record time. */
  record Nominate(ResponseKey key, String team, RaterGroup group, Instant time) implements RosterChange {

    @Override
    public String describe(Instant t0) {
      return "nominate " + key.getSubjectId() + "/" + key.getRaterId() + " " + group + " team=" + team + " t=+"
          + Duration.between(t0, time).toSeconds() + "s";
    }
  }

  /** A removal of the key's nomination (a tombstone, {@code nominate --remove}). */
  record Unnominate(ResponseKey key, Instant time) implements RosterChange {

    @Override
    public String describe(Instant t0) {
      return "unnominate " + key.getSubjectId() + "/" + key.getRaterId() + " t=+"
          + Duration.between(t0, time).toSeconds() + "s";
    }
  }
}
