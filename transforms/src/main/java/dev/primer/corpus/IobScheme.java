package dev.primer.corpus;

import java.util.Locale;

/**
 * The tagging scheme of an input file, set per corpus spec with {@code iob=iob1|iob2|auto}. Staged
 * sentences are always IOB2.
 *
 * <ul>
 *   <li>{@link #IOB2} (the default; every corpus in {@code ../shared} is IOB2): every entity starts
 *       with {@code B-}. An {@code I-X} that does not continue an {@code X} entity is an error,
 *       handled by the {@link IobPolicy}.
 *   <li>{@link #IOB1} (e.g. the original CoNLL-2003 files): an entity starts with {@code I-};
 *       {@code B-X} is used only for an {@code X} entity that directly follows another {@code X}
 *       entity. Each sentence whose tags change is converted to IOB2 and records {@code
 *       IOB1_TO_IOB2}; no sentence is rejected for its IOB structure.
 *   <li>{@link #AUTO}: decided per sentence. A sentence is taken as IOB1 when some {@code I-X}
 *       starts an entity and every {@code B-X} directly follows an {@code X} token (how IOB1 uses
 *       {@code B-}); otherwise it is IOB2. A genuine IOB1 file therefore converts like {@link
 *       #IOB1}; in an IOB2 file, a sentence whose only entity starts with {@code I-} is converted
 *       (same tags as a repair) instead of going through the {@link IobPolicy}.
 * </ul>
 */
public enum IobScheme {
  IOB1,
  IOB2,
  AUTO;

  /** Parses {@code iob1}, {@code iob2} or {@code auto} (any case). */
  public static IobScheme parse(String value) {
    for (IobScheme scheme : values()) {
      if (scheme.name().equalsIgnoreCase(value.trim())) {
        return scheme;
      }
    }
    throw new IllegalArgumentException(
        "unknown IOB scheme '" + value + "': use iob1, iob2 or auto");
  }

  /** The name used in corpus specs: {@code iob1}, {@code iob2} or {@code auto}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
