package dev.primer.seqeval;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a tag sequence into entity chunks exactly as seqeval's default mode does ({@code
 * seqeval.metrics.sequence_labeling.get_entities} with {@code suffix=False}, the conlleval-style
 * rules of {@code start_of_chunk}/{@code end_of_chunk}).
 *
 * <p>Consequences of those rules: an {@code I-X} after {@code O} or after another type starts a new
 * chunk (so a lone {@code I-PER} is an entity); a chunk ends before {@code O}, {@code B-}, {@code
 * S-} or a change of type; {@code E-} and {@code S-} tags (IOBES) are honoured too.
 *
 * <p>Unlike seqeval, which only warns, tags other than {@code O}, {@code B}, {@code I}, {@code E},
 * {@code S}, optionally followed by {@code -TYPE}, are rejected. For valid tags this makes
 * per-sentence chunking identical to seqeval's chunking of the concatenated corpus.
 */
public final class IobChunker {

  private IobChunker() {}

  /**
   * Returns the entity chunks of one sentence, in order.
   *
   * @throws IllegalArgumentException if a tag is not a valid IOB/IOBES tag
   */
  public static List<EntitySpan> chunks(List<String> tags) {
    List<EntitySpan> chunks = new ArrayList<>();
    char prevTag = 'O';
    String prevType = "";
    int begin = 0;
    int n = tags.size();
    for (int i = 0; i <= n; i++) {
      String chunk = i < n ? tags.get(i) : "O";
      validate(chunk, i);
      char tag = chunk.charAt(0);
      String type = typeOf(chunk);
      if (endOfChunk(prevTag, tag, prevType, type)) {
        chunks.add(new EntitySpan(prevType, begin, i - 1));
      }
      if (startOfChunk(prevTag, tag, prevType, type)) {
        begin = i;
      }
      prevTag = tag;
      prevType = type;
    }
    return chunks;
  }

  /** The type part of a tag as seqeval derives it; {@code "_"} when there is none. */
  static String typeOf(String chunk) {
    String rest = chunk.substring(1);
    int dash = rest.indexOf('-');
    String type = dash >= 0 ? rest.substring(dash + 1) : rest;
    return type.isEmpty() ? "_" : type;
  }

  private static void validate(String chunk, int index) {
    if (chunk == null || chunk.isEmpty()) {
      throw new IllegalArgumentException("Empty tag at position " + index);
    }
    if (chunk.length() == 1 && "OBIES".indexOf(chunk.charAt(0)) >= 0) {
      return;
    }
    if (chunk.length() >= 2 && "BIES".indexOf(chunk.charAt(0)) >= 0 && chunk.charAt(1) == '-') {
      return;
    }
    throw new IllegalArgumentException(
        "Invalid tag '" + chunk + "' at position " + index + ": expected O, B-X, I-X, E-X or S-X");
  }

  private static boolean endOfChunk(char prevTag, char tag, String prevType, String type) {
    boolean end = prevTag == 'E' || prevTag == 'S';
    if ((prevTag == 'B' || prevTag == 'I') && (tag == 'B' || tag == 'S' || tag == 'O')) {
      end = true;
    }
    if (prevTag != 'O' && prevTag != '.' && !prevType.equals(type)) {
      end = true;
    }
    return end;
  }

  private static boolean startOfChunk(char prevTag, char tag, String prevType, String type) {
    boolean start = tag == 'B' || tag == 'S';
    if ((prevTag == 'E' || prevTag == 'S' || prevTag == 'O') && (tag == 'E' || tag == 'I')) {
      start = true;
    }
    if (tag != 'O' && tag != '.' && !prevType.equals(type)) {
      start = true;
    }
    return start;
  }
}
