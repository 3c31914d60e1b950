/**
 * Object storage: the {@link thumbstream.storage.ObjectStore} contract the pipeline uses and its
 * implementation for any S3-compatible endpoint ({@link thumbstream.storage.MinioObjectStore}).
 * Storage errors are classified here, once, into not-found, too-large, transient and permanent.
 */
package thumbstream.storage;
