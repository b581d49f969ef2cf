/**
 * From {@code EncodedSentence} records to padded batches: {@link
 * dev.primer.learn.data.EncodedBatch}, seeded batching with optional length bucketing ({@link
 * dev.primer.learn.data.Batcher}) and BERT's masked-LM corruption ({@link
 * dev.primer.learn.data.MlmMasker}).
 */
package dev.primer.learn.data;
