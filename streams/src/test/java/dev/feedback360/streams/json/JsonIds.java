package dev.feedback360.streams.json;

import java.util.Random;

/** Identifiers the JSON writers' random tests draw from: plain ones and every kind that needs escaping. */
final class JsonIds {

  private static final String[] IDS = {"2026-H2", "T1", "team with spaces", "q\"uote", "back\\slash", "tab\there",
      "nl\n", "\u0001", "caf\u00e9", "\u2028", "\ud83d\ude00", "", "~!@#$%^&*()_+{}|:<>?`-=[];',./"};

  private JsonIds() {}

  static String any(Random random) {
    return IDS[random.nextInt(IDS.length)];
  }
}
