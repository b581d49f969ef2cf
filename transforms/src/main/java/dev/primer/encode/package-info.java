/**
 * The {@code encode} stage: staged sentences to model input ({@code EncodedSentence}).
 *
 * <p>{@link dev.primer.encode.SentenceEncoder} does the work with no Beam types (tokenize
 * pre-tokenized words, label first subwords, -100 elsewhere, window on word boundaries); {@link
 * dev.primer.encode.EncodeSentences} runs it in a pipeline with dead letters, a shared {@link
 * dev.primer.encode.LabelVocabulary} and per-(language, split) {@link
 * dev.primer.encode.EncodeStats}; {@link dev.primer.encode.WriteEncodedSentences} writes {@code
 * lang=L/split=S/part-*.avro}.
 */
package dev.primer.encode;
