package dev.primer.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of {@code ./primer nightly}, besides those of the protocol's stages (which override the
 * protocol's defaults). The run id is chosen by the nightly: {@code nightly-YYYYMMDD[-N]} (UTC).
 */
public interface NightlyOptions extends PrimerOptions {

  @Description(
      "The protocol: demo (the demo corpus, minutes), panx-mini (PAN-X from --shared, about an hour"
          + " on 2 cores) or a protocol file (JSON, or YAML ending in .yaml/.yml; any scheme)")
  String getProtocol();

  void setProtocol(String value);

  @Description(
      "The run to compare with; default the latest completed nightly of the same protocol under"
          + " --runRoot (from <runRoot>/nightly/history/)")
  String getBaseline();

  void setBaseline(String value);

  @Description("The shared data directory that ${shared} in a protocol stands for")
  @Default.String("../shared")
  String getShared();

  void setShared(String value);
}
