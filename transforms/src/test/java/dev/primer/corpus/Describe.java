package dev.primer.corpus;

import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/** One-line descriptions of staged records, for readable {@code PAssert} checks. */
final class Describe {
  private Describe() {}

  /** {@code lang/split corpus | tokens | tags | file:line xcopies [repairs]}. */
  static String sentence(Sentence s) {
    return s.getLang()
        + "/"
        + s.getSplit()
        + " "
        + s.getCorpus()
        + " | "
        + String.join(" ", s.getTokens())
        + " | "
        + String.join(" ", s.getTags())
        + " | "
        + FileNameRules.fileName(s.getPosition().getSource())
        + ":"
        + s.getPosition().getLine()
        + " x"
        + s.getCopies()
        + (s.getRepairs().isEmpty() ? "" : " " + s.getRepairs());
  }

  /** {@code file:line@offset REASON lang}. */
  static String deadLetter(DeadLetter d) {
    return FileNameRules.fileName(d.getSource())
        + ":"
        + d.getLine()
        + "@"
        + d.getByteOffset()
        + " "
        + d.getReason()
        + " "
        + d.getLang();
  }

  static PCollection<String> sentences(PCollection<Sentence> sentences) {
    return sentences("DescribeSentences", sentences);
  }

  static PCollection<String> sentences(String stepName, PCollection<Sentence> sentences) {
    return sentences.apply(
        stepName, MapElements.into(TypeDescriptors.strings()).via(Describe::sentence));
  }

  static PCollection<String> ids(String stepName, PCollection<Sentence> sentences) {
    return sentences.apply(
        stepName, MapElements.into(TypeDescriptors.strings()).via(Sentence::getId));
  }

  static PCollection<String> deadLetters(PCollection<DeadLetter> letters) {
    return letters.apply(
        "DescribeDeadLetters",
        MapElements.into(TypeDescriptors.strings()).via(Describe::deadLetter));
  }
}
