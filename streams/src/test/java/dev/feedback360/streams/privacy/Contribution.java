package dev.feedback360.streams.privacy;

/** Exact integer totals of scores on one cell: count, sum and sum of squares. */
record Contribution(int n, long sum, long sumOfSquares) {

  static final Contribution NONE = new Contribution(0, 0, 0);

  Contribution plus(Contribution other) {
    return new Contribution(n + other.n, sum + other.sum, sumOfSquares + other.sumOfSquares);
  }

  Contribution minus(Contribution other) {
    return new Contribution(n - other.n, sum - other.sum, sumOfSquares - other.sumOfSquares);
  }

  Contribution plusScore(int score) {
    return new Contribution(n + 1, sum + score, sumOfSquares + (long) score * score);
  }

  boolean isEmpty() {
    return n == 0;
  }

  @Override
  public String toString() {
    return "(n=" + n + " sum=" + sum + " sq=" + sumOfSquares + ")";
  }
}
