/**
 * The learning core of primer: a BERT/XLM-R encoder on DJL's PyTorch engine, PEFT methods, fast
 * weights and meta-learning, an optimizer and the training loops. A plain Java library (no Beam).
 *
 * <ul>
 *   <li>{@link dev.primer.learn.model}: {@code EncoderConfig}, the blocks, {@code EncoderModel}
 *       (forward with any {@code ParameterStore}), {@code StateDicts} (HuggingFace tensor names),
 *       {@code FastWeights}.
 *   <li>{@link dev.primer.learn.peft}: {@code PeftConfig}, {@code FinetuneMethod} (the methods by
 *       their option names), which parameters train, parameter report.
 *   <li>{@link dev.primer.learn.data}: padded batches, seeded batching, masked-LM corruption.
 *   <li>{@link dev.primer.learn.train}: loss, AdamW, schedule, clipping, device locks, the
 *       fine-tuning and masked-LM trainers, evaluation interfaces.
 *   <li>{@link dev.primer.learn.meta}: MAML-style priming (first- and second-order).
 *   <li>{@link dev.primer.learn.checkpoint} and {@link dev.primer.learn.weights}: checkpoint
 *       directories (safetensors, {@code config.json}, {@code checkpoint.json} with sha256) and
 *       pretrained-weight import (HuggingFace, TensorFlow mBERT), on a Java {@code StateDict}.
 *   <li>{@code CheckpointSaver} and {@code CheckpointLoader}: the bridge between the two: save an
 *       {@code EncoderModel} as a full or PEFT-only checkpoint; load a checkpoint (or a PEFT
 *       checkpoint on its base, or imported weights) into a new model ({@code LoadOptions}),
 *       refusing any mismatch with a {@code UserError}. Checkpoint directories on any Beam file
 *       system: {@code dev.primer.io.FileSystemsCheckpointStore}.
 *   <li>{@code FillMask} + {@code EncoderMaskedLmScorer}: fill-mask inference on the model.
 * </ul>
 *
 * <p>No DJL block or loss is reused on the gradient path: DJL's {@code mul/div/pow(Number)} (used
 * by its BERT blocks, {@code SoftmaxCrossEntropyLoss} with weight, {@code L2Loss}) wrap the number
 * in an array backed by a Java buffer that autograd may read after it is freed. Every constant on
 * the gradient path here is made by libtorch ({@code TorchOps.scalar}) or folded into a tensor.
 */
package dev.primer.learn;
