package dev.feedback360.streams.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Any integer combination of a team's records on one cell, read with every rater's contribution as an unknown: does
 * one single out fewer than N raters? The attacker of docs/privacy.md subtracts two records; nothing stops them from
 * adding and subtracting more, {@code (r2 - r1) - (r4 - r3)} say, the difference of two batches. Two records are
 * judged value by value elsewhere in the checker; this reads structure only.
 *
 * <p>Each record is a sum of terms, a term a rater's contribution to the cell through one form as a part shows it
 * (the same form with the same totals is the same term, in whatever group's part and record it sits: a revert or a
 * move brings a term back; a rater's forms for two subjects are two terms, so one reverted while the other changed
 * still cancels). A combination of records is then a combination of terms. It singles out a set of raters S when it is
 * zero on the terms of every rater outside S and not zero on some term of S: the attacker then reads the sum of S's
 * terms with those coefficients whatever anybody answered. Such a combination exists exactly when leaving out the
 * rows of S's terms lowers the rank of the matrix of terms by records (the combinations that vanish outside S are
 * the null space of the rest; they do not all vanish on S exactly when that null space is larger than the whole
 * matrix's). Ranks are taken modulo the prime 2^31 - 1, where these small matrices of small counts have the rank
 * they have over the rationals.
 *
 * <p>A mean is read the same way with each term weighed by one over its part's count, which the reader may know:
 * {@code selfBalance}, a leader mean less a manager mean, is then a combination of the SELF forms' leader and manager
 * sums, and so is any combination of such records.
 *
 * <p>Coincidences between different raters' totals, readings about a score and weights chosen for particular
 * answers are the value checks' business: here two raters' terms are always different unknowns.
 */
final class RecordCombinations {

  /** A rater's contribution to the cell through one of their forms (a subject's), as one unknown of the attacker's. */
  record Term(String rater, String form, Contribution totals) {}

  /** Raters that some combination singles out, and the combination's coefficients (records in the order given). */
  record Isolated(Set<String> raters, long[] coefficients) {}

  private static final long PRIME = 2_147_483_647L;

  private final List<Term> terms = new ArrayList<>();
  private final Map<String, List<Integer>> rowsByRater = new LinkedHashMap<>();
  private final long[][] matrix;
  private final int records;

  /**
   * @param records each record's terms and their weights in it: how often each is in it (a rater's same totals in two
   *     parts: twice), or what a mean weighs its sum by ({@link #weight})
   */
  RecordCombinations(List<Map<Term, Long>> records) {
    this.records = records.size();
    Map<Term, Integer> rows = new HashMap<>();
    for (Map<Term, Long> record : records) {
      for (Term term : record.keySet()) {
        rows.computeIfAbsent(term, any -> {
          terms.add(term);
          rowsByRater.computeIfAbsent(term.rater(), rater -> new ArrayList<>()).add(terms.size() - 1);
          return terms.size() - 1;
        });
      }
    }
    matrix = new long[terms.size()][this.records];
    for (int column = 0; column < this.records; column++) {
      for (Map.Entry<Term, Long> entry : records.get(column).entrySet()) {
        matrix[rows.get(entry.getKey())][column] = Math.floorMod(entry.getValue(), PRIME);
      }
    }
  }

  /**
   * {@code numerator / denominator} as the weights are taken (modulo the prime): a mean weighs each term's sum by one
   * over the count of the part it is in.
   */
  static long weight(long numerator, long denominator) {
    return Math.floorMod(numerator, PRIME) * inverse(Math.floorMod(denominator, PRIME)) % PRIME;
  }

  /** Whether some combination of the records is nothing on every term outside {@code raters} and something on one. */
  boolean singlesOut(Set<String> raters) {
    return rank(rowsExcept(raters)) < rank(rowsExcept(Set.of()));
  }

  /**
   * The first set of fewer than {@code limit} raters (by size, then in the order raters first appear) that a
   * combination of the records singles out, or null.
   */
  Isolated fewerThan(int limit) {
    int rank = rank(rowsExcept(Set.of()));
    List<String> raters = new ArrayList<>(rowsByRater.keySet());
    for (int size = 1; size < limit && size <= raters.size(); size++) {
      Isolated found = search(raters, new ArrayList<>(), 0, size, rank);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private Isolated search(List<String> raters, List<String> chosen, int from, int size, int rank) {
    if (chosen.size() == size) {
      Set<String> left = new TreeSet<>(chosen);
      List<long[]> rest = rowsExcept(left);
      if (rank(rest) == rank) {
        return null;
      }
      return new Isolated(left, combination(rest, left));
    }
    for (int i = from; i < raters.size(); i++) {
      chosen.add(raters.get(i));
      Isolated found = search(raters, chosen, i + 1, size, rank);
      chosen.remove(chosen.size() - 1);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** Whether the combination is nothing on every term of a rater outside {@code raters}, for checks of the search. */
  boolean vanishesOutside(long[] coefficients, Set<String> raters) {
    for (int row = 0; row < terms.size(); row++) {
      if (!raters.contains(terms.get(row).rater()) && dot(matrix[row], coefficients) != 0) {
        return false;
      }
    }
    return true;
  }

  private List<long[]> rowsExcept(Set<String> raters) {
    List<long[]> rows = new ArrayList<>();
    rowsByRater.forEach((rater, indexes) -> {
      if (!raters.contains(rater)) {
        indexes.forEach(index -> rows.add(matrix[index]));
      }
    });
    return rows;
  }

  /** A vector of the null space of {@code rest} that is not nothing on the rows of {@code raters}, small if it can. */
  private long[] combination(List<long[]> rest, Set<String> raters) {
    for (long[] candidate : nullSpace(rest)) {
      for (String rater : raters) {
        for (int row : rowsByRater.get(rater)) {
          if (dot(matrix[row], candidate) != 0) {
            long[] symmetric = new long[records];
            for (int i = 0; i < records; i++) {
              symmetric[i] = candidate[i] > PRIME / 2 ? candidate[i] - PRIME : candidate[i];
            }
            return symmetric;
          }
        }
      }
    }
    throw new IllegalStateException("rank dropped without a combination that reads " + raters);
  }

  private long dot(long[] row, long[] vector) {
    long sum = 0;
    for (int i = 0; i < records; i++) {
      sum = (sum + row[i] * Math.floorMod(vector[i], PRIME)) % PRIME;
    }
    return sum;
  }

  /** Rank modulo the prime, by elimination on a copy. */
  private int rank(List<long[]> rows) {
    long[][] reduced = reduce(rows);
    int rank = 0;
    for (long[] row : reduced) {
      for (long value : row) {
        if (value != 0) {
          rank++;
          break;
        }
      }
    }
    return rank;
  }

  /** Reduced row echelon form modulo the prime, of a copy. */
  private long[][] reduce(List<long[]> rows) {
    long[][] m = new long[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = rows.get(i).clone();
    }
    int pivotRow = 0;
    for (int column = 0; column < records && pivotRow < m.length; column++) {
      int found = -1;
      for (int row = pivotRow; row < m.length; row++) {
        if (m[row][column] != 0) {
          found = row;
          break;
        }
      }
      if (found < 0) {
        continue;
      }
      long[] swap = m[pivotRow];
      m[pivotRow] = m[found];
      m[found] = swap;
      long inverse = inverse(m[pivotRow][column]);
      for (int i = 0; i < records; i++) {
        m[pivotRow][i] = m[pivotRow][i] * inverse % PRIME;
      }
      for (int row = 0; row < m.length; row++) {
        if (row != pivotRow && m[row][column] != 0) {
          long factor = m[row][column];
          for (int i = 0; i < records; i++) {
            m[row][i] = Math.floorMod(m[row][i] - factor * m[pivotRow][i] % PRIME, PRIME);
          }
        }
      }
      pivotRow++;
    }
    return m;
  }

  /** A basis of the vectors c with row . c = 0 for every row. */
  private List<long[]> nullSpace(List<long[]> rows) {
    long[][] m = reduce(rows);
    int[] pivotOfColumn = new int[records];
    java.util.Arrays.fill(pivotOfColumn, -1);
    for (int row = 0; row < m.length; row++) {
      for (int column = 0; column < records; column++) {
        if (m[row][column] != 0) {
          pivotOfColumn[column] = row;
          break;
        }
      }
    }
    List<long[]> basis = new ArrayList<>();
    for (int free = 0; free < records; free++) {
      if (pivotOfColumn[free] >= 0) {
        continue;
      }
      long[] vector = new long[records];
      vector[free] = 1;
      for (int column = 0; column < records; column++) {
        if (pivotOfColumn[column] >= 0) {
          vector[column] = Math.floorMod(-m[pivotOfColumn[column]][free], PRIME);
        }
      }
      basis.add(vector);
    }
    return basis;
  }

  private static long inverse(long value) {
    long result = 1;
    long base = value % PRIME;
    for (long exponent = PRIME - 2; exponent > 0; exponent >>= 1) {
      if ((exponent & 1) == 1) {
        result = result * base % PRIME;
      }
      base = base * base % PRIME;
    }
    return result;
  }
}
