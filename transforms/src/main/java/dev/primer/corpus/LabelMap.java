package dev.primer.corpus;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renames or drops entity types, parsed from a comma-separated list of entries:
 *
 * <ul>
 *   <li>{@code SRC=DST} renames type {@code SRC} to {@code DST}; B/I structure is kept.
 *   <li>{@code SRC=O} drops type {@code SRC}: its tags become {@code O}.
 *   <li>a bare {@code TYPE} keeps {@code TYPE}; as soon as one bare entry is given, the map is
 *       keep-only: every type that is neither kept nor renamed is dropped.
 * </ul>
 *
 * Examples: {@code PERSON=PER,GPE=LOC,MISC=O,DATE=O} (other types pass unchanged), {@code
 * PER,LOC,ORG} (drop all others), {@code PER,LOC,ORG,PERSON=PER}. Entries apply once (not chained).
 * An empty string is the identity map. Types are written without {@code B-}/{@code I-}.
 */
public final class LabelMap implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final LabelMap IDENTITY = new LabelMap(Map.of(), Set.of(), false, "");

  private final Map<String, String> renames;
  private final Set<String> kept;
  private final boolean keepOnly;
  private final String spec;

  private LabelMap(Map<String, String> renames, Set<String> kept, boolean keepOnly, String spec) {
    this.renames = renames;
    this.kept = kept;
    this.keepOnly = keepOnly;
    this.spec = spec;
  }

  /** The map that changes nothing. */
  public static LabelMap identity() {
    return IDENTITY;
  }

  /** Parses a label map; see the class documentation. */
  public static LabelMap parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return IDENTITY;
    }
    Map<String, String> renames = new LinkedHashMap<>();
    Set<String> kept = new LinkedHashSet<>();
    String[] entries = spec.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        throw error(spec, "entry " + (i + 1) + " is empty");
      }
      int eq = entry.indexOf('=');
      if (eq < 0) {
        checkType(spec, entry);
        if (renames.containsKey(entry)) {
          throw error(spec, "'" + entry + "' is both kept and renamed");
        }
        kept.add(entry);
        continue;
      }
      String source = entry.substring(0, eq).trim();
      String target = entry.substring(eq + 1).trim();
      if (source.isEmpty() || target.isEmpty() || target.indexOf('=') >= 0) {
        throw error(spec, "entry '" + entry + "' is not SOURCE=TARGET");
      }
      checkType(spec, source);
      if (!target.equals("O")) {
        checkType(spec, target);
      }
      if (kept.contains(source)) {
        throw error(spec, "'" + source + "' is both kept and renamed");
      }
      if (renames.put(source, target) != null) {
        throw error(spec, "'" + source + "' is mapped twice");
      }
    }
    return new LabelMap(
        Collections.unmodifiableMap(renames),
        Collections.unmodifiableSet(kept),
        !kept.isEmpty(),
        spec.trim());
  }

  private static void checkType(String spec, String type) {
    if (type.equals("O")) {
      throw error(spec, "'O' is not an entity type and cannot be kept or renamed");
    }
    if (type.startsWith("B-") || type.startsWith("I-")) {
      throw error(spec, "write entity types without B-/I- (got '" + type + "')");
    }
    if (!TYPE.matcher(type).matches()) {
      throw error(spec, "'" + type + "' is not an entity type (letters, digits, '_', '.', '-')");
    }
  }

  private static IllegalArgumentException error(String spec, String problem) {
    return new IllegalArgumentException(
        "label map '"
            + spec
            + "': "
            + problem
            + " (expected entries SRC=DST, SRC=O or TYPE, comma separated)");
  }

  /** The type {@code type} becomes, or null when it is dropped. */
  public String map(String type) {
    String target = renames.get(type);
    if (target != null) {
      return target.equals("O") ? null : target;
    }
    if (keepOnly && !kept.contains(type)) {
      return null;
    }
    return type;
  }

  /** Whether the map names {@code type} as a source (renamed, dropped or kept). */
  public boolean names(String type) {
    return renames.containsKey(type) || kept.contains(type);
  }

  /** Whether the map changes nothing. */
  public boolean isIdentity() {
    return renames.isEmpty() && !keepOnly;
  }

  /** The map as it was given. */
  @Override
  public String toString() {
    return spec;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelMap
        && renames.equals(((LabelMap) o).renames)
        && kept.equals(((LabelMap) o).kept);
  }

  @Override
  public int hashCode() {
    return renames.hashCode() * 31 + kept.hashCode();
  }
}
