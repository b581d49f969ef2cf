package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.primer.schemas.Sentence;
import dev.primer.vocab.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class SpecificAvroTest {

  private static final Sentence SENTENCE =
      Fixtures.sentence(
          "panx:train-de:7",
          "de",
          "train",
          List.of("Angela", "Merkel", "besuchte", "München", "🎉"),
          List.of("B-PER", "I-PER", "O", "B-LOC", "O"));

  @Test
  void coderRoundTripsThroughTheGeneratedCode() throws Exception {
    AvroCoder<Sentence> coder = SpecificAvro.coder(Sentence.class);
    byte[] bytes = CoderUtils.encodeToByteArray(coder, SENTENCE);
    assertEquals(SENTENCE, CoderUtils.decodeFromByteArray(coder, bytes));
    assertTrue(SpecificData.getForClass(Sentence.class).useCustomCoders());
  }

  @Test
  void bytesAreAvrosOwnBinaryEncoding() throws Exception {
    byte[] viaCoder = CoderUtils.encodeToByteArray(SpecificAvro.coder(Sentence.class), SENTENCE);
    assertArrayEquals(plainSpecificEncoding(SENTENCE), viaCoder);
  }

  @Test
  void coderSurvivesSerializationToWorkers() throws Exception {
    AvroCoder<Sentence> coder = SerializableUtils.clone(SpecificAvro.coder(Sentence.class));
    assertEquals(
        SENTENCE,
        CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, SENTENCE)));
  }

  private static byte[] plainSpecificEncoding(Sentence sentence) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    // Avro's generic field-by-field writer: it never runs the generated encode method
    new GenericDatumWriter<Sentence>(Sentence.getClassSchema()).write(sentence, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
