package dev.primer.bench;

import dev.primer.corpus.CorpusFile;
import dev.primer.corpus.CorpusFileParser;
import dev.primer.corpus.CorpusSpec;
import dev.primer.corpus.ParseSink;
import dev.primer.corpus.SentenceDeduplicator;
import dev.primer.corpus.StageSettings;
import dev.primer.encode.EncodeOptions;
import dev.primer.encode.EncodeOutcome;
import dev.primer.encode.LabelVocabulary;
import dev.primer.encode.SentenceEncoder;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.EncodedSentence;
import dev.primer.schemas.Sentence;
import dev.primer.vocab.HfSubwordTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The benchmark's baseline: the work of {@code stage} + {@code encode} as a plain single-threaded
 * Java loop over the same library code (parse, deduplicate per file, tokenize, align labels, write
 * Sentence and EncodedSentence Avro), without Beam. Prints one line of figures.
 *
 * <p>Usage: {@code PlainStageEncodeLoop CORPUS_DIR GLOB TOKENIZER_JSON MAX_LENGTH OUT_DIR}
 */
public final class PlainStageEncodeLoop {

  private PlainStageEncodeLoop() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println(
          "usage: PlainStageEncodeLoop CORPUS_DIR GLOB TOKENIZER_JSON MAX_LEN OUT_DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    String glob = args[1];
    Path tokenizerJson = Path.of(args[2]);
    int maxLength = Integer.parseInt(args[3]);
    Path out = Path.of(args[4]);
    Files.createDirectories(out);
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
      files =
          listing
              .filter(p -> matcher.matches(p.getFileName()))
              .sorted()
              .collect(Collectors.toList());
    }
    long start = System.nanoTime();
    long parsed = 0;
    long kept = 0;
    long windows = 0;
    long deadLetters = 0;
    HfSubwordTokenizer tokenizer = HfSubwordTokenizer.load(tokenizerJson);
    SentenceEncoder encoder =
        new SentenceEncoder(
            tokenizer,
            LabelVocabulary.ofTypes("LOC", "ORG", "PER"),
            EncodeOptions.maxLength(maxLength));
    for (Path file : files) {
      CorpusFile corpusFile =
          CorpusFile.resolve(CorpusSpec.parse("panx:" + file), file.toUri().toString());
      SentenceDeduplicator dedup = new SentenceDeduplicator();
      long[] rejected = {0};
      new CorpusFileParser(corpusFile, StageSettings.defaults())
          .parse(
              () -> Files.newInputStream(file),
              new ParseSink() {
                @Override
                public void sentence(Sentence sentence) {
                  dedup.add(sentence);
                }

                @Override
                public void deadLetter(DeadLetter deadLetter, String split) {
                  rejected[0]++;
                }
              });
      parsed += dedup.added();
      deadLetters += rejected[0];
      String name = corpusFile.lang() + "-" + corpusFile.split();
      List<Sentence> sentences = new ArrayList<>(dedup.sentences());
      kept += sentences.size();
      try (DataFileWriter<Sentence> sentenceWriter =
              new DataFileWriter<>(new SpecificDatumWriter<>(Sentence.class));
          DataFileWriter<EncodedSentence> encodedWriter =
              new DataFileWriter<>(new SpecificDatumWriter<>(EncodedSentence.class))) {
        sentenceWriter.setCodec(CodecFactory.deflateCodec(6));
        encodedWriter.setCodec(CodecFactory.deflateCodec(6));
        sentenceWriter.create(
            Sentence.getClassSchema(), out.resolve("sentences-" + name + ".avro").toFile());
        encodedWriter.create(
            EncodedSentence.getClassSchema(), out.resolve("encoded-" + name + ".avro").toFile());
        for (Sentence sentence : sentences) {
          sentenceWriter.append(sentence);
          EncodeOutcome outcome = encoder.encode(sentence);
          if (outcome.reason() != null) {
            deadLetters++;
            continue;
          }
          for (EncodedSentence window : outcome.windows()) {
            encodedWriter.append(window);
            windows++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "loop files=%d sentences_in=%d sentences_kept=%d windows=%d dead_letters=%d seconds=%.1f"
            + " sentences_per_s=%.0f%n",
        files.size(), parsed, kept, windows, deadLetters, seconds, parsed / seconds);
  }
}
