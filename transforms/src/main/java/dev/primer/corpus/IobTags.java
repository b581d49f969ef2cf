package dev.primer.corpus;

import java.util.List;

/**
 * IOB tag checks and the conversion of a sentence's tags to valid IOB2 ({@link IobScheme}, {@link
 * IobPolicy}). A tag is {@code O}, {@code B-TYPE} or {@code I-TYPE} with a non-empty {@code TYPE}
 * free of whitespace; case matters.
 */
public final class IobTags {

  /** Recorded once in {@code Sentence.repairs} when an IOB1 sentence's tags were converted. */
  public static final String IOB1_TO_IOB2 = "IOB1_TO_IOB2";

  /** Prefix of the repair recorded for an {@code I-X} after {@code O} or at the start. */
  public static final String I_AFTER_O = "I_AFTER_O@";

  /** Prefix of the repair recorded for an {@code I-X} after a tag of another type. */
  public static final String I_AFTER_OTHER = "I_AFTER_OTHER@";

  private IobTags() {}

  /** Whether {@code tag} is {@code O}, {@code B-TYPE} or {@code I-TYPE}. */
  public static boolean isValid(String tag) {
    if (tag.equals("O")) {
      return true;
    }
    if (tag.length() < 3
        || (tag.charAt(0) != 'B' && tag.charAt(0) != 'I')
        || tag.charAt(1) != '-') {
      return false;
    }
    for (int i = 2; i < tag.length(); i++) {
      if (Character.isWhitespace(tag.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The entity type of a valid tag, or null for {@code O}. */
  public static String type(String tag) {
    return tag.equals("O") ? null : tag.substring(2);
  }

  /**
   * Turns valid tags into IOB2 in place, appending what it changed to {@code repairs}.
   *
   * @return -1, or the index of the first {@code I-} tag that does not continue its entity when the
   *     sentence is IOB2 and the policy is {@link IobPolicy#DEAD_LETTER} (then the sentence is to
   *     be rejected and {@code tags} may be partly changed)
   */
  public static int toIob2(
      String[] tags, IobScheme scheme, IobPolicy policy, List<String> repairs) {
    boolean iob1 = scheme == IobScheme.IOB1 || (scheme == IobScheme.AUTO && looksLikeIob1(tags));
    return iob1 ? convertIob1(tags, repairs) : repairIob2(tags, policy, repairs);
  }

  /**
   * Whether the tags read as IOB1: some {@code I-X} starts an entity and every {@code B-X} directly
   * follows an {@code X} token.
   */
  static boolean looksLikeIob1(String[] tags) {
    boolean iStartsEntity = false;
    String previous = null;
    for (String tag : tags) {
      String type = type(tag);
      if (type != null) {
        boolean continues = type.equals(previous);
        if (tag.charAt(0) == 'I' && !continues) {
          iStartsEntity = true;
        } else if (tag.charAt(0) == 'B' && !continues) {
          return false;
        }
      }
      previous = type;
    }
    return iStartsEntity;
  }

  private static int convertIob1(String[] tags, List<String> repairs) {
    boolean changed = false;
    String previous = null;
    for (int i = 0; i < tags.length; i++) {
      String type = type(tags[i]);
      if (type != null && tags[i].charAt(0) == 'I' && !type.equals(previous)) {
        tags[i] = "B-" + type;
        changed = true;
      }
      previous = type;
    }
    if (changed) {
      repairs.add(IOB1_TO_IOB2);
    }
    return -1;
  }

  private static int repairIob2(String[] tags, IobPolicy policy, List<String> repairs) {
    String previous = null;
    for (int i = 0; i < tags.length; i++) {
      String type = type(tags[i]);
      if (type != null && tags[i].charAt(0) == 'I' && !type.equals(previous)) {
        if (policy == IobPolicy.DEAD_LETTER) {
          return i;
        }
        repairs.add((previous == null ? I_AFTER_O : I_AFTER_OTHER) + i);
        tags[i] = "B-" + type;
      }
      previous = type;
    }
    return -1;
  }
}
