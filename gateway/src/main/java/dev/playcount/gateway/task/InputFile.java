package dev.playcount.gateway.task;

/**
 * The uploaded file as the user named it, and the CSV stored from it (its size and SHA-256 in hex,
 * the ones the job's receipt checks); for a compressed upload also how it was encoded and the size
 * and SHA-256 of the bytes received. While the file still arrives (its job already runs) the
 * SHA-256s are null and the sizes are 0.
 *
 * @param encoding {@code identity}, {@code gzip} or {@code zstd}
 */
public record InputFile(
        String name,
        long bytes,
        String sha256,
        String encoding,
        long receivedBytes,
        String receivedSha256) {

    /** A file received as stored, not compressed. */
    public InputFile(String name, long bytes, String sha256) {
        this(name, bytes, sha256, Encoding.IDENTITY.wireName(), bytes, sha256);
    }

    /** The input of an upload stored as {@code stored}. */
    public static InputFile of(String name, StoredUpload stored) {
        return new InputFile(
                name,
                stored.bytes(),
                stored.sha256(),
                stored.encoding().wireName(),
                stored.receivedBytes(),
                stored.receivedSha256());
    }
}
