package dev.primer.corpus;

import java.util.List;

/**
 * primer's one reading of IOB tags: the grammar of a source corpus's tags, the conversion of a
 * sentence's tags to valid IOB2 ({@link IobScheme}, {@link IobPolicy}), and the looser shape of the
 * tags a staged corpus and a {@code labels.json} hold (read by {@code encode}).
 *
 * <p>The tag grammar of a source file ({@link #isValid(String, LabelMap)}): a tag is {@code O}, or
 * {@code B-} or {@code I-} followed by a type. A type is an upper-case ASCII letter followed by
 * upper-case ASCII letters, digits and {@code _} ({@code PER}, {@code DATE}, {@code B_ORG2}), or
 * any type the label map names as a source ({@link LabelMap#names}), which is how a corpus with
 * other spellings ({@code loc=LOC}) is read. So {@code B-loc}, {@code B-PER-X}, {@code I-XYZ\u0000}
 * and anything with whitespace or control characters are not tags. New upper-case types pass; the
 * stage's statistics list every type.
 *
 * <p>A staged tag ({@link #isStagedTag}) is what the stage writes after label mapping, whose
 * targets may be any {@link LabelMap} type ({@code loc}, {@code per.x}): {@code O}, or {@code B-}
 * or {@code I-} followed by a type that is non-empty, is not {@code O} and has no whitespace
 * ({@link #isStagedType}). Every tag of the source grammar but {@code B-O}/{@code I-O} is a staged
 * tag with the same type.
 */
public final class IobTags {

  /** The outside tag. */
  public static final String OUTSIDE = "O";

  /** Recorded once in {@code Sentence.repairs} when an IOB1 sentence's tags were converted. */
  public static final String IOB1_TO_IOB2 = "IOB1_TO_IOB2";

  /** Prefix of the repair recorded for an {@code I-X} after {@code O} or at the start. */
  public static final String I_AFTER_O = "I_AFTER_O@";

  /** Prefix of the repair recorded for an {@code I-X} after a tag of another type. */
  public static final String I_AFTER_OTHER = "I_AFTER_OTHER@";

  private IobTags() {}

  /** Whether {@code tag} follows the tag grammar with no label map (class documentation). */
  public static boolean isValid(String tag) {
    return isValid(tag, LabelMap.identity());
  }

  /** Whether {@code tag} follows the tag grammar, where the types {@code map} names also pass. */
  public static boolean isValid(String tag, LabelMap map) {
    if (tag.equals("O")) {
      return true;
    }
    if (tag.length() < 3
        || (tag.charAt(0) != 'B' && tag.charAt(0) != 'I')
        || tag.charAt(1) != '-') {
      return false;
    }
    String type = tag.substring(2);
    return isCanonicalType(type) || map.names(type);
  }

  /** Whether {@code type} is upper-case letters, digits and '_', starting with a letter. */
  public static boolean isCanonicalType(String type) {
    if (type.isEmpty() || type.charAt(0) < 'A' || type.charAt(0) > 'Z') {
      return false;
    }
    for (int i = 1; i < type.length(); i++) {
      char c = type.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** The entity type of a tag valid in the source grammar, or null for {@code O}. */
  public static String type(String tag) {
    return tag.equals("O") ? null : tag.substring(2);
  }

  /** Whether {@code tag} is a staged tag: {@code O}, or {@code B-}/{@code I-} and a staged type. */
  public static boolean isStagedTag(String tag) {
    return OUTSIDE.equals(tag) || entityType(tag) != null;
  }

  /**
   * The entity type of a staged {@code B-}/{@code I-} tag, or null for {@code O} and for anything
   * that is not a staged tag (null included).
   */
  public static String entityType(String tag) {
    if (tag == null || tag.length() < 3 || tag.charAt(1) != '-') {
      return null;
    }
    char prefix = tag.charAt(0);
    if (prefix != 'B' && prefix != 'I') {
      return null;
    }
    String type = tag.substring(2);
    return isStagedType(type) ? type : null;
  }

  /** Whether {@code type} can name an entity type of a staged tag: non-empty, not O, no spaces. */
  public static boolean isStagedType(String type) {
    if (type == null || type.isEmpty() || OUTSIDE.equals(type)) {
      return false;
    }
    return type.codePoints().noneMatch(Character::isWhitespace);
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
