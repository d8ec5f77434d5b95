package dev.feedback360.streams.replay;

import dev.feedback360.streams.app.TeamScoresApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a stopped replay leaves behind: its internal topics (prefixed with its application id), its consumer
 * group and its local state, and the state directory too when the replay made it.
 */
final class ReplayCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(ReplayCleanup.class);

  private final ReplayAdmin admin;
  private final String applicationId;

  ReplayCleanup(ReplayAdmin admin, String applicationId) {
    this.admin = admin;
    this.applicationId = applicationId;
  }

  /**
   * @param app the stopped app
   * @param stateDir the state directory the app ran in
   * @param madeStateDir whether the replay made that directory (then it is deleted as a whole)
   * @return the internal topics deleted
   */
  Set<String> removeAll(TeamScoresApp app, Path stateDir, boolean madeStateDir) {
    Set<String> internal = internalTopics();
    if (!internal.isEmpty()) {
      admin.get(admin.admin().deleteTopics(internal).all(), "deleting the replay's internal topics " + internal);
    }
    deleteGroup();
    app.cleanUpLocalState();
    ReplayStateDir.delete(stateDir.resolve(applicationId));
    if (madeStateDir) {
      ReplayStateDir.delete(stateDir);
    }
    LOG.info("Replay {}: removed internal topics {}, consumer group and local state", applicationId, internal);
    return internal;
  }

  private Set<String> internalTopics() {
    Set<String> internal = new TreeSet<>();
    for (String topic : admin.topicNames()) {
      if (topic.startsWith(applicationId + "-")
          && (topic.endsWith("-repartition") || topic.endsWith("-changelog"))) {
        internal.add(topic);
      }
    }
    return internal;
  }

  private void deleteGroup() {
    try {
      admin.get(admin.admin().deleteConsumerGroups(List.of(applicationId)).all(),
          "deleting consumer group " + applicationId);
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
      LOG.debug("Replay {} left no consumer group to delete", applicationId);
    }
  }
}
