package thumbstream.backfill;

/**
 * One object as a bucket listing shows it.
 *
 * @param etag the ETag as listed (quotes are removed when it becomes an upload event)
 */
record ListedObject(String key, String etag, long size) {}
