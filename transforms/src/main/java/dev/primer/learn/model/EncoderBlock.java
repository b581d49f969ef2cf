package dev.primer.learn.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * Base of the encoder's blocks: parameters have fixed shapes from the configuration (no shape
 * inference), children are initialised with their parent, and every block names its tensors in
 * HuggingFace BERT style through {@link #registerTensors(String, TensorRegistry)}.
 */
public abstract class EncoderBlock extends AbstractBlock {

  /**
   * Registers this block's parameters (and those of its children) under {@code prefix}.
   *
   * @param prefix dotted module path ending with a dot, or empty
   * @param registry where to register
   */
  public abstract void registerTensors(String prefix, TensorRegistry registry);

  /**
   * Creates constant arrays the forward pass needs (called once, after the parameters exist).
   *
   * @param manager manager owning the parameters
   * @param dataType the parameters' element type
   */
  protected void createConstants(NDManager manager, DataType dataType) {}

  @Override
  public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
    super.initialize(manager, dataType, inputShapes);
    createConstants(manager, dataType);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    for (Block child : getChildren().values()) {
      child.initialize(manager, dataType, shapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
