package dev.primer.pipelines;

import java.util.List;
import java.util.Optional;

/** The stages a launcher knows, in workflow order. */
final class StageRegistry {

  private final List<Stage<?, ?>> stages;

  StageRegistry(List<Stage<?, ?>> stages) {
    this.stages = List.copyOf(stages);
  }

  /** Every stage of primer, in workflow order. */
  static StageRegistry standard() {
    return new StageRegistry(
        List.of(
            new StageCorporaStage(),
            new VocabStage(),
            new EncodeStage(),
            new EpisodesStage(),
            new PretrainStage(),
            new PrimeStage(),
            new FinetuneStage(),
            new EvaluateStage(),
            new ReportStage(),
            new PredictStage()));
  }

  /** All stages in workflow order. */
  List<Stage<?, ?>> all() {
    return stages;
  }

  /** The stage with that name, if any. */
  Optional<Stage<?, ?>> find(String name) {
    return stages.stream().filter(stage -> stage.name().equals(name)).findFirst();
  }

  /** The names of all stages, comma separated, for messages. */
  String names() {
    return String.join(", ", stages.stream().map(Stage::name).toList());
  }
}
