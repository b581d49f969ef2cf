package dev.primer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.Json;
import dev.primer.learn.peft.AdapterActivation;
import dev.primer.learn.peft.PeftConfig;
import dev.primer.learn.peft.PeftMethod;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The library configs an export writes keep the text they had before they were bound. */
class ExportJsonTest {

  private static String resource(String name) throws Exception {
    try (InputStream in = ExportJsonTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String write(Object value) throws Exception {
    return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }

  @Test
  void peftLoraConfigIsTheTextWrittenBefore() throws Exception {
    PeftConfig lora = PeftConfig.builder(PeftMethod.LORA).setLoraRank(4).setLoraAlpha(8).build();
    assertEquals(
        resource("peft-lora-adapter_config.json"), write(PeftFormat.peftLoraConfig(lora, "base/")));
    // a whole alpha is an integer as PEFT writes it; a fractional one stays a number
    assertTrue(write(PeftFormat.peftLoraConfig(lora, "base/")).contains("\"lora_alpha\" : 8,"));
    PeftConfig half = lora.toBuilder().setLoraAlpha(8.5).build();
    assertTrue(write(PeftFormat.peftLoraConfig(half, "base/")).contains("\"lora_alpha\" : 8.5,"));
  }

  @Test
  void adapterHubAdapterConfigIsTheTextWrittenBefore() throws Exception {
    PeftConfig pfeiffer =
        PeftConfig.builder(PeftMethod.PFEIFFER)
            .setReductionFactor(4)
            .setAdapterActivation(AdapterActivation.SILU)
            .build();
    ExportJson.AdapterHubFile<ExportJson.BnConfig> file =
        new ExportJson.AdapterHubFile<>(
            AdapterHubFormat.adapterHubConfig(pfeiffer),
            32,
            "BertAdapterModel",
            "base/",
            "bert",
            ExportNames.ADAPTER_NAME);
    assertEquals(resource("adapterhub-pfeiffer-adapter_config.json"), write(file));
  }
}
