package dev.playcount.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body built by hand, the way browsers and curl send one. */
public record Multipart(String boundary, byte[] bytes) {

    public static Multipart withFile(String partName, String fileName, byte[] content) {
        String boundary = "----playcount" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
                ("--"
                                + boundary
                                + "\r\n"
                                + "Content-Disposition: form-data; name=\""
                                + partName
                                + "\""
                                + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
                                + "\r\nContent-Type: text/csv\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Multipart(boundary, out.toByteArray());
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The bytes that come before the file's content. */
    public static byte[] head(String boundary, String partName, String fileName) {
        return ("--"
                        + boundary
                        + "\r\n"
                        + "Content-Disposition: form-data; name=\""
                        + partName
                        + "\"; filename=\""
                        + fileName
                        + "\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] tail(String boundary) {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
