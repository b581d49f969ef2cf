package dev.primer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchArgsTest {

  private static List<String> parse(String... args) {
    List<String> seen = new ArrayList<>();
    BenchArgs.parse(args, Set.of("--json"), (k, v) -> seen.add(k + "=" + v));
    return seen;
  }

  @Test
  void spaceAndEqualsFormsAndFlags() {
    assertEquals(
        List.of("--presets=tiny,small", "--json=true", "--steps=30", "--ks=1,3"),
        parse("--presets", "tiny,small", "--json", "--steps=30", "--ks", "1,3"));
  }

  @Test
  void missingValueAndStrayArgumentsAreRefused() {
    assertEquals(
        "missing value for --steps",
        assertThrows(IllegalArgumentException.class, () -> parse("--steps")).getMessage());
    assertEquals(
        "not an option: tiny",
        assertThrows(IllegalArgumentException.class, () -> parse("tiny")).getMessage());
  }

  @Test
  void theBenchmarksParseTheirOptionsThroughIt() {
    TrainStepBenchmark.Options t =
        TrainStepBenchmark.Options.parse(new String[] {"--steps=7", "--presets", "tiny"});
    assertEquals(7, t.steps);
    assertEquals(List.of("tiny"), t.presets);
    MetaStepBenchmark.Options m = MetaStepBenchmark.Options.parse(new String[] {"--ks", "2,4"});
    assertEquals(List.of(2, 4), m.ks);
    assertThrows(
        IllegalArgumentException.class,
        () -> ForwardBenchmark.Options.parse(new String[] {"--nope", "1"}));
  }
}
