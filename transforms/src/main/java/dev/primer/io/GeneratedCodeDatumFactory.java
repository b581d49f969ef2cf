package dev.primer.io;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.beam.sdk.extensions.avro.io.AvroDatumFactory;

/**
 * Specific datum readers and writers that run the record classes' generated encode and decode
 * methods ({@code customEncode}/{@code customDecode}) instead of Avro's field-by-field generic
 * walk. Avro ships those methods in every generated class but uses them only when the class's
 * {@link SpecificData} has custom coders on, which by default depends on the JVM system property
 * {@code org.apache.avro.specific.use_custom_coders}; this factory turns them on for its class in
 * whatever JVM creates a reader or writer (the pipeline's launcher or a runner's worker). The bytes
 * are the same Avro binary encoding either way. Measured back to back: the {@code stage} stage over
 * all PAN-X train files on Flink [local] p=2, 51.7 s without, 43.2 and 45.8 s with.
 *
 * @param <T> a generated record class
 */
final class GeneratedCodeDatumFactory<T> extends AvroDatumFactory.SpecificDatumFactory<T> {

  GeneratedCodeDatumFactory(Class<T> type) {
    super(type);
  }

  @Override
  public DatumReader<T> apply(Schema writer, Schema reader) {
    enableGeneratedCode();
    return super.apply(writer, reader);
  }

  @Override
  public DatumWriter<T> apply(Schema writer) {
    enableGeneratedCode();
    return super.apply(writer);
  }

  private void enableGeneratedCode() {
    SpecificData.getForClass(type).setCustomCoders(true);
  }
}
