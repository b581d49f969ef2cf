package dev.primer.learn.train;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Device choice: the first GPU when the engine sees one, the CPU otherwise. */
public final class Devices {

  private Devices() {}

  /** GPU 0 if {@code Engine.getInstance().getGpuCount() > 0}, else the CPU. */
  public static Device preferred() {
    return Engine.getInstance().getGpuCount() > 0 ? Device.gpu(0) : Device.cpu();
  }
}
