package dev.primer.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.io.SpecificAvro;
import dev.primer.schemas.DeadLetter;
import dev.primer.schemas.EntityPrediction;
import dev.primer.schemas.Prediction;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * {@code predict}'s pipeline part: reads every input ({@code Read<i>}: match, read lines), keys the
 * lines by language and groups them into batches ({@code BatchByLanguage}), tags each batch ({@link
 * PredictFn}). Yields the predictions and every rejected line (unreadable, invalid JSON, empty,
 * unknown language).
 */
public final class PredictLines extends PTransform<PBegin, PCollectionTuple> {

  /** One record per tagged line. */
  public static final TupleTag<Prediction> PREDICTIONS = new TupleTag<>() {};

  /** One dead letter per line that was not tagged. */
  public static final TupleTag<DeadLetter> REJECTED = new TupleTag<>() {};

  private final List<PredictInput> inputs;
  private final PredictSettings settings;
  private final int linesPerBatch;
  private final String stage;

  private PredictLines(
      List<PredictInput> inputs, PredictSettings settings, int linesPerBatch, String stage) {
    this.inputs = List.copyOf(inputs);
    this.settings = settings;
    this.linesPerBatch = linesPerBatch;
    this.stage = stage;
  }

  /** Tags the lines of {@code inputs}, {@code linesPerBatch} lines per DoFn call. */
  public static PredictLines of(
      List<PredictInput> inputs, PredictSettings settings, int linesPerBatch, String stage) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no input to tag");
    }
    return new PredictLines(inputs, settings, linesPerBatch, stage);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    List<PCollection<InputLine>> lines = new ArrayList<>();
    List<PCollection<DeadLetter>> rejected = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      PredictInput input = inputs.get(i);
      PCollectionTuple read =
          begin
              .apply("Match" + i, FileIO.match().filepattern(input.pattern()))
              .apply("ReadMatches" + i, FileIO.readMatches())
              .apply(
                  "Read" + i,
                  ParDo.of(new ReadPredictInputFn(input, stage))
                      .withOutputTags(
                          ReadPredictInputFn.LINES, TupleTagList.of(ReadPredictInputFn.REJECTED)));
      lines.add(read.get(ReadPredictInputFn.LINES).setCoder(SerializableCoder.of(InputLine.class)));
      rejected.add(
          read.get(ReadPredictInputFn.REJECTED).setCoder(SpecificAvro.coder(DeadLetter.class)));
    }
    PCollectionTuple tagged =
        PCollectionList.of(lines)
            .apply("FlattenLines", Flatten.pCollections())
            .apply(
                "KeyByLanguage",
                WithKeys.of((InputLine l) -> l.lang()).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(InputLine.class)))
            .apply("BatchByLanguage", GroupIntoBatches.ofSize(linesPerBatch))
            .apply(
                "Tag",
                ParDo.of(new PredictFn(settings, stage))
                    .withOutputTags(PredictFn.PREDICTIONS, TupleTagList.of(PredictFn.REJECTED)));
    PCollection<Prediction> predictions =
        tagged.get(PredictFn.PREDICTIONS).setCoder(SpecificAvro.coder(Prediction.class));
    rejected.add(tagged.get(PredictFn.REJECTED).setCoder(SpecificAvro.coder(DeadLetter.class)));
    PCollection<DeadLetter> allRejected =
        PCollectionList.of(rejected).apply("FlattenRejected", Flatten.pCollections());
    return PCollectionTuple.of(PREDICTIONS, predictions).and(REJECTED, allRejected);
  }

  private static final ObjectMapper JSON = Json.mapper();

  /** One JSONL line of a prediction (the Avro record's fields). */
  public static String json(Prediction p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", p.getId());
    n.put("lang", p.getLang());
    n.put("adapterLang", p.getAdapterLang());
    n.put("text", p.getText());
    n.set("tokens", JSON.valueToTree(p.getTokens()));
    n.set("tokenStarts", JSON.valueToTree(p.getTokenStarts()));
    n.set("tokenEnds", JSON.valueToTree(p.getTokenEnds()));
    n.set("tags", JSON.valueToTree(p.getTags()));
    n.put("windows", p.getWindows());
    ArrayNode entities = n.putArray("entities");
    for (EntityPrediction e : p.getEntities()) {
      ObjectNode en = entities.addObject();
      en.put("type", e.getType());
      en.put("text", e.getText());
      en.put("start", e.getStart());
      en.put("end", e.getEnd());
      en.put("firstWord", e.getFirstWord());
      en.put("lastWord", e.getLastWord());
      en.put("confidence", e.getConfidence());
    }
    return n.toString();
  }
}
