package dev.primer.corpus;

import dev.primer.io.SpecificAvro;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Matches, reads and parses the files of one {@link CorpusSpec}. Outputs {@link
 * ParseCorpusFileFn#SENTENCES} and {@link ParseCorpusFileFn#DEAD_LETTERS}. A pattern that matches
 * no file fails the pipeline (check inputs first with {@link CorpusInputs#resolve}).
 */
public final class ReadCorpus extends PTransform<PBegin, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  private final CorpusSpec spec;
  private final StageSettings settings;

  /** Reads the files of {@code spec}. */
  public ReadCorpus(CorpusSpec spec, StageSettings settings) {
    this.spec = spec;
    this.settings = settings;
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple parsed =
        begin
            .apply(
                "MatchFiles",
                FileIO.match()
                    .filepattern(spec.pattern())
                    .withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
            .apply(
                "OpenFiles",
                FileIO.readMatches()
                    .withCompression(Compression.UNCOMPRESSED)
                    .withDirectoryTreatment(FileIO.ReadMatches.DirectoryTreatment.PROHIBIT))
            .apply(
                "ParseFiles",
                ParDo.of(new ParseCorpusFileFn(spec, settings))
                    .withOutputTags(
                        ParseCorpusFileFn.SENTENCES,
                        TupleTagList.of(ParseCorpusFileFn.DEAD_LETTERS)));
    parsed.get(ParseCorpusFileFn.SENTENCES).setCoder(SpecificAvro.coder(Sentence.class));
    parsed
        .get(ParseCorpusFileFn.DEAD_LETTERS)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SpecificAvro.coder(DeadLetter.class)));
    return parsed;
  }
}
