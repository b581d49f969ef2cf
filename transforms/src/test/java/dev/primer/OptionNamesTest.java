package dev.primer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.primer.encode.UnknownTagPolicy;
import dev.primer.learn.meta.MetaOrder;
import dev.primer.learn.peft.FinetuneMethod;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionNamesTest {

  @Test
  void findsAConstantByOptionNameOrJavaNameInAnyCaseWithDashOrUnderscore() {
    for (String v : List.of("adapter-houlsby", " Adapter_Houlsby ", "ADAPTER_HOULSBY")) {
      assertEquals(
          Optional.of(FinetuneMethod.ADAPTER_HOULSBY),
          OptionNames.find(FinetuneMethod.class, v, FinetuneMethod::optionName),
          v);
    }
    assertEquals(
        Optional.of(UnknownTagPolicy.MAP_TO_O),
        OptionNames.find(UnknownTagPolicy.class, "map-to-o", UnknownTagPolicy::optionName));
    assertEquals(
        Optional.empty(),
        OptionNames.find(UnknownTagPolicy.class, "drop", UnknownTagPolicy::optionName));
    assertEquals(
        Optional.empty(),
        OptionNames.find(UnknownTagPolicy.class, null, UnknownTagPolicy::optionName));
  }

  @Test
  void enumsRoundTripThroughTheSharedMapperByOptionName() throws Exception {
    assertEquals(
        "\"adapter-houlsby\"", Json.compact().writeValueAsString(FinetuneMethod.ADAPTER_HOULSBY));
    assertEquals(
        FinetuneMethod.PREFIX, Json.mapper().readValue("\"PREFIX\"", FinetuneMethod.class));
    assertEquals(
        UnknownTagPolicy.DEAD_LETTER,
        Json.mapper().readValue("\"dead-letter\"", UnknownTagPolicy.class));
  }

  @Test
  void parseNamesTheOptionNamesOfAnUnknownValue() {
    assertEquals(MetaOrder.SECOND, OptionNames.parse(MetaOrder.class, "Second", "order"));
    assertEquals(
        "unknown meta-gradient order 'third': expected first or second",
        assertThrows(
                IllegalArgumentException.class,
                () -> OptionNames.parse(MetaOrder.class, "third", "meta-gradient order"))
            .getMessage());
    assertEquals("map-to-o", UnknownTagPolicy.MAP_TO_O.optionName());
  }

  @Test
  void listsAreTrimmedWithBlanksDropped() {
    assertEquals(List.of("PER", "LOC", "PER"), OptionNames.list(" PER, LOC,,PER , "));
    assertEquals(List.of(), OptionNames.list(" , "));
    assertEquals(List.of(), OptionNames.list(null));
  }
}
