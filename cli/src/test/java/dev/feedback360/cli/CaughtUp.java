package dev.feedback360.cli;

import dev.feedback360.streams.app.CatchUp;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.AdminClients;
import dev.feedback360.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/**
 * Waits until a streams app has applied every response sent so far. Teams are updated as their responses arrive from
 * input partitions processed independently, so a team seen with its latest event time may still miss earlier
 * responses: tests read scores only once the app lags nowhere and its last transaction is settled.
 */
final class CaughtUp {

  private CaughtUp() {}

  static void waitFor(String bootstrap, String applicationId, Duration timeout) throws InterruptedException {
    try (Admin admin = AdminClients.create(bootstrap)) {
      CatchUp catchUp = new CatchUp(admin);
      List<String> inputs =
          List.of(Topics.defaults().responses(), TeamScoresTopology.repartitionTopic(applicationId));
      catchUp.await(applicationId, inputs, timeout);
      catchUp.awaitSettled(List.of(Topics.defaults().scores(), Topics.defaults().scoresJson()), timeout);
    }
  }
}
