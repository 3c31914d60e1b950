#!/bin/sh
# S3Proxy on port 9000 with the filesystem backend under /var/lib/s3 (buckets are directories).
set -e
: "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}"
cat > /tmp/s3proxy.conf <<PROPS
s3proxy.endpoint=http://0.0.0.0:9000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3_ACCESS_KEY}
s3proxy.credential=${S3_SECRET_KEY}
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=/var/lib/s3
PROPS
exec java -Xmx384m -XX:+UseSerialGC -cp /opt/infra/infra.jar org.gaul.s3proxy.Main --properties /tmp/s3proxy.conf
