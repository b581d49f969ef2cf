package dev.primer.pipelines;

import java.util.List;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Options of {@code ./primer run}: which stages to run, in order. */
public interface RunOptions extends PrimerOptions {

  @Description(
      "Stages to run, in order, comma separated (e.g. stage,vocab,encode). Each stage reuses its"
          + " output when it is up to date.")
  @Validation.Required
  List<String> getStages();

  void setStages(List<String> value);
}
