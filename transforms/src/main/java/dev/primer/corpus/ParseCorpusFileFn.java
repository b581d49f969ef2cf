package dev.primer.corpus;

import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.Sentence;
import java.nio.channels.Channels;
import java.nio.file.Paths;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Parses one matched corpus file with {@link CorpusFileParser}: sentences to the main output, dead
 * letters keyed by split to {@link #DEAD_LETTERS}. The file is opened uncompressed and gzip is
 * detected from its bytes. A file whose split or language cannot be told fails the bundle with an
 * {@link IllegalArgumentException} naming the file and the setting to add.
 */
public final class ParseCorpusFileFn extends DoFn<FileIO.ReadableFile, Sentence> {
  private static final long serialVersionUID = 1L;

  /** The main output: parsed sentences (not yet deduplicated). */
  public static final TupleTag<Sentence> SENTENCES = new TupleTag<Sentence>() {};

  /** Dead letters, keyed by the split of their file. */
  public static final TupleTag<KV<String, DeadLetter>> DEAD_LETTERS =
      new TupleTag<KV<String, DeadLetter>>() {};

  private final CorpusSpec spec;
  private final StageSettings settings;
  private transient StageCounters counters;

  /** Parses files matched by {@code spec}. */
  public ParseCorpusFileFn(CorpusSpec spec, StageSettings settings) {
    this.spec = spec;
    this.settings = settings;
  }

  @Setup
  public void setup() {
    counters = new StageCounters();
  }

  @ProcessElement
  public void processElement(@Element FileIO.ReadableFile file, MultiOutputReceiver out) {
    CorpusFile corpusFile = CorpusFile.resolve(spec, sourceUri(file.getMetadata().resourceId()));
    counters.add("files/" + corpusFile.corpus(), 1);
    new CorpusFileParser(corpusFile, settings)
        .parse(
            () -> Channels.newInputStream(file.open()),
            new ParseSink() {
              @Override
              public void sentence(Sentence sentence) {
                counters.add(
                    StageCounters.of("parsed", sentence.getLang(), sentence.getSplit()), 1);
                out.get(SENTENCES).output(sentence);
              }

              @Override
              public void deadLetter(DeadLetter deadLetter, String split) {
                counters.add("dead_letters/" + deadLetter.getReason(), 1);
                counters.add(StageCounters.of("dead_letters", deadLetter.getLang(), split), 1);
                out.get(DEAD_LETTERS).output(KV.of(split, deadLetter));
              }
            });
  }

  /**
   * The URI of a resource: {@code file:///...} for local files, else as the file system names it.
   */
  static String sourceUri(ResourceId resource) {
    if ("file".equals(resource.getScheme())) {
      return Paths.get(resource.toString()).toUri().toString();
    }
    return resource.toString();
  }
}
