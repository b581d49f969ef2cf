package dev.primer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusInputsTest {
  private static final String ROOT = Fixtures.root().toString();

  @Test
  void resolvesEveryMatchedFile() throws Exception {
    List<CorpusFile> files = CorpusInputs.resolve(StageCorporaTest.allFixtureSpecs());
    assertEquals(
        new TreeSet<>(
            List.of(
                "train-en.tsv en train panx",
                "wikiann-sw.tsv null dev panx",
                "esp.train es train conll2002",
                "ned.testa nl dev conll2002",
                "val.conllu en dev conll2003",
                "train.txt hau train masakhaner2",
                "da_ddt-ud-dev.iob2 da dev uner")),
        files.stream()
            .map(
                f ->
                    FileNameRules.fileName(f.source())
                        + " "
                        + f.lang()
                        + " "
                        + f.split()
                        + " "
                        + f.corpus())
            .collect(Collectors.toCollection(TreeSet::new)));
    assertEquals(7, files.size());
    assertTrue(files.get(0).source().startsWith("file:///"), files.get(0).source());
  }

  @Test
  void reportsEveryProblemAtOnce(@TempDir Path dir) throws Exception {
    Path unnamed = dir.resolve("wikiann.tsv");
    Files.write(unnamed, "Paris\tB-LOC\n".getBytes(StandardCharsets.UTF_8));
    Path hau = Files.createDirectories(dir.resolve("hau")).resolve("all.txt");
    Files.write(hau, "Kano B-LOC\n".getBytes(StandardCharsets.UTF_8));
    List<CorpusSpec> specs =
        CorpusSpec.parseAll(
            List.of(
                "panx:" + ROOT + "/panx/nothing-*.tsv",
                "panx:" + ROOT + "/panx/train-*.tsv",
                "panx:" + ROOT + "/panx/train-en.tsv",
                "panx,split=train:" + unnamed,
                "masakhaner:" + dir + "/*/all.txt",
                "uner:" + ROOT + "/uner"));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CorpusInputs.resolve(specs));
    String message = e.getMessage();
    assertTrue(message.contains("corpus spec 1 ") && message.contains("nothing-*.tsv"), message);
    assertTrue(message.contains("train-en.tsv is matched by corpus specs 2 and 3"), message);
    assertTrue(message.contains("language of " + unnamed.toUri()), message);
    assertTrue(message.contains("split of " + hau.toUri()), message);
    assertTrue(message.contains("corpus spec 6 ") && message.contains("directory"), message);
    assertEquals(6, message.split("\n").length, message);
  }
}
