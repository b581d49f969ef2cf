package dev.primer.lease;

import dev.primer.UserError;

/**
 * Another launcher holds the run: a user error (exit status 2) whose one-line message contains the
 * word {@code lease}, names the holder and says how to break a dead lease.
 */
public final class LeaseHeldException extends UserError {

  private static final long serialVersionUID = 1L;

  /** The exception for a lease held by {@code holder} (null when its file was unreadable). */
  public LeaseHeldException(String message) {
    super(message);
  }
}
