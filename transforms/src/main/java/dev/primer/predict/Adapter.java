package dev.primer.predict;

import java.io.Serializable;

/**
 * The model used for one language: a base (or full) checkpoint and, optionally, a PEFT-only
 * checkpoint trained on it.
 *
 * @param base directory of the base or full checkpoint
 * @param peft directory of the PEFT-only checkpoint, or {@code null}
 */
public record Adapter(String base, String peft) implements Serializable {}
