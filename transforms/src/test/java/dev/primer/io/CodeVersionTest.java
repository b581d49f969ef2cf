package dev.primer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class CodeVersionTest {

  private static Properties build(String commit, String dirty) {
    Properties properties = new Properties();
    properties.setProperty("git.commit", commit);
    properties.setProperty("git.dirty", dirty);
    return properties;
  }

  @Test
  void cleanBuildIsItsCommit() {
    assertEquals("3f2a9c0d1b7e", CodeVersion.fromBuild(build("3f2a9c0d1b7e", "false")));
  }

  @Test
  void dirtyBuildAddsTheClassHashSoThatTwoSetsOfChangesDiffer() {
    String version = CodeVersion.fromBuild(build("3f2a9c0d1b7e", "true"));
    assertEquals("3f2a9c0d1b7e-dirty+classes." + CodeVersion.classHash().substring(0, 12), version);
  }

  @Test
  void buildWithoutGitFallsBackToTheClassHash() {
    String hash = CodeVersion.classHash();
    assertTrue(hash.matches("[0-9a-f]{64}"), hash);
    assertEquals(hash, CodeVersion.classHash(), "the class hash is stable");
    assertEquals("classes." + hash.substring(0, 12), CodeVersion.fromBuild(build("", "false")));
    assertEquals("classes." + hash.substring(0, 12), CodeVersion.fromBuild(new Properties()));
    // The unfiltered placeholder of a build that could not run git is no commit either.
    assertEquals(
        "classes." + hash.substring(0, 12),
        CodeVersion.fromBuild(build("${primer.code.commit}", "false")));
  }

  @Test
  void theBuildRecordsACommitOrTheClassHash() {
    String version = CodeVersion.current();
    assertTrue(
        version.matches("[0-9a-f]{12}(-dirty\\+classes\\.[0-9a-f]{12})?|classes\\.[0-9a-f]{12}"),
        version);
  }

  @Test
  void systemPropertyReplacesTheVersion() {
    String before = CodeVersion.current();
    System.setProperty(CodeVersion.OVERRIDE_PROPERTY, "def456def456");
    try {
      assertEquals("def456def456", CodeVersion.current());
    } finally {
      System.clearProperty(CodeVersion.OVERRIDE_PROPERTY);
    }
    assertEquals(before, CodeVersion.current());
    assertNotEquals("def456def456", before);
  }
}
