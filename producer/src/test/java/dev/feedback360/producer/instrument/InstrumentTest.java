package dev.feedback360.producer.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstrumentTest {

  @TempDir
  Path dir;

  @Test
  void shouldShipTheLeadershipVersusManagementInstrumentWithTwelveItemsTwoPerCell() {
    Instrument instrument = Instrument.defaultInstrument();

    assertThat(instrument.id()).isEqualTo("leadership-vs-management");
    assertThat(instrument.version()).isEqualTo(1);
    assertThat(instrument.itemIds()).containsExactly("CHANGE_L1", "CHANGE_L2", "CHANGE_M1", "CHANGE_M2",
        "FOCUS_L1", "FOCUS_L2", "FOCUS_M1", "FOCUS_M2", "HORIZON_L1", "HORIZON_L2", "HORIZON_M1", "HORIZON_M2");
    Map<String, Long> perCell = instrument.items().stream()
        .collect(Collectors.groupingBy(item -> item.axis() + "/" + item.pole(), Collectors.counting()));
    assertThat(perCell).hasSize(6).allSatisfy((cell, count) -> assertThat(count).isEqualTo(2));
    assertThat(instrument.items()).allSatisfy(item -> {
      assertThat(item.id()).startsWith(item.axis().name() + "_" + (item.pole() == Pole.LEADER ? "L" : "M"));
      assertThat(item.text()).startsWith("This person ");
    });
  }

  @Test
  void shouldLoadAReplacementInstrumentFile() throws Exception {
    Path file = Files.writeString(dir.resolve("short.json"), """
        {"id": "short-form", "version": 3, "items": [
          {"id": "C_L", "axis": "CHANGE", "pole": "LEADER", "text": "Tries new things."},
          {"id": "C_M", "axis": "change", "pole": "manager", "text": "Keeps things running."},
          {"id": "F_L", "axis": "FOCUS", "pole": "LEADER", "text": "Inspires people."},
          {"id": "F_M", "axis": "FOCUS", "pole": "MANAGER", "text": "Follows the process."},
          {"id": "H_L", "axis": "HORIZON", "pole": "LEADER", "text": "Plans ahead."},
          {"id": "H_M", "axis": "HORIZON", "pole": "MANAGER", "text": "Meets this week's goals."}
        ]}
        """);

    Instrument instrument = Instrument.load(file);

    assertThat(instrument.id()).isEqualTo("short-form");
    assertThat(instrument.version()).isEqualTo(3);
    assertThat(instrument.item("C_M")).hasValueSatisfying(item -> {
      assertThat(item.axis()).isEqualTo(Axis.CHANGE);
      assertThat(item.pole()).isEqualTo(Pole.MANAGER);
    });
    assertThat(instrument.item("NOPE")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      duplicate item id | {"id":"x","version":1,"items":[ITEMS,{"id":"C_L","axis":"CHANGE","pole":"LEADER","text":"t"}]} | C_L appears more than once
      bad item id       | {"id":"x","version":1,"items":[ITEMS,{"id":"c-1","axis":"CHANGE","pole":"LEADER","text":"t"}]} | item id 'c-1' is invalid
      unknown axis      | {"id":"x","version":1,"items":[ITEMS,{"id":"X_1","axis":"SPEED","pole":"LEADER","text":"t"}]} | axis 'SPEED' is unknown
      unknown pole      | {"id":"x","version":1,"items":[ITEMS,{"id":"X_1","axis":"CHANGE","pole":"BOSS","text":"t"}]} | pole 'BOSS' is unknown
      missing text      | {"id":"x","version":1,"items":[ITEMS,{"id":"X_1","axis":"CHANGE","pole":"LEADER"}]} | needs a string field 'text'
      unknown field     | {"id":"x","version":1,"colour":"red","items":[ITEMS]} | unknown field 'colour'
      version zero      | {"id":"x","version":0,"items":[ITEMS]} | version must be at least 1
      bad instrument id | {"id":"Big Id","version":1,"items":[ITEMS]} | instrument id 'Big Id' is invalid
      no items          | {"id":"x","version":1,"items":[]} | items must be a non-empty array
      empty cell        | {"id":"x","version":1,"items":[{"id":"C_L","axis":"CHANGE","pole":"LEADER","text":"t"}]} | no item for CHANGE/MANAGER
      not json          | {"id":"x", | not valid JSON
      duplicate key     | {"id":"x","id":"y","version":1,"items":[ITEMS]} | not valid JSON
      """)
  void shouldRefuseAnInvalidInstrumentNamingTheFileAndTheProblem(String name, String json, String expected)
      throws Exception {
    Path file = Files.writeString(dir.resolve("instrument.json"), json.replace("ITEMS", allCells()));

    assertThatThrownBy(() -> Instrument.load(file))
        .isInstanceOf(InvalidInstrumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(expected);
  }

  @Test
  void shouldRefuseAMissingFile() {
    Path missing = dir.resolve("missing.json");

    assertThatThrownBy(() -> Instrument.load(missing))
        .isInstanceOf(InvalidInstrumentException.class)
        .hasMessageContaining("Cannot read instrument file " + missing);
  }

  private static String allCells() {
    return List.of("C_L:CHANGE:LEADER", "C_M:CHANGE:MANAGER", "F_L:FOCUS:LEADER", "F_M:FOCUS:MANAGER",
        "H_L:HORIZON:LEADER", "H_M:HORIZON:MANAGER").stream()
        .map(spec -> spec.split(":"))
        .map(p -> "{\"id\":\"" + p[0] + "\",\"axis\":\"" + p[1] + "\",\"pole\":\"" + p[2] + "\",\"text\":\"t\"}")
        .collect(Collectors.joining(","));
  }
}
