package dev.primer;

/**
 * An error the user can fix: a bad flag, a missing input, an unknown format, an upstream stage that
 * has not run. The launcher prints only its message (no stack trace) and exits with status 2; it
 * never leaves a manifest behind.
 */
public class UserError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with a message that tells the user what to change. */
  public UserError(String message) {
    super(message);
  }

  /** An error with a message and the underlying cause (kept for debugging). */
  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
