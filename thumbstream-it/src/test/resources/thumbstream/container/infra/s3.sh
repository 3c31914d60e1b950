#!/bin/sh
# S3Proxy on port 9000 with the filesystem backend under /var/lib/s3 (buckets are directories),
# and over https on port 9443 too when TLS_KEYSTORE names a PKCS12 keystore (password
# TLS_KEYSTORE_PASSWORD) holding the server's key and certificate.
set -e
: "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}"
tls=
if [ -n "${TLS_KEYSTORE:-}" ]; then
  : "${TLS_KEYSTORE_PASSWORD:?}"
  tls="s3proxy.secure-endpoint=https://0.0.0.0:9443
s3proxy.keystore-path=${TLS_KEYSTORE}
s3proxy.keystore-password=${TLS_KEYSTORE_PASSWORD}"
fi
cat > /tmp/s3proxy.conf <<PROPS
s3proxy.endpoint=http://0.0.0.0:9000
${tls}
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3_ACCESS_KEY}
s3proxy.credential=${S3_SECRET_KEY}
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=/var/lib/s3
PROPS
exec java -Xmx384m -XX:+UseSerialGC -cp /opt/infra/infra.jar org.gaul.s3proxy.Main --properties /tmp/s3proxy.conf
