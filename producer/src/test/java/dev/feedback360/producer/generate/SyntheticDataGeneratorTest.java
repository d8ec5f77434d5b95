package dev.feedback360.producer.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.producer.parse.InputFormat;
import dev.feedback360.producer.parse.ParsedRow;
import dev.feedback360.producer.parse.ResponseReader;
import dev.feedback360.producer.parse.ResponseReaders;
import dev.feedback360.producer.parse.ResponseRow;
import dev.feedback360.producer.testing.Fixtures;
import dev.feedback360.producer.testing.Outcomes;
import dev.feedback360.producer.validate.ValidatedRow;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticDataGeneratorTest {

  /** After both default cycles (2025-10 and 2026-04, two weeks each, corrections up to three days later). */
  private static final Clock AFTER_DATA = Clock.fixed(Instant.parse("2026-10-01T09:00:00Z"), ZoneOffset.UTC);

  private static List<ResponseRow> rows;

  @TempDir
  Path dir;

  @BeforeAll
  static void generateDefaults() {
    rows = new SyntheticDataGenerator(Fixtures.INSTRUMENT, GeneratorSettings.defaults()).generate();
  }

  @Test
  void shouldBeDeterministicForASeed() {
    List<ResponseRow> again = new SyntheticDataGenerator(Fixtures.INSTRUMENT, GeneratorSettings.defaults())
        .generate();
    List<ResponseRow> otherSeed = new SyntheticDataGenerator(Fixtures.INSTRUMENT,
        GeneratorSettings.defaults().withSeed(7)).generate();

    assertThat(again).isEqualTo(rows);
    assertThat(otherSeed).isNotEqualTo(rows);
  }

  @Test
  void shouldMakeAFewThousandResponsesOverTwoCyclesAndTwelveTeams() {
    assertThat(rows).hasSizeBetween(2_000, 3_000);
    assertThat(rows).extracting(ResponseRow::cycleId).containsOnly("2025-H2", "2026-H1");
    assertThat(rows.stream().map(ResponseRow::teamId).distinct()).hasSize(12);
    assertThat(rows).extracting(ResponseRow::responseId).doesNotHaveDuplicates().first().isEqualTo("resp-000001");
    assertThat(rows).extracting(row -> Instant.parse(row.submittedAt())).isSorted();
  }

  @Test
  void shouldHaveEverySubjectRatedByThemselvesTheirManagerPeersDirectReportsAndOthers() {
    Map<String, Set<String>> groupsPerSubject = rows.stream().collect(Collectors.groupingBy(
        row -> row.cycleId() + "/" + row.subjectId(), Collectors.mapping(ResponseRow::raterGroup, Collectors.toSet())));

    assertThat(groupsPerSubject.values()).allSatisfy(groups -> assertThat(groups).contains("manager"));
    long withAllGroups = groupsPerSubject.values().stream()
        .filter(groups -> groups.containsAll(Set.of("self", "manager", "peer", "direct_report", "other"))).count();
    assertThat(withAllGroups).isGreaterThan(groupsPerSubject.size() / 2);
    assertThat(rows).filteredOn(row -> row.raterGroup().equals("self"))
        .allSatisfy(row -> assertThat(row.raterId()).isEqualTo(row.subjectId()));
    assertThat(rows).filteredOn(row -> !row.raterGroup().equals("self"))
        .allSatisfy(row -> assertThat(row.raterId()).isNotEqualTo(row.subjectId()));
    assertThat(rows).allSatisfy(row -> assertThat(row.raterId()).matches("emp-\\d{5}"));
  }

  @Test
  void shouldLetPeersRateSeveralSubjects() {
    Map<String, Long> subjectsPerPeer = rows.stream().filter(row -> row.raterGroup().equals("peer"))
        .filter(row -> row.cycleId().equals("2025-H2"))
        .collect(Collectors.groupingBy(ResponseRow::raterId, Collectors.counting()));

    assertThat(subjectsPerPeer.values()).anySatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(3));
  }

  @Test
  void shouldLeaveAboutFivePercentOfAnswersNotObservedAndCorrectSomeResponsesLater() {
    long answers = rows.stream().mapToLong(row -> row.scores().size()).sum();
    long notObserved = rows.stream().flatMap(row -> row.scores().values().stream())
        .filter(score -> score.isEmpty() || score.equals("NA")).count();
    Map<String, List<ResponseRow>> perKey = rows.stream().collect(Collectors.groupingBy(
        row -> row.cycleId() + "/" + row.subjectId() + "/" + row.raterId()));
    List<List<ResponseRow>> corrected = perKey.values().stream().filter(versions -> versions.size() > 1).toList();

    assertThat((double) notObserved / answers).isBetween(0.03, 0.07);
    assertThat(corrected).hasSizeBetween(rows.size() / 50, rows.size() / 15)
        .allSatisfy(versions -> {
          assertThat(versions).hasSize(2);
          assertThat(versions.get(1).scores()).isNotEqualTo(versions.get(0).scores());
        });
  }

  @Test
  void shouldGiveTeamsDifferentLeanings() {
    Map<String, Double> balancePerTeam = rows.stream().collect(Collectors.groupingBy(ResponseRow::teamId,
        Collectors.averagingDouble(SyntheticDataGeneratorTest::leaderMinusManager)));

    assertThat(balancePerTeam.values()).anySatisfy(balance -> assertThat(balance).isGreaterThan(0.8));
    assertThat(balancePerTeam.values()).anySatisfy(balance -> assertThat(balance).isLessThan(-0.8));
    assertThat(balancePerTeam.values()).anySatisfy(balance -> assertThat(balance).isBetween(-0.3, 0.3));
  }

  @ParameterizedTest
  @EnumSource(InputFormat.class)
  void shouldWriteFilesThatParseBackToTheSameRowsAndPassValidation(InputFormat format) throws Exception {
    Path file = dir.resolve(format == InputFormat.CSV ? "synthetic.csv" : "synthetic.jsonl");
    ResponseFileWriter.write(rows, Fixtures.INSTRUMENT.itemIds(), format, file);

    List<ParsedRow> parsed = new ArrayList<>();
    try (ResponseReader reader = ResponseReaders.open(file, InputFormat.fromFileName(file), Fixtures.INSTRUMENT)) {
      ParsedRow row;
      while ((row = reader.next()) != null) {
        parsed.add(row);
      }
    }
    StringWriter text = new StringWriter();
    ResponseFileWriter.write(rows, Fixtures.INSTRUMENT.itemIds(), format, text);
    List<ValidatedRow> validated = Outcomes.of(text.toString().getBytes(StandardCharsets.UTF_8), format,
        Fixtures.validator(AFTER_DATA));

    assertThat(parsed).allSatisfy(row -> assertThat(row).isInstanceOf(ParsedRow.Row.class));
    assertThat(parsed).map(row -> ((ParsedRow.Row) row).row()).containsExactlyElementsOf(rows);
    assertThat(validated).hasSize(rows.size())
        .allSatisfy(row -> assertThat(row).isInstanceOf(ValidatedRow.Accepted.class));
  }

  private static double leaderMinusManager(ResponseRow row) {
    Function<String, Double> mean = pole -> Fixtures.INSTRUMENT.items().stream()
        .filter(item -> item.pole().name().equals(pole))
        .map(item -> row.scores().get(item.id()))
        .filter(score -> !score.isEmpty() && !score.equals("NA"))
        .mapToInt(Integer::parseInt).average().orElse(3);
    return mean.apply("LEADER") - mean.apply("MANAGER");
  }
}
