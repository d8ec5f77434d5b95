package dev.feedback360.dashboard.auth;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a token may read: every team, or the listed teams; in every cycle, or only in the listed cycles. A scoped
 * caller never sees another team: not in lists, not in counts, not in live updates.
 *
 * @param teams the teams it may read; empty means every team
 * @param cycles the cycles it may read; empty means every cycle
 */
public record Scope(Set<String> teams, Set<String> cycles) {

  private static final Scope ALL = new Scope(Set.of(), Set.of());

  public Scope {
    teams = Set.copyOf(new TreeSet<>(teams));
    cycles = Set.copyOf(new TreeSet<>(cycles));
    for (String id : teams) {
      requireId(id, "team");
    }
    for (String id : cycles) {
      requireId(id, "cycle");
    }
  }

  /** Every team of every cycle. */
  public static Scope all() {
    return ALL;
  }

  /** The listed teams (none: every team), in the listed cycles (none: every cycle). */
  public static Scope of(Collection<String> teams, Collection<String> cycles) {
    return new Scope(Set.copyOf(teams), Set.copyOf(cycles));
  }

  /** Whether this scope covers every team of every cycle. */
  public boolean isAll() {
    return teams.isEmpty() && cycles.isEmpty();
  }

  /** Whether a caller with this scope may read the team's scores in the cycle. */
  public boolean allows(String cycle, String team) {
    return allowsCycle(cycle) && (teams.isEmpty() || teams.contains(team));
  }

  /** Whether some team of the cycle may be visible. */
  public boolean allowsCycle(String cycle) {
    return cycles.isEmpty() || cycles.contains(cycle);
  }

  /** For messages: "all teams", "teams T1, T2 in cycles 2026-H1". Never secret. */
  public String describe() {
    String who = teams.isEmpty() ? "all teams" : "teams " + String.join(", ", new TreeSet<>(teams));
    return cycles.isEmpty() ? who : who + " in cycle" + (cycles.size() > 1 ? "s " : " ")
        + String.join(", ", new TreeSet<>(cycles));
  }

  private static void requireId(String id, String what) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("A token's scope names an empty " + what + " id; list " + what
          + " ids separated by commas, e.g. --scope T1,T2" + ("cycle".equals(what) ? " --cycle 2026-H1" : ""));
    }
    if (id.toLowerCase(Locale.ROOT).equals("all") && "team".equals(what)) {
      throw new IllegalArgumentException("'all' cannot be combined with team ids in a scope; use --scope all alone");
    }
  }
}
