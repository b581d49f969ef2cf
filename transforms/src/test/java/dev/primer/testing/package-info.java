/**
 * Test fixtures shared by the tests of every module: servers started on 127.0.0.1 by the tests
 * themselves (the loopback Cloud Storage JSON API server, s3proxy, fault-injecting proxies).
 *
 * <p>They live in primer-transforms' test sources and reach the tests of pipelines (and deploy)
 * through the {@code primer-transforms} test-jar ({@code
 * <type>test-jar</type><scope>test</scope>}). Nothing here is part of primer's runtime.
 */
package dev.primer.testing;
