package dev.primer.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.Json;
import dev.primer.schemas.DeadLetter;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes a stage's dead letters beside its output: {@code deadletters/part-*.avro} for tools and
 * {@code deadletters.jsonl} (one JSON object a line) for people. Both exist, possibly empty, so a
 * reader can tell "none" from "not written".
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PDone> {

  private static final ObjectMapper JSON = Json.mapper();

  private final String stageDirectory;

  private WriteDeadLetters(String stageDirectory) {
    this.stageDirectory = stageDirectory.endsWith("/") ? stageDirectory : stageDirectory + "/";
  }

  /** Writes below {@code stageDirectory}. */
  public static WriteDeadLetters to(String stageDirectory) {
    return new WriteDeadLetters(stageDirectory);
  }

  @Override
  public PDone expand(PCollection<DeadLetter> letters) {
    letters.apply(
        "WriteAvro",
        SpecificAvro.write(DeadLetter.class)
            .to(stageDirectory + StageArtifacts.DEAD_LETTERS + "/part")
            .withSuffix(".avro")
            .withNumShards(1));
    letters
        .apply("ToJson", MapElements.into(TypeDescriptors.strings()).via(WriteDeadLetters::toJson))
        .apply(
            "WriteJsonLines",
            TextIO.write()
                .to(stageDirectory + StageArtifacts.DEAD_LETTERS)
                .withSuffix(".jsonl")
                .withoutSharding());
    return PDone.in(letters.getPipeline());
  }

  /** One dead letter as a JSON object. */
  static String toJson(DeadLetter letter) {
    ObjectNode node = JSON.createObjectNode();
    node.put("stage", letter.getStage());
    node.put("source", letter.getSource());
    node.put("line", letter.getLine());
    node.put("byteOffset", letter.getByteOffset());
    node.put("reason", letter.getReason());
    node.put("detail", letter.getDetail());
    node.put("lang", letter.getLang());
    node.put("raw", letter.getRaw());
    return node.toString();
  }
}
