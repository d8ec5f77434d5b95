package dev.feedback360.streams.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedback360.avro.RaterGroup;
import dev.feedback360.streams.scoring.TeamParticipation;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TeamParticipationJsonTest {

  private final ObjectMapper mapper = JsonNumbers.mapper();

  /** The example of docs/wire-format.md, team-participation-json, character for character. */
  @Test
  void shouldWriteTheContractsExampleByteForByte() {
    Map<RaterGroup, TeamParticipation.Group> groups = new EnumMap<>(RaterGroup.class);
    groups.put(RaterGroup.PEER, new TeamParticipation.Group(4, 3, 3));
    groups.put(RaterGroup.MANAGER, new TeamParticipation.Group(2, 1, 1));
    TeamParticipation participation = new TeamParticipation("2026-H2", "T1", "open", 3, groups, 1,
        Instant.parse("2026-11-03T10:15:00Z"));

    assertThat(TeamParticipationJson.toJsonLine(participation)).isEqualTo("{\"cycleId\":\"2026-H2\",\"teamId\":\"T1\","
        + "\"roster\":\"open\",\"minRaters\":3,\"groups\":{"
        + "\"MANAGER\":{\"invited\":2,\"responded\":1,\"rate\":0.5,\"counted\":1,\"atRisk\":true},"
        + "\"PEER\":{\"invited\":4,\"responded\":3,\"rate\":0.75,\"counted\":3,\"atRisk\":false}},"
        + "\"invited\":6,\"responded\":4,\"rate\":0.6666666666666666,\"unnominated\":1,"
        + "\"updatedAt\":\"2026-11-03T10:15:00Z\"}");
  }

  /**
   * The line is written by hand for plain identifiers and by Jackson otherwise: on random participation (groups
   * present or not, nobody invited, no update time, identifiers that need escaping or not) it must be exactly the
   * text Jackson writes for the tree.
   */
  @Test
  void shouldWriteExactlyWhatJacksonWritesForRandomParticipation() throws Exception {
    Random random = new Random(17);
    for (int i = 0; i < 5_000; i++) {
      Map<RaterGroup, TeamParticipation.Group> groups = new EnumMap<>(RaterGroup.class);
      for (RaterGroup group : RaterGroup.values()) {
        if (random.nextInt(3) > 0) {
          int invited = random.nextInt(4) == 0 ? 0 : random.nextInt(Integer.MAX_VALUE / 8);
          groups.put(group, new TeamParticipation.Group(invited, invited == 0 ? 0 : random.nextInt(invited + 1),
              random.nextInt(50)));
        }
      }
      TeamParticipation participation = new TeamParticipation(JsonIds.any(random),
          JsonIds.any(random), random.nextBoolean() ? "open" : JsonIds.any(random),
          random.nextInt(1001), groups, random.nextInt(1000),
          random.nextInt(5) == 0 ? null : Instant.ofEpochMilli(random.nextLong(-100_000_000_000_000L,
              300_000_000_000_000L)));

      String tree = mapper.writeValueAsString(TeamParticipationJson.toJson(participation));

      assertThat(TeamParticipationJson.toJsonLine(participation)).isEqualTo(tree)
          .isEqualTo(TeamParticipationJson.jacksonLine(participation));
    }
  }
}
