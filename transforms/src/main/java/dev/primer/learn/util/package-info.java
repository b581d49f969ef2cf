/** Thin wrappers over libtorch operators and the fast CPU dropout. */
package dev.primer.learn.util;
