package dev.primer.learn.train;

import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsRegistrar;

/**
 * Which device the training DoFns of a worker JVM use ({@link DeviceSlots}). A runner option, read
 * by the DoFns on the workers; not a stage option, so not part of any cache key.
 */
public interface DeviceOptions extends PipelineOptions {

  @Description(
      "Device of each training slot of a worker JVM (fine-tuning): auto = slot index modulo the"
          + " number of GPUs the worker sees (the CPU when none), cpu = always the CPU, or GPU ids"
          + " such as 0,1 = slot i uses the (i modulo n)-th id. Slot i is the i-th fine-tuning"
          + " DoFn instance of the JVM (e.g. one per Flink task slot).")
  @Default.String(DeviceSlots.AUTO)
  String getSlotDevices();

  void setSlotDevices(String value);

  /**
   * Makes {@code --slotDevices} known to every command line Beam parses (listed in {@code
   * META-INF/services/org.apache.beam.sdk.options.PipelineOptionsRegistrar}).
   */
  final class Registrar implements PipelineOptionsRegistrar {
    @Override
    public Iterable<Class<? extends PipelineOptions>> getPipelineOptions() {
      return List.of(DeviceOptions.class);
    }
  }
}
