package dev.primer.io;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client builder ({@link DefaultS3ClientBuilderFactory}: {@code --endpoint}, {@code
 * --awsRegion}, {@code --awsCredentialsProvider}, {@code --httpClientConfiguration}) made fit for
 * S3-compatible stores (MinIO, Ceph, s3proxy):
 *
 * <ul>
 *   <li>path-style access ({@code http://host/bucket/key}), which a store on a bare host name or IP
 *       address needs;
 *   <li>the header {@code x-amz-server-side-encryption-bucket-key-enabled: false}, which Beam 2.70
 *       sends on every upload although {@code false} is S3's default, is left out (before the
 *       request is signed): s3proxy answers it with 501 NotImplemented. {@code true} is kept.
 * </ul>
 *
 * Select it with {@code --s3ClientFactoryClass=dev.primer.io.CompatibleS3ClientBuilderFactory};
 * primer's S3 lease store builds its client through the same factory, so both see one endpoint.
 */
public final class CompatibleS3ClientBuilderFactory implements S3ClientBuilderFactory {

  static final String BUCKET_KEY_HEADER = "x-amz-server-side-encryption-bucket-key-enabled";

  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    S3ClientBuilder builder = new DefaultS3ClientBuilderFactory().createBuilder(options);
    return builder
        .forcePathStyle(true)
        .overrideConfiguration(
            builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(new DropDefaultBucketKeyHeader())
                .build());
  }

  /** Removes {@code x-amz-server-side-encryption-bucket-key-enabled: false} from requests. */
  static final class DropDefaultBucketKeyHeader implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(
        Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      SdkHttpRequest request = context.httpRequest();
      return request
              .firstMatchingHeader(BUCKET_KEY_HEADER)
              .filter("false"::equalsIgnoreCase)
              .isPresent()
          ? request.toBuilder().removeHeader(BUCKET_KEY_HEADER).build()
          : request;
    }
  }
}
