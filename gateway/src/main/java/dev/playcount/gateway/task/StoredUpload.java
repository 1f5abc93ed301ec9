package dev.playcount.gateway.task;

/**
 * What was written for an upload: the stored CSV's size and SHA-256 in hex, and those of the bytes
 * received, before decoding (the same as the stored ones when the upload was not compressed).
 */
public record StoredUpload(
        long bytes, String sha256, Encoding encoding, long receivedBytes, String receivedSha256) {

    /** A plain upload: received as stored. */
    public StoredUpload(long bytes, String sha256) {
        this(bytes, sha256, Encoding.IDENTITY, bytes, sha256);
    }
}
