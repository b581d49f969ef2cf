package dev.primer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.primer.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EvaluationResultJsonTest {

  /** A result file written by the ObjectNode-built EvaluationRunner before it was bound. */
  private static String before() throws Exception {
    try (InputStream in =
        EvaluationResultJsonTest.class.getResourceAsStream("result-before-binding.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aResultFileWrittenBeforeTheBindingReadsAndWritesBackUnchanged() throws Exception {
    String old = before();
    EvaluationResultJson read = Json.mapper().readValue(old, EvaluationResultJson.class);
    assertEquals(old, Json.mapper().writeValueAsString(read));
    assertEquals("full", read.checkpoints().kind());
    assertEquals(16, read.windows());
    assertEquals(7, read.labels().size());
  }

  @Test
  void controlAChangedValueChangesTheText() throws Exception {
    String old = before();
    EvaluationResultJson read = Json.mapper().readValue(old, EvaluationResultJson.class);
    EvaluationResultJson changed =
        new EvaluationResultJson(
            read.runId(),
            read.model(),
            read.task(),
            read.setting(),
            read.method(),
            read.seed() + 1,
            read.lang(),
            read.corpus(),
            read.split(),
            read.encoded(),
            read.checkpoints(),
            read.labels(),
            read.sentences(),
            read.windows(),
            read.words(),
            read.seconds(),
            read.micro(),
            read.macro(),
            read.weighted(),
            read.perType(),
            read.tokenAccuracy(),
            read.loss(),
            read.falsePositives(),
            read.falseNegatives(),
            read.confusion(),
            read.confusionTable(),
            read.classificationReport(),
            read.errors());
    assertNotEquals(old, Json.mapper().writeValueAsString(changed));
  }
}
