package dev.primer.corpus;

import dev.primer.io.DeadLetters;
import dev.primer.schemas.Sentence;
import dev.primer.schemas.SourcePosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The sentence-level checks of {@link CorpusFileParser}'s second pass: turns each finished {@link
 * PendingSentence} into exactly one {@link Sentence} (IOB2-repaired, allowed types checked,
 * label-mapped, with its {@link SentenceIds id} and position) or one dead letter, and sends it to
 * the sink. Counts the ordinal of every sentence of the file (rejected ones included) and every
 * record emitted.
 */
final class SentenceAssembler {

  private final CorpusFile file;
  private final StageSettings settings;
  private final ParseSink sink;
  private long ordinal;
  private long emitted;

  SentenceAssembler(CorpusFile file, StageSettings settings, ParseSink sink) {
    this.file = file;
    this.settings = settings;
    this.sink = sink;
  }

  /** Sentences and dead letters sent to the sink so far. */
  long emitted() {
    return emitted;
  }

  /** Emits the sentence or its dead letter; a sentence with no line is skipped. */
  void finish(PendingSentence s, String lang) {
    if (s == null || s.lineCount() == 0) {
      return;
    }
    long index = ordinal++;
    if (s.hasProblem()) {
      deadLetter(s.errorLine(), s.errorOffset(), s.raw(), s.reason(), s.detail(), lang);
      return;
    }
    String[] tags = s.tags.toArray(new String[0]);
    List<String> repairs = new ArrayList<>(0);
    int invalid = IobTags.toIob2(tags, file.iob(), settings.iobPolicy(), repairs);
    int disallowed = firstDisallowed(tags);
    if (invalid >= 0 && (disallowed < 0 || invalid < disallowed)) {
      String type = IobTags.type(tags[invalid]);
      s.problemAtToken(
          DeadLetterReason.INVALID_IOB,
          invalid,
          "token "
              + invalid
              + " '"
              + s.tokens.get(invalid)
              + "': I-"
              + type
              + (invalid == 0 ? " starts the sentence" : " follows " + tags[invalid - 1])
              + "; IOB2 needs B-"
              + type);
    } else if (disallowed >= 0) {
      s.problemAtToken(
          DeadLetterReason.UNKNOWN_TAG,
          disallowed,
          "token "
              + disallowed
              + " '"
              + s.tokens.get(disallowed)
              + "': type "
              + settings.labelMap().map(IobTags.type(tags[disallowed]))
              + " is not among the allowed types "
              + settings.allowedTypes());
    }
    if (s.hasProblem()) {
      deadLetter(s.errorLine(), s.errorOffset(), s.raw(), s.reason(), s.detail(), lang);
      return;
    }
    applyLabelMap(tags, repairs);
    List<String> tagList = Arrays.asList(tags);
    emitted++;
    sink.sentence(
        Sentence.newBuilder()
            .setId(SentenceIds.of(lang, file.split(), s.tokens, tagList))
            .setLang(lang)
            .setCorpus(file.corpus())
            .setSplit(file.split())
            .setTokens(s.tokens)
            .setTags(tagList)
            .setPosition(
                SourcePosition.newBuilder()
                    .setSource(file.source())
                    .setLine(s.startLine)
                    .setByteOffset(s.startOffset)
                    .setOrdinal(index)
                    .build())
            .setCopies(1)
            .setRepairs(repairs)
            .build());
  }

  private int firstDisallowed(String[] tags) {
    Set<String> allowed = settings.allowedTypes();
    if (allowed.isEmpty()) {
      return -1;
    }
    for (int i = 0; i < tags.length; i++) {
      String type = IobTags.type(tags[i]);
      if (type != null) {
        String mapped = settings.labelMap().map(type);
        if (mapped != null && !allowed.contains(mapped)) {
          return i;
        }
      }
    }
    return -1;
  }

  private void applyLabelMap(String[] tags, List<String> repairs) {
    LabelMap map = settings.labelMap();
    if (map.isIdentity()) {
      return;
    }
    Set<String> dropped = null;
    for (int i = 0; i < tags.length; i++) {
      String type = IobTags.type(tags[i]);
      if (type == null) {
        continue;
      }
      String mapped = map.map(type);
      if (mapped == null) {
        tags[i] = "O";
        if (dropped == null) {
          dropped = new LinkedHashSet<>();
        }
        dropped.add(type);
      } else if (!mapped.equals(type)) {
        tags[i] = tags[i].charAt(0) + "-" + mapped;
      }
    }
    if (dropped != null) {
      for (String type : dropped) {
        repairs.add("DROPPED_TYPE:" + type);
      }
    }
  }

  /** Emits the one {@code UNREADABLE_FILE} dead letter of a file that failed verification. */
  void unreadable(CorpusFileVerifier.Verification v, String lang) {
    String detail =
        "the file cannot be read to its end, so none of its sentences is kept: decoding failed"
            + " at line "
            + v.line()
            + ", byte "
            + v.offset()
            + " of the decompressed stream"
            + (v.compressedOffset() >= 0 ? " (compressed byte " + v.compressedOffset() + ")" : "")
            + ": "
            + v.failure();
    deadLetter(v.line(), v.offset(), "", DeadLetterReason.UNREADABLE_FILE, detail, lang);
  }

  /** Emits one dead letter of this file. */
  void deadLetter(
      long line, long offset, String raw, DeadLetterReason reason, String detail, String lang) {
    emitted++;
    sink.deadLetter(
        DeadLetters.of(
            CorpusFileParser.STAGE, file.source(), line, offset, raw, reason.name(), detail, lang),
        file.split());
  }
}
