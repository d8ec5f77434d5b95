package dev.feedback360.streams.replay;

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
    List<String> outputs = List.of(request.outputTopic(), request.outputJsonTopic(), request.outputDeadLetterTopic());
    for (String output : outputs) {
      if (existing.contains(output) && admin.range(output, IsolationLevel.READ_UNCOMMITTED).total() > 0) {
        throw new IllegalArgumentException("The output topic " + output + " already holds records (an earlier "
            + "replay?); a replay must start from an empty output. Choose another output topic, or delete "
            + String.join(", ", outputs.subList(0, 2)) + " and " + outputs.get(2) + " first");
      }
    }
  }
}
