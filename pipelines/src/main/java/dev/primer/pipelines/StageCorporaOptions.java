package dev.primer.pipelines;

import dev.primer.corpus.IobPolicy;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code stage} stage. */
public interface StageCorporaOptions extends PrimerOptions {

  @Description(
      "Corpus spec FORMAT[;lang=L][;split=S][;name=N][;iob=iob1|iob2|auto]:PATTERN (repeatable;"
          + " quote it for the shell; ',' also separates keys). Formats: panx, conll2002,"
          + " conll2003, masakhaner, uner. PATTERN is a path, URI or glob on any Beam file system"
          + " (gs://...; braces with commas work); gzip or plain. Language and split come from"
          + " the file name unless given.")
  List<String> getCorpus();

  void setCorpus(List<String> value);

  @Description(
      "What to do with an I-X tag after O or after another type in IOB2 data: repair (turn it"
          + " into B-X and record it) or dead-letter (reject the sentence).")
  @Default.Enum("REPAIR")
  IobPolicy getIobPolicy();

  void setIobPolicy(IobPolicy value);

  @Description(
      "Rename or drop entity types, e.g. PERSON=PER,GPE=LOC,MISC=O (O drops a type: its tags"
          + " become O). Empty keeps the types as they are.")
  @Default.String("")
  String getLabelMap();

  void setLabelMap(String value);

  @Description(
      "Entity types allowed after the label map, e.g. PER,LOC,ORG; a sentence with another type"
          + " is dead-lettered (UNKNOWN_TAG). Empty allows any type.")
  @Default.String("")
  String getAllowedTypes();

  void setAllowedTypes(String value);

  @Description(
      "Splits whose identical sentences are merged into one: comma-separated train, dev, test,"
          + " or all, or none. Dev and test are kept whole by default, as published benchmarks"
          + " score every sentence; the manifest's counts.deduplicatedSplits says which were.")
  @Default.String("train")
  String getDedupSplits();

  void setDedupSplits(String value);

  @Description("Sentences longer than this many tokens are dead-lettered (TOO_MANY_TOKENS).")
  @Default.Integer(4096)
  Integer getMaxSentenceTokens();

  void setMaxSentenceTokens(Integer value);
}
