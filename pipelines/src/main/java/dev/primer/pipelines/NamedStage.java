package dev.primer.pipelines;

/**
 * A {@link Stage} whose name, one-line summary and options class are fixed values given once, to
 * the constructor; the subclass adds its plan and its pipeline.
 *
 * @param <O> the stage's options
 * @param <P> the plan its {@link #plan} resolves
 */
abstract class NamedStage<O extends PrimerOptions, P> implements Stage<O, P> {

  private final String name;
  private final String summary;
  private final Class<O> optionsClass;

  /**
   * @param name the stage's name: its command and its directory in a run
   * @param summary the one line {@code ./primer} prints for it
   * @param optionsClass its options
   */
  NamedStage(String name, String summary, Class<O> optionsClass) {
    this.name = name;
    this.summary = summary;
    this.optionsClass = optionsClass;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String summary() {
    return summary;
  }

  @Override
  public final Class<O> optionsClass() {
    return optionsClass;
  }
}
