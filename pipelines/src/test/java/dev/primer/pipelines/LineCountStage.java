package dev.primer.pipelines;

import dev.primer.UserError;
import dev.primer.io.ResourceIO;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** A small real stage for testing the runner: counts the lines of its input files. */
final class LineCountStage extends NamedStage<LineCountStage.Options, Stage.Checked> {

  /** Options of the test stage. */
  public interface Options extends PrimerOptions {
    @Description("Files to count.")
    List<String> getInput();

    void setInput(List<String> value);

    @Description("Throw after writing part of the output.")
    @Default.Boolean(false)
    Boolean getFailMidway();

    void setFailMidway(Boolean value);

    @Description("An upstream stage of the run this stage reads (its committed manifest).")
    @Default.String("")
    String getAfter();

    void setAfter(String value);
  }

  /** The stage {@code count}. */
  LineCountStage() {
    this("count");
  }

  /** The same stage under another name (a second stage of a run). */
  LineCountStage(String name) {
    super(name, "counts lines", Options.class);
  }

  int runs;

  /** Called in {@link #run} after the output is written, before the runner commits it. */
  Consumer<StageContext> beforeCommit = context -> {};

  @Override
  public Stage.Checked plan(Options options, StageContext context) throws Exception {
    if (options.getInput() == null || options.getInput().isEmpty()) {
      throw new UserError("count needs --input=FILE");
    }
    context.recordInputFiles(options.getInput());
    if (!options.getAfter().isEmpty()) {
      context.requireUpstream(options.getAfter());
    }
    return Stage.Checked.OK;
  }

  @Override
  public void run(Options options, Stage.Checked plan, StageContext context) throws Exception {
    runs++;
    long lines = 0;
    for (var input : context.manifest().inputs) {
      lines += ResourceIO.readString(ResourceIO.file(input.uri)).lines().count();
    }
    ResourceIO.writeAtomically(
        ResourceIO.file(context.output("count.txt")),
        Long.toString(lines).getBytes(StandardCharsets.UTF_8));
    StringBuilder names = new StringBuilder();
    for (var input : context.manifest().inputs) {
      names.append(input.uri).append('\n');
    }
    ResourceIO.writeAtomically(
        ResourceIO.file(context.output("detail/inputs.txt")),
        names.toString().getBytes(StandardCharsets.UTF_8));
    beforeCommit.accept(context);
    if (options.getFailMidway()) {
      throw new IllegalStateException("failing on purpose");
    }
    context.manifest().counts.put("lines", lines);
    context.manifest().outputs.put("count", "count.txt");
  }
}
