#!/bin/sh
# One-shot set-up of the compose MinIO (run by the `minio-init` service, image minio/mc):
#   1. bucket `media`;
#   2. its notifications: objects created (put) and removed (delete) go to the Kafka target
#      PRIMARY, which the `minio` service points at topic `uploads`. Never `get`: reads, the
#      service's own downloads included, must not produce events;
#   3. a MinIO user for the service, so that it does not run with the root credentials, with the
#      policy `thumbstream`: exactly what `thumbstream run` and `backfill` do (see below).
# Safe to run again: every step checks for, replaces or tolerates what an earlier run left.
set -eu

# MinIO may still be starting: retry until it answers (about a minute at most).
tries=0
until mc alias set local http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "minio-init: MinIO at http://minio:9000 did not answer within 60 s" >&2
    exit 1
  fi
  sleep 1
done

mc mb --ignore-existing local/media

# Thumbnails land in the same bucket (under thumbnails/) and raise put events too; the service
# recognises its own keys and skips them.
# (Shell `case` rather than grep: the minio/mc image is minimal.)
existing=$(mc event ls local/media arn:minio:sqs::PRIMARY:kafka 2>/dev/null || true)
case "$existing" in
  *arn:minio:sqs::PRIMARY:kafka*)
    echo "minio-init: notifications of media to arn:minio:sqs::PRIMARY:kafka already set" ;;
  *)
    mc event add local/media arn:minio:sqs::PRIMARY:kafka --event put,delete ;;
esac

# Least privilege for the service (MinioObjectStore and S3ObjectListing): GET and HEAD of any
# object in media (originals, and its own thumbnails to compare metadata), PUT and DELETE only
# under the thumbnail prefix (THUMBSTREAM_OUTPUT_PREFIX, default thumbnails/; pass the same value
# here if the service's is changed), and ListBucket on media: without it MinIO, like S3, answers
# 403 instead of 404 for a missing object, which the service must tell apart, and `backfill`
# lists the bucket. Nothing else: no bucket creation (minio-init makes it), no multipart (each
# thumbnail is one PUT), no GetBucketLocation (the service always sends a region).
prefix=${THUMBSTREAM_OUTPUT_PREFIX:-thumbnails/}
case "$prefix" in
  */) ;;
  *) prefix="$prefix/" ;;
esac
policy_file=${TMPDIR:-/tmp}/thumbstream-policy.json
# printf, not cat with a here-document: the minio/mc image has few tools besides mc.
printf '%s\n' \
  '{' \
  '  "Version": "2012-10-17",' \
  '  "Statement": [' \
  '    {"Sid": "ReadObjects", "Effect": "Allow", "Action": ["s3:GetObject"],' \
  '     "Resource": ["arn:aws:s3:::media/*"]},' \
  '    {"Sid": "WriteThumbnails", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"],' \
  "     \"Resource\": [\"arn:aws:s3:::media/${prefix}*\"]}," \
  '    {"Sid": "TellMissingFromForbidden", "Effect": "Allow", "Action": ["s3:ListBucket"],' \
  '     "Resource": ["arn:aws:s3:::media"]}' \
  '  ]' \
  '}' > "$policy_file"
# `policy create` replaces a policy of that name, so a changed policy reaches an existing MinIO.
mc admin policy create local thumbstream "$policy_file"
rm -f "$policy_file" 2>/dev/null || true

mc admin user add local "$SERVICE_ACCESS_KEY" "$SERVICE_SECRET_KEY"
mc admin policy attach local thumbstream --user "$SERVICE_ACCESS_KEY" >/dev/null 2>&1 \
  || echo "minio-init: policy thumbstream already attached to $SERVICE_ACCESS_KEY"
# Earlier versions of this script attached `readwrite` (every bucket, every key): take it away.
mc admin policy detach local readwrite --user "$SERVICE_ACCESS_KEY" >/dev/null 2>&1 \
  && echo "minio-init: detached policy readwrite from $SERVICE_ACCESS_KEY" || true

echo "minio-init: bucket media ready; put and delete events go to topic uploads; user $SERVICE_ACCESS_KEY has policy thumbstream (write under media/$prefix)"
