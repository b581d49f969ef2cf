package dev.primer.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.primer.Json;
import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a nightly run does ({@code ./primer nightly --protocol=NAME|FILE}): which stages it runs
 * with which option defaults on which corpora, and how far its figures may move from the baseline's
 * when training is not deterministic.
 *
 * <p>Built in: {@code demo} (the demo's corpus, stages and defaults; minutes) and {@code panx-mini}
 * (the PAN-X mini-protocol of {@code deploy/nightly/panx-mini.sh}, on {@code --shared}'s PAN-X
 * files; about an hour on 2 cores). A protocol file (JSON, or YAML when its name ends in {@code
 * .yaml}/{@code .yml}; any FileSystems scheme) has the fields of this record; {@code ${shared}} in
 * a corpus spec stands for {@code --shared}. Options given on the command line override the
 * protocol's.
 *
 * @param name the protocol's name: the history and the baseline search go by it
 * @param stages the stages in order
 * @param options option defaults, name (without {@code --}) to value
 * @param corpora {@code --corpus} specs ({@code FORMAT:PATTERN}); empty with {@code demoInputs}
 * @param demoInputs whether the run copies in the built-in demo corpus and demo text
 * @param f1Stds in non-deterministic runs, the largest |dF1| of a (split, language, setting,
 *     method) mean allowed, in standard deviations of the baseline's seeds
 * @param f1Floor the smallest allowance, for a baseline whose seeds agree (std 0) or a single seed
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record NightlyProtocol(
    String name,
    List<String> stages,
    Map<String, String> options,
    List<String> corpora,
    boolean demoInputs,
    double f1Stds,
    double f1Floor) {

  /** The default tolerance: two standard deviations of the baseline's seeds. */
  static final double DEFAULT_F1_STDS = 2.0;

  /** The default floor of the tolerance: 0.01 F1 (one point). */
  static final double DEFAULT_F1_FLOOR = 0.01;

  public NightlyProtocol {
    if (name == null || name.isBlank()) {
      throw new UserError("a nightly protocol needs a \"name\"");
    }
    dev.primer.io.PathSegments.check("protocol name", name);
    if (stages == null || stages.isEmpty()) {
      throw new UserError("nightly protocol '" + name + "' lists no \"stages\"");
    }
    stages = List.copyOf(stages);
    options = options == null ? Map.of() : Map.copyOf(options);
    corpora = corpora == null ? List.of() : List.copyOf(corpora);
    if (corpora.isEmpty() && !demoInputs && stages.contains("stage")) {
      throw new UserError(
          "nightly protocol '" + name + "' runs stage but names no \"corpora\" (or demoInputs)");
    }
    if (f1Stds == 0 && f1Floor == 0) {
      f1Stds = DEFAULT_F1_STDS;
      f1Floor = DEFAULT_F1_FLOOR;
    }
    if (f1Stds < 0 || f1Floor < 0) {
      throw new UserError("nightly protocol '" + name + "': f1Stds and f1Floor must be >= 0");
    }
  }

  /** The built-in protocols' names. */
  static final List<String> BUILT_IN = List.of("demo", "panx-mini");

  /** A built-in protocol by name, or the protocol file {@code spec} names. */
  static NightlyProtocol resolve(String spec) throws IOException {
    if (spec == null || spec.isBlank()) {
      throw new UserError("nightly needs --protocol=" + String.join("|", BUILT_IN) + "|FILE");
    }
    return switch (spec) {
      case "demo" -> demo();
      case "panx-mini" -> panxMini();
      default -> load(spec);
    };
  }

  /** The demo: its corpus and text, its stages and defaults. */
  static NightlyProtocol demo() {
    Map<String, String> options = new LinkedHashMap<>();
    for (String[] option : DemoDefaults.OPTIONS) {
      options.put(option[0], option[1]);
    }
    return new NightlyProtocol(
        "demo", DemoCommand.STAGES, options, List.of(), true, DEFAULT_F1_STDS, DEFAULT_F1_FLOOR);
  }

  /** The PAN-X mini-protocol ({@code deploy/nightly/panx-mini.sh}'s defaults). */
  static NightlyProtocol panxMini() {
    List<String> sources = List.of("en", "de", "es", "nl");
    List<String> targets = List.of("af", "sw", "ms");
    List<String> corpora = new ArrayList<>();
    String panx = "panx:${shared}/data/ner/panx/";
    sources.forEach(lang -> corpora.add(panx + "train-" + lang + ".tsv.gz"));
    for (String lang : targets) {
      corpora.add(panx + "train-" + lang + ".tsv.gz");
      corpora.add(panx + "dev-" + lang + ".tsv.gz");
    }
    Map<String, String> options = new LinkedHashMap<>();
    String[][] pairs = {
      {"vocabMode", "prune"},
      {"tokenizer", "${shared}/models/mbert-base-cased/tokenizer.json"},
      {"maxLength", "64"},
      {"sourceLangs", String.join(",", sources)},
      {"targetLangs", String.join(",", targets)},
      {"supportSize", "16"},
      {"querySize", "16"},
      {"episodes", "4000"},
      {"preset", "tiny"},
      {"pretrainSteps", "2000"},
      {"pretrainBatchSize", "32"},
      {"pretrainLr", "1e-3"},
      {"primeVariants", "primed,maml-all,multitask"},
      {"metaSteps", "300"},
      {"metaBatch", "4"},
      {"innerSteps", "3"},
      {"innerLr", "0.05"},
      {"outerLr", "5e-4"},
      {"checkpointEvery", "100"},
      {"settings", "full,unprimed,primed,maml-all,multitask"},
      {"methods", "adapter-houlsby"},
      {"seeds", "3"},
      {"fewShot", "500"},
      {"maxSteps", "300"},
      {"evalEvery", "100"},
      {"finetuneBatchSize", "16"},
      {"finetuneLr", "3e-3"},
      {"finetuneFullLr", "5e-4"},
      {"deterministic", "true"}
    };
    for (String[] pair : pairs) {
      options.put(pair[0], pair[1]);
    }
    return new NightlyProtocol(
        "panx-mini",
        // The demo's stages without predict (no text to tag in this protocol).
        DemoCommand.STAGES.stream().filter(stage -> !stage.equals("predict")).toList(),
        options,
        corpora,
        false,
        DEFAULT_F1_STDS,
        DEFAULT_F1_FLOOR);
  }

  /** Reads a protocol file (JSON, or YAML by its extension) through FileSystems. */
  static NightlyProtocol load(String spec) throws IOException {
    String text;
    try {
      text = ResourceIO.readString(ResourceIO.file(spec));
    } catch (IOException | UncheckedIOException e) {
      throw new UserError(
          "--protocol="
              + spec
              + ": not a built-in protocol ("
              + String.join(", ", BUILT_IN)
              + ") and no readable protocol file: "
              + e.getMessage(),
          e);
    }
    boolean yaml = spec.endsWith(".yaml") || spec.endsWith(".yml");
    ObjectMapper mapper = yaml ? new ObjectMapper(new YAMLFactory()) : Json.mapper();
    try {
      return mapper.readValue(text.getBytes(StandardCharsets.UTF_8), NightlyProtocol.class);
    } catch (JsonProcessingException e) {
      throw new UserError(
          "protocol file " + spec + " is not a valid protocol: " + e.getOriginalMessage(), e);
    }
  }

  /** The {@code --name=value} flags of the protocol, {@code ${shared}} replaced. */
  List<String> flags(String shared) {
    List<String> flags = new ArrayList<>();
    options.forEach((k, v) -> flags.add("--" + k + "=" + v.replace("${shared}", shared)));
    corpora.forEach(c -> flags.add("--corpus=" + c.replace("${shared}", shared)));
    return flags;
  }
}
