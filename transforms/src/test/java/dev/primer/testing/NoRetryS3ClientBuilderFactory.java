package dev.primer.testing;

import dev.primer.io.CompatibleS3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * {@link CompatibleS3ClientBuilderFactory} with the AWS SDK's retries turned off: the control of
 * the fault-injection tests ({@code
 * --s3ClientFactoryClass=dev.primer.testing.NoRetryS3ClientBuilderFactory}).
 */
public final class NoRetryS3ClientBuilderFactory implements S3ClientBuilderFactory {

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    S3ClientBuilder builder = new CompatibleS3ClientBuilderFactory().createBuilder(options);
    return builder.overrideConfiguration(
        builder.overrideConfiguration().toBuilder().retryPolicy(RetryPolicy.none()).build());
  }
}
