package dev.primer.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.primer.io.Manifest;
import dev.primer.io.ResourceIO;
import dev.primer.io.StageArtifacts;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/** Fills a manifest's counts and dead-letter summary from what a stage's pipeline wrote. */
final class StageReports {

  private StageReports() {}

  /**
   * Copies a stage's statistics file into the manifest's counts ({@code byPartition}) and adds
   * {@code total}: every number summed over the partitions, nested maps merged.
   */
  static void recordStats(StageContext context, String statsFile) throws IOException {
    JsonNode stats =
        Manifest.mapper().readTree(ResourceIO.readString(context.outputFile(statsFile)));
    ObjectNode counts = context.manifest().counts;
    counts.set("byPartition", stats);
    ObjectNode total = JsonNodeFactory.instance.objectNode();
    for (JsonNode partition : stats) {
      addNumbers(total, partition);
    }
    counts.set("total", total);
  }

  /** Counts the dead letters the stage wrote, by reason, into the manifest. */
  static void recordDeadLetters(StageContext context) throws IOException {
    Manifest.DeadLetterSummary summary = new Manifest.DeadLetterSummary();
    String file = StageArtifacts.DEAD_LETTERS + ".jsonl";
    summary.location = file;
    String text = ResourceIO.readString(context.outputFile(file));
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String reason = Manifest.mapper().readTree(line).path("reason").asText("UNKNOWN");
      summary.byReason.merge(reason, 1L, Long::sum);
      summary.total++;
    }
    context.manifest().deadLetters = summary;
  }

  /** Adds every numeric field of {@code from} into {@code into}, recursing into objects. */
  static void addNumbers(ObjectNode into, JsonNode from) {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (value.isIntegralNumber()) {
        into.put(field.getKey(), into.path(field.getKey()).asLong(0) + value.asLong());
      } else if (value.isNumber()) {
        into.put(field.getKey(), into.path(field.getKey()).asDouble(0) + value.asDouble());
      } else if (value.isObject()) {
        JsonNode existing = into.get(field.getKey());
        ObjectNode child =
            existing instanceof ObjectNode node ? node : into.putObject(field.getKey());
        addNumbers(child, value);
      }
    }
  }
}
