package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the {@code report} stage. */
public interface ReportOptions extends PrimerOptions {

  @Description(
      "Setting every other PEFT setting is compared with (paired by language, method and seed).")
  @Default.String("unprimed")
  String getBaselineSetting();

  void setBaselineSetting(String value);

  @Description("Level of the confidence intervals of the priming gains, in (0, 1).")
  @Default.Double(0.95)
  Double getConfidenceLevel();

  void setConfidenceLevel(Double value);
}
