package dev.feedback360.producer.parse;

import java.util.List;

/** Names of the fixed fields of an HR export row, shared by the CSV header and the JSON Lines keys. */
public final class Columns {

  public static final String RESPONSE_ID = "response_id";
  public static final String CYCLE_ID = "cycle_id";
  public static final String TEAM_ID = "team_id";
  public static final String SUBJECT_ID = "subject_id";
  public static final String RATER_ID = "rater_id";
  public static final String RATER_GROUP = "rater_group";
  public static final String SUBMITTED_AT = "submitted_at";
  /** Optional (schema v2): how the response was collected, WEB, MOBILE, EMAIL, PAPER, INTERVIEW or OTHER. */
  public static final String CHANNEL = "channel";
  /** Optional in a nominations file: when HR nominated the rater, ISO-8601 with an offset. */
  public static final String NOMINATED_AT = "nominated_at";
  /** JSON Lines only: the object of item id to score. */
  public static final String ANSWERS = "answers";

  /** The fixed columns in export order; CSV item columns follow them. */
  public static final List<String> FIXED =
      List.of(RESPONSE_ID, CYCLE_ID, TEAM_ID, SUBJECT_ID, RATER_ID, RATER_GROUP, SUBMITTED_AT);

  /** Columns an export may carry or leave out. */
  public static final List<String> OPTIONAL = List.of(CHANNEL);

  private Columns() {}

  /** Whether a (canonical) column is one of the fixed or optional response fields rather than an item. */
  public static boolean isField(String column) {
    return FIXED.contains(column) || OPTIONAL.contains(column);
  }
}
