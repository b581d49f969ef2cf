#!/usr/bin/env bash
# Starts s3proxy (org.gaul:s3proxy, a real S3 server) on 127.0.0.1 in the foreground, for trying
# primer's s3:// run roots by hand; the tests start the same server themselves
# (dev.primer.testing.S3ProxyServer).
#
#   deploy/s3proxy.sh [PORT] [DATA_DIR]      (defaults: 9000, ./target/s3proxy-data)
#
# Buckets are directories of DATA_DIR (the jclouds filesystem-nio2 backend); BUCKET is created.
# Requests must be signed with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (default: local/localsecret),
# which the AWS SDK in primer reads from the same environment variables.
# Note: s3proxy 2.6.0 ignores conditional writes (If-None-Match/If-Match), so primer refuses to
# take a run lease on it directly (see README, "Run roots on Cloud Storage and S3").
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-9000}"
DATA="${2:-target/s3proxy-data}"
BUCKET="${BUCKET:-primer}"
JAR=transforms/target/s3proxy/s3proxy.jar
if [[ ! -f "$JAR" ]]; then
  echo "fetching s3proxy into $JAR" >&2
  mvn -B -q -pl transforms dependency:copy@s3proxy >&2
fi
mkdir -p "$DATA/$BUCKET"
PROPS="$(mktemp)"
trap 'rm -f "$PROPS"' EXIT
cat > "$PROPS" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${AWS_ACCESS_KEY_ID:-local}
s3proxy.credential=${AWS_SECRET_ACCESS_KEY:-localsecret}
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$(cd "$DATA" && pwd)
jclouds.identity=local
jclouds.credential=local
PROPS
echo "s3proxy on http://127.0.0.1:$PORT, bucket s3://$BUCKET/ in $DATA; pass primer:" >&2
echo "  --endpoint=http://127.0.0.1:$PORT --awsRegion=us-east-1 --s3ClientFactoryClass=dev.primer.io.CompatibleS3ClientBuilderFactory" >&2
java -Xmx256m -jar "$JAR" --properties "$PROPS"
