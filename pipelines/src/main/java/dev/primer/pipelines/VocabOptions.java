package dev.primer.pipelines;

import dev.primer.vocab.MergeScore;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code vocab} stage. */
public interface VocabOptions extends PrimerOptions {

  /** How the vocabulary is made. */
  enum VocabMode {
    /** Learn a WordPiece vocabulary of --vocabSize pieces from the staged corpus. */
    learn,
    /** Take --tokenizer and keep only the pieces the staged corpus uses (ids remapped). */
    prune,
    /** Take --tokenizer as it is. */
    pretrained
  }

  @Description(
      "learn: a new WordPiece vocabulary from the staged corpus; prune: --tokenizer reduced to"
          + " the pieces the corpus uses, with an old->new id mapping for slicing embeddings;"
          + " pretrained: --tokenizer unchanged.")
  @Default.Enum("learn")
  VocabMode getVocabMode();

  void setVocabMode(VocabMode value);

  @Description(
      "A HuggingFace tokenizer.json (path or URI) for --vocabMode=prune|pretrained, e.g."
          + " ../shared/models/mbert-base-cased/tokenizer.json.")
  @Default.String("")
  String getTokenizer();

  void setTokenizer(String value);

  @Description("Number of pieces to learn, special tokens included (learn mode).")
  @Default.Integer(8000)
  Integer getVocabSize();

  void setVocabSize(Integer value);

  @Description("Least frequency of a pair of pieces to be merged (learn mode).")
  @Default.Long(2L)
  Long getMinPairFrequency();

  void setMinPairFrequency(Long value);

  @Description(
      "Merge rule when learning: frequency (BPE-style, the HuggingFace WordPiece trainer's) or"
          + " wordpiece (count(ab)/(count(a)count(b))).")
  @Default.Enum("FREQUENCY")
  MergeScore getMergeRule();

  void setMergeRule(MergeScore value);

  @Description("Lower-case and strip accents when learning (an uncased vocabulary).")
  @Default.Boolean(false)
  Boolean getUncased();

  void setUncased(Boolean value);

  @Description(
      "Splits whose words build the vocabulary (learn) or decide which pieces to keep (prune),"
          + " comma separated; empty means all splits.")
  @Default.String("train")
  String getVocabSplits();

  void setVocabSplits(String value);

  @Description(
      "When pruning, keep every single-character piece too, so that unseen words do not become"
          + " [UNK].")
  @Default.Boolean(true)
  Boolean getKeepSingleCharacters();

  void setKeepSingleCharacters(Boolean value);
}
