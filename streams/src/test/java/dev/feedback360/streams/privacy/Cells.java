package dev.feedback360.streams.privacy;

import dev.feedback360.avro.Answer;
import dev.feedback360.avro.AxisScores;
import dev.feedback360.avro.CellScores;
import dev.feedback360.avro.TeamScores;

/** The six cells (axis x pole), numbered CHANGE leader, CHANGE manager, FOCUS leader, ... HORIZON manager. */
final class Cells {

  static final int COUNT = 6;
  private static final String[] NAMES = {
      "CHANGE.leader", "CHANGE.manager", "FOCUS.leader", "FOCUS.manager", "HORIZON.leader", "HORIZON.manager"};

  private Cells() {}

  static int of(Answer answer) {
    return answer.getAxis().ordinal() * 2 + answer.getPole().ordinal();
  }

  static String name(int cell) {
    return NAMES[cell];
  }

  static int axis(int cell) {
    return cell / 2;
  }

  static AxisScores axis(TeamScores scores, int axis) {
    return switch (axis) {
      case 0 -> scores.getAxes().getChange();
      case 1 -> scores.getAxes().getFocus();
      default -> scores.getAxes().getHorizon();
    };
  }

  static CellScores cell(TeamScores scores, int cell) {
    AxisScores axis = axis(scores, axis(cell));
    return cell % 2 == 0 ? axis.getLeader() : axis.getManager();
  }
}
