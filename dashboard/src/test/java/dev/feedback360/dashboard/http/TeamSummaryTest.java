package dev.feedback360.dashboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TeamSummaryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldKeepTheContractsNamesAndDropMeansDeviationsAndSelfRatings() throws Exception {
    ObjectNode contract = (ObjectNode) JSON.readTree("""
        {"cycleId":"2026-H2","teamId":"T1","status":"PUBLISHED","minRaters":3,"minChange":3,
         "raters":{"SELF":1,"MANAGER":1,"PEER":3,"DIRECT_REPORT":2,"OTHER":0},"pendingRaters":2,
         "axes":{"CHANGE":{"leader":{"mean":4.5,"sd":0.5,"n":6,"raters":3},
                           "manager":{"mean":2.5,"sd":0.5,"n":6,"raters":3},
                           "balance":2.0,"selfBalance":3.5,"gap":1.5},
                 "FOCUS":{"leader":{"mean":null,"sd":null,"n":2,"raters":2},
                          "manager":{"mean":2.5,"sd":0.5,"n":3,"raters":3},
                          "balance":null,"selfBalance":0.0,"gap":null},
                 "HORIZON":{"leader":{"mean":null,"sd":null,"n":0,"raters":0},
                            "manager":{"mean":null,"sd":null,"n":0,"raters":0},
                            "balance":null,"selfBalance":null,"gap":null}},
         "overall":{"leaderMean":4.5,"managerMean":2.5,"balance":2.0,"style":"LEADING"},
         "updatedAt":"2026-10-01T09:00:07Z"}""");

    ObjectNode summary = TeamSummary.of(contract);

    assertThat(summary).isEqualTo(JSON.readTree("""
        {"cycleId":"2026-H2","teamId":"T1","status":"PUBLISHED","minRaters":3,"minChange":3,
         "raters":{"SELF":1,"MANAGER":1,"PEER":3,"DIRECT_REPORT":2,"OTHER":0},"pendingRaters":2,
         "axes":{"CHANGE":{"leader":{"raters":3},"manager":{"raters":3},"balance":2.0},
                 "FOCUS":{"leader":{"raters":2},"manager":{"raters":3},"balance":null},
                 "HORIZON":{"leader":{"raters":0},"manager":{"raters":0},"balance":null}},
         "overall":{"balance":2.0,"style":"LEADING"},
         "updatedAt":"2026-10-01T09:00:07Z"}"""));
    // Node equality ignores field order; the bytes a client gets keep the contract's order.
    assertThat(JSON.writeValueAsString(summary)).isEqualTo("{\"cycleId\":\"2026-H2\",\"teamId\":\"T1\","
        + "\"status\":\"PUBLISHED\",\"minRaters\":3,\"minChange\":3,"
        + "\"raters\":{\"SELF\":1,\"MANAGER\":1,\"PEER\":3,\"DIRECT_REPORT\":2,\"OTHER\":0},\"pendingRaters\":2,"
        + "\"axes\":{\"CHANGE\":{\"leader\":{\"raters\":3},\"manager\":{\"raters\":3},\"balance\":2.0},"
        + "\"FOCUS\":{\"leader\":{\"raters\":2},\"manager\":{\"raters\":3},\"balance\":null},"
        + "\"HORIZON\":{\"leader\":{\"raters\":0},\"manager\":{\"raters\":0},\"balance\":null}},"
        + "\"overall\":{\"balance\":2.0,\"style\":\"LEADING\"},\"updatedAt\":\"2026-10-01T09:00:07Z\"}");
  }
}
