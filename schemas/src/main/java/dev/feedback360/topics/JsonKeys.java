package dev.feedback360.topics;

/**
 * The keys of the JSON topics ({@code team-scores-json}, {@code team-participation-json}): {@code cycleId/teamId},
 * with {@code %} and {@code /} in the cycle id written as {@code %25} and {@code %2F}, so that a key splits at its
 * first {@code /} and no two teams share one (cycle {@code 2026} with team {@code H1/x}, and cycle {@code 2026/H1}
 * with team {@code x}, would share {@code 2026/H1/x}: on a compacted topic one team's scores would then replace the
 * other's). A cycle id without either character is written as it is, as before this rule.
 */
public final class JsonKeys {

  private JsonKeys() {}

  /** The key of a team of a cycle. */
  public static String of(String cycleId, String teamId) {
    return encodeCycle(cycleId) + "/" + teamId;
  }

  /** The cycle and team of a key, or (key without '/') the key as the cycle and an empty team. */
  public static String[] split(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? new String[] {decodeCycle(key), ""}
        : new String[] {decodeCycle(key.substring(0, slash)), key.substring(slash + 1)};
  }

  private static String encodeCycle(String cycleId) {
    if (cycleId.indexOf('%') < 0 && cycleId.indexOf('/') < 0) {
      return cycleId;
    }
    return cycleId.replace("%", "%25").replace("/", "%2F");
  }

  private static String decodeCycle(String encoded) {
    if (encoded.indexOf('%') < 0) {
      return encoded;
    }
    return encoded.replace("%2F", "/").replace("%25", "%");
  }
}
