package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ManifestTest {

  @Test
  void roundTripsThroughJson() throws IOException {
    Manifest manifest = new Manifest();
    manifest.stage = "stage";
    manifest.runId = "r1";
    manifest.seed = 7L;
    manifest.cacheKey = "abc";
    manifest.inputs.add(new Manifest.Input("file:///x.tsv", "00ff", 12L));
    manifest.upstream.put("vocab", new Manifest.Upstream("file:///r1/vocab/_MANIFEST.json", "k"));
    manifest.options.put("maxLength", 128);
    manifest.counts.putObject("en").put("sentences", 3);
    manifest.deadLetters = new Manifest.DeadLetterSummary();
    manifest.deadLetters.total = 2;
    manifest.deadLetters.byReason.put("EMPTY_TOKEN", 2L);
    manifest.outputs.put("sentences", "sentences/");

    Manifest back = Manifest.fromJson(manifest.toJson());

    assertEquals(manifest.toJson(), back.toJson());
    assertEquals(3, back.counts.get("en").get("sentences").asInt());
    assertEquals("00ff", back.inputs.get(0).sha256);
    assertEquals(2L, back.deadLetters.byReason.get("EMPTY_TOKEN"));
  }
}
