package dev.feedback360.streams.topology;

import dev.feedback360.avro.TeamScores;

/** What the team processor emits for a team: new scores, or a new participation JSON (null = tombstone). */
sealed interface TeamUpdate {

  /** The team's published scores; null when the team has no counted response any more. */
  record Scores(TeamScores value) implements TeamUpdate {}

  /** The team's participation as the JSON contract; null when it has neither nomination nor response any more. */
  record Participation(String json) implements TeamUpdate {}
}
