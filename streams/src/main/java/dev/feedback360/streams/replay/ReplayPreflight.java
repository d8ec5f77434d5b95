package dev.feedback360.streams.replay;

import dev.feedback360.streams.topology.Roster;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.IsolationLevel;

/** The checks before a replay starts anything: the input exists, and every output is absent or empty. */
final class ReplayPreflight {

  private ReplayPreflight() {}

  /**
   * @throws IllegalArgumentException if the responses topic does not exist, or an output topic holds records
   */
  static void check(ReplayAdmin admin, ReplayRequest request) {
    Set<String> existing = admin.topicNames();
    if (!existing.contains(request.responsesTopic())) {
      throw new IllegalArgumentException("The responses topic " + request.responsesTopic() + " does not exist at "
          + request.bootstrapServers() + "; check the responses topic's name and the bootstrap servers");
    }
    if (request.roster() == Roster.STRICT && !existing.contains(request.nominationsTopic())) {
      throw new IllegalArgumentException("A strict-roster replay counts only nominated responses, but the "
          + "nominations topic " + request.nominationsTopic() + " does not exist at " + request.bootstrapServers()
          + ": nothing would count. Check --nominations-topic, or replay with --roster open");
    }
    List<String> outputs = List.of(request.outputTopic(), request.outputJsonTopic(), request.outputDeadLetterTopic(),
        request.outputParticipationTopic());
    for (String output : outputs) {
      if (existing.contains(output) && admin.range(output, IsolationLevel.READ_UNCOMMITTED).total() > 0) {
        throw new IllegalArgumentException("The output topic " + output + " already holds records (an earlier "
            + "replay?); a replay must start from an empty output. Choose another output topic, or delete "
            + String.join(", ", outputs.subList(0, 3)) + " and " + outputs.get(3) + " first");
      }
    }
  }
}
