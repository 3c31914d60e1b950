#!/bin/sh
# One-shot set-up of the compose MinIO (run by the `minio-init` service, image minio/mc):
#   1. bucket `media`;
#   2. its notifications: objects created (put) and removed (delete) go to the Kafka target
#      PRIMARY, which the `minio` service points at topic `uploads`. Never `get`: reads, the
#      service's own downloads included, must not produce events;
#   3. a MinIO user for the service, so that it does not run with the root credentials.
# Safe to run again: every step checks for or tolerates what an earlier run left.
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

mc admin user add local "$SERVICE_ACCESS_KEY" "$SERVICE_SECRET_KEY"
mc admin policy attach local readwrite --user "$SERVICE_ACCESS_KEY" >/dev/null 2>&1 \
  || echo "minio-init: policy readwrite already attached to $SERVICE_ACCESS_KEY"

echo "minio-init: bucket media ready; put and delete events go to topic uploads"
