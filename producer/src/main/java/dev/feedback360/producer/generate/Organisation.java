package dev.feedback360.producer.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A synthetic organisation: teams with a head (who rates the team's members as their MANAGER), members (the rated
 * subjects, who rate each other as PEERs), and each member's direct reports. Employee ids are {@code emp-00001}
 * onwards, so one person appears as subject and as rater of several others, as in real exports.
 */
final class Organisation {

  /** How a team's members tend to behave: the latent means of leader-pole and manager-pole items. */
  enum Leaning {
    LEADER(4.0, 2.7), MANAGER(2.6, 4.0), BALANCED(3.4, 3.4);

    final double leaderMean;
    final double managerMean;

    Leaning(double leaderMean, double managerMean) {
      this.leaderMean = leaderMean;
      this.managerMean = managerMean;
    }
  }

  record Member(String id, List<String> directReports) {}

  record Team(String id, String head, List<Member> members, Leaning leaning, double leaderShift,
      double managerShift) {}

  private final List<Team> teams;

  private Organisation(List<Team> teams) {
    this.teams = List.copyOf(teams);
  }

  static Organisation create(GeneratorSettings settings, Random random) {
    EmployeeIds employees = new EmployeeIds();
    List<Team> teams = new ArrayList<>(settings.teams());
    Leaning[] leanings = Leaning.values();
    for (int t = 1; t <= settings.teams(); t++) {
      String head = employees.next();
      int size = settings.minSubjectsPerTeam()
          + random.nextInt(settings.maxSubjectsPerTeam() - settings.minSubjectsPerTeam() + 1);
      List<Member> members = new ArrayList<>(size);
      for (int m = 0; m < size; m++) {
        String id = employees.next();
        int reports = 3 + random.nextInt(5);
        List<String> directReports = new ArrayList<>(reports);
        for (int r = 0; r < reports; r++) {
          directReports.add(employees.next());
        }
        members.add(new Member(id, List.copyOf(directReports)));
      }
      Leaning leaning = leanings[random.nextInt(leanings.length)];
      teams.add(new Team(String.format(Locale.ROOT, "team-%02d", t), head, List.copyOf(members), leaning,
          random.nextGaussian() * 0.2, random.nextGaussian() * 0.2));
    }
    return new Organisation(teams);
  }

  List<Team> teams() {
    return teams;
  }

  /** Members of teams other than {@code team}, who may rate its members as OTHER. */
  List<String> outsiders(Team team) {
    List<String> outsiders = new ArrayList<>();
    teams.stream().filter(other -> other != team)
        .forEach(other -> other.members().forEach(member -> outsiders.add(member.id())));
    return outsiders;
  }

  /** Hands out employee ids in order. */
  private static final class EmployeeIds {

    private int next = 1;

    String next() {
      return String.format(Locale.ROOT, "emp-%05d", next++);
    }
  }
}
