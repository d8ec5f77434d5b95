package dev.feedback360.producer.instrument;

import dev.feedback360.avro.Axis;
import dev.feedback360.avro.Pole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A versioned questionnaire: the Likert items raters answer, each tied to an axis and a pole.
 *
 * <p>Instruments live in JSON files that users may replace ({@link #load(Path)}); the built-in one is
 * {@link #defaultInstrument()}. The file format is
 *
 * <pre>{@code
 * {"id": "leadership-vs-management", "version": 1,
 *  "items": [{"id": "CHANGE_L1", "axis": "CHANGE", "pole": "LEADER", "text": "This person ..."}, ...]}
 * }</pre>
 *
 * <p>An instrument is valid when its id is 1 to 64 lower case letters, digits, '.', '_' or '-', its version is at
 * least 1, item ids are unique and well formed ({@link Item#ID_SYNTAX}), and every (axis, pole) pair has at least
 * one item. Items keep their file order, which is the order of answers in each
 * {@link dev.feedback360.avro.SurveyResponse}.
 *
 * @param id instrument id, carried in every response
 * @param version instrument version, carried in every response
 * @param items the items in questionnaire order
 */
public record Instrument(String id, int version, List<Item> items) {

  /** Syntax of instrument ids. */
  public static final Pattern ID_SYNTAX = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private static final String DEFAULT_RESOURCE = "default-instrument.json";

  public Instrument {
    Objects.requireNonNull(id, "instrument id is required");
    if (!ID_SYNTAX.matcher(id).matches()) {
      throw new IllegalArgumentException("instrument id '" + id + "' is invalid: use 1 to 64 lower case letters, "
          + "digits, '.', '_' and '-', starting with a letter or digit");
    }
    if (version < 1) {
      throw new IllegalArgumentException("instrument version must be at least 1, got " + version);
    }
    items = List.copyOf(Objects.requireNonNull(items, "items are required"));
    requireUniqueIds(items);
    requireEveryCell(items);
  }

  /**
   * Reads and validates an instrument file.
   *
   * @throws InvalidInstrumentException naming the file when it cannot be read, is not valid JSON, or does not
   *     describe a valid instrument
   */
  public static Instrument load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return InstrumentReader.read(in, file.toString());
    } catch (IOException e) {
      throw new InvalidInstrumentException("Cannot read instrument file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The built-in instrument {@code leadership-vs-management} version 1: 12 items, two per (axis, pole). */
  public static Instrument defaultInstrument() {
    try (InputStream in = Instrument.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Resource " + DEFAULT_RESOURCE + " is missing from the build");
      }
      return InstrumentReader.read(in, "built-in " + DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read built-in " + DEFAULT_RESOURCE, e);
    }
  }

  /** The item with this id, if the instrument has one. */
  public Optional<Item> item(String itemId) {
    return items.stream().filter(item -> item.id().equals(itemId)).findFirst();
  }

  /** Item ids in questionnaire order. */
  public List<String> itemIds() {
    return items.stream().map(Item::id).toList();
  }

  private static void requireUniqueIds(List<Item> items) {
    Set<String> seen = new HashSet<>();
    for (Item item : items) {
      if (!seen.add(item.id())) {
        throw new IllegalArgumentException("item id " + item.id() + " appears more than once");
      }
    }
  }

  private static void requireEveryCell(List<Item> items) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Axis axis : Axis.values()) {
      for (Pole pole : Pole.values()) {
        counts.put(axis + "/" + pole, 0);
      }
    }
    items.forEach(item -> counts.merge(item.axis() + "/" + item.pole(), 1, Integer::sum));
    List<String> empty = new ArrayList<>();
    counts.forEach((cell, count) -> {
      if (count == 0) {
        empty.add(cell);
      }
    });
    if (!empty.isEmpty()) {
      throw new IllegalArgumentException("every axis needs at least one LEADER and one MANAGER item; no item for "
          + String.join(", ", empty));
    }
  }
}
