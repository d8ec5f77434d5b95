package dev.feedback360.dashboard.auth;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a token may read: every team, or the listed teams; in every cycle, or only in the listed cycles. A scoped
 * caller never sees another team: not in lists, not in counts, not in live updates.
 *
 * <p>Or {@link #metrics()}: the app's Prometheus metrics ({@code /metrics}) and nothing else, for a scraper. The
 * metrics hold no team, subject or rater id, so a token that reads every team of every cycle may read them too; a
 * token scoped to some teams or cycles may not (they describe every team's processing).
 *
 * @param teams the teams it may read; empty means every team (none with {@code metricsOnly})
 * @param cycles the cycles it may read; empty means every cycle (none with {@code metricsOnly})
 * @param metricsOnly whether it reads {@code /metrics} only
 */
public record Scope(Set<String> teams, Set<String> cycles, boolean metricsOnly) {

  private static final Scope ALL = new Scope(Set.of(), Set.of());
  private static final Scope METRICS = new Scope(Set.of(), Set.of(), true);

  public Scope {
    teams = Set.copyOf(new TreeSet<>(teams));
    cycles = Set.copyOf(new TreeSet<>(cycles));
    if (metricsOnly && !(teams.isEmpty() && cycles.isEmpty())) {
      throw new IllegalArgumentException("A metrics token reads no team: make one token with --scope metrics and "
          + "another for the teams");
    }
    for (String id : teams) {
      requireId(id, "team");
    }
    for (String id : cycles) {
      requireId(id, "cycle");
    }
  }

  /** Teams in cycles (empty: every one), not metrics only. */
  public Scope(Set<String> teams, Set<String> cycles) {
    this(teams, cycles, false);
  }

  /** Every team of every cycle (and the metrics). */
  public static Scope all() {
    return ALL;
  }

  /** The metrics ({@code /metrics}) only: no team. */
  public static Scope metrics() {
    return METRICS;
  }

  /** The listed teams (none: every team), in the listed cycles (none: every cycle). */
  public static Scope of(Collection<String> teams, Collection<String> cycles) {
    return new Scope(Set.copyOf(teams), Set.copyOf(cycles));
  }

  /** Whether this scope covers every team of every cycle. */
  public boolean isAll() {
    return !metricsOnly && teams.isEmpty() && cycles.isEmpty();
  }

  /** Whether a caller with this scope may read the team's scores in the cycle. */
  public boolean allows(String cycle, String team) {
    return allowsCycle(cycle) && (teams.isEmpty() || teams.contains(team));
  }

  /** Whether some team of the cycle may be visible. */
  public boolean allowsCycle(String cycle) {
    return !metricsOnly && (cycles.isEmpty() || cycles.contains(cycle));
  }

  /** Whether a caller with this scope may read the metrics: a metrics token, or one that reads everything. */
  public boolean allowsMetrics() {
    return metricsOnly || isAll();
  }

  /** For messages: "all teams", "teams T1, T2 in cycles 2026-H1", "metrics only". Never secret. */
  public String describe() {
    if (metricsOnly) {
      return "metrics only";
    }
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
    if (id.toLowerCase(Locale.ROOT).equals("metrics") && "team".equals(what)) {
      throw new IllegalArgumentException("'metrics' cannot be combined with team ids in a scope; use --scope "
          + "metrics alone (a token for /metrics only), and another token for the teams");
    }
  }
}
