package dev.feedback360.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.security.AccessPolicy.Principals;
import dev.feedback360.topics.Topics;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

  private final AccessPolicy policy = new AccessPolicy(Topics.defaults(), Principals.defaults(),
      "feedback360-team-scores", "feedback360-replay-", "analysis-", "feedback360-dashboard-");

  @Test
  void shouldLetIngestOnlyWriteAndDescribeTheResponsesAndNominationsTopics() {
    assertThat(of("User:ingest")).containsExactlyInAnyOrder(
        "TOPIC survey-responses LITERAL WRITE", "TOPIC survey-responses LITERAL DESCRIBE",
        "TOPIC survey-nominations LITERAL WRITE", "TOPIC survey-nominations LITERAL DESCRIBE");
  }

  @Test
  void shouldLetTheDashboardOnlyReadTheJsonTopicsInGroupsOfItsPrefix() {
    assertThat(of("User:dashboard")).containsExactlyInAnyOrder(
        "TOPIC team-scores-json LITERAL READ", "TOPIC team-scores-json LITERAL DESCRIBE",
        "TOPIC team-participation-json LITERAL READ", "TOPIC team-participation-json LITERAL DESCRIBE",
        "GROUP feedback360-dashboard- PREFIXED READ", "GROUP feedback360-dashboard- PREFIXED DESCRIBE");
  }

  @Test
  void shouldGiveTheStreamsAppItsInputOutputsAndOwnPrefixButNoWriteToTheInput() {
    Set<String> streams = of("User:streams");

    assertThat(streams).contains("TOPIC survey-responses LITERAL READ", "TOPIC team-scores LITERAL WRITE",
        "TOPIC team-scores-json LITERAL WRITE", "TOPIC survey-responses-dlq LITERAL WRITE",
        "TOPIC survey-nominations LITERAL READ", "TOPIC team-participation-json LITERAL WRITE",
        "TOPIC feedback360-team-scores- PREFIXED CREATE", "GROUP feedback360-team-scores LITERAL READ",
        "TRANSACTIONAL_ID feedback360-team-scores- PREFIXED WRITE");
    assertThat(streams).doesNotContain("TOPIC survey-responses LITERAL WRITE", "TOPIC team-scores LITERAL READ",
        "TOPIC survey-nominations LITERAL WRITE")
        .noneMatch(acl -> acl.contains("CLUSTER") || acl.contains(" ALL"));
  }

  @Test
  void shouldLetAnalystsReadButWriteOnlyInTheirOwnPrefixes() {
    Set<String> analyst = of("User:analyst");

    assertThat(analyst).contains("TOPIC survey-responses LITERAL READ", "TOPIC team-scores LITERAL READ",
        "TOPIC analysis- PREFIXED CREATE", "TOPIC analysis- PREFIXED WRITE",
        "TOPIC feedback360-replay- PREFIXED CREATE", "GROUP feedback360-replay- PREFIXED DELETE",
        "TRANSACTIONAL_ID feedback360-replay- PREFIXED WRITE");
    assertThat(analyst).filteredOn(acl -> acl.endsWith("WRITE") || acl.endsWith("CREATE") || acl.endsWith("DELETE"))
        .allMatch(acl -> acl.contains(" analysis- PREFIXED ") || acl.contains(" feedback360-replay- PREFIXED "));
  }

  @Test
  void shouldOnlyAllowAndNeverUseAWildcardResource() {
    List<AclBinding> bindings = policy.bindings();

    assertThat(bindings).allMatch(binding -> binding.entry().permissionType() == AclPermissionType.ALLOW)
        .noneMatch(binding -> binding.pattern().name().equals("*"))
        .allMatch(binding -> binding.entry().host().equals("*"));
    assertThat(bindings.stream().map(binding -> binding.entry().principal()).collect(Collectors.toSet()))
        .as("the administrator is the super user, not in the set")
        .containsExactlyInAnyOrder("User:ingest", "User:streams", "User:dashboard", "User:analyst");
  }

  @Test
  void shouldTakeBareNamesAsUsersAndRefuseAnEmptyPrefix() {
    assertThat(new Principals("alice", "svc", "User:dash", "Group:analysts").ingest()).isEqualTo("User:alice");
    assertThatThrownBy(() -> new AccessPolicy(Topics.defaults(), Principals.defaults(), "app", "replay-", " ",
        "dash-")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("every resource");
  }

  private Set<String> of(String principal) {
    return policy.bindings().stream()
        .filter(binding -> binding.entry().principal().equals(principal))
        .map(binding -> binding.pattern().resourceType() + " " + binding.pattern().name() + " "
            + binding.pattern().patternType() + " " + binding.entry().operation())
        .collect(Collectors.toSet());
  }
}
