package dev.playcount.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.RequestContext;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;
import org.junit.jupiter.api.Test;

/** The hand-written reader against Commons FileUpload, on generated bodies and edge cases. */
class MultipartReaderTest {

    private static final String BOUNDARY = "----------------------d74496d66958873e";

    record Parsed(String name, String fileName, byte[] content) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Parsed p
                    && java.util.Objects.equals(name, p.name)
                    && java.util.Objects.equals(fileName, p.fileName)
                    && Arrays.equals(content, p.content);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return name + "/" + fileName + "/" + content.length + " bytes";
        }
    }

    @Test
    void matchesCommonsFileUploadOnGeneratedBodies() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 150; round++) {
            List<Parsed> parts = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                parts.add(
                        new Parsed(
                                "field" + i,
                                random.nextBoolean() ? "f" + i + ".csv" : null,
                                content(random)));
            }
            byte[] body = body(parts, random.nextBoolean() ? "preamble\r\n" : "");
            int chunk = 1 + random.nextInt(random.nextBoolean() ? 7 : 5000);

            assertThat(read(new Chunked(new ByteArrayInputStream(body), chunk)))
                    .as("round %d, chunk %d", round, chunk)
                    .isEqualTo(oracle(body))
                    .isEqualTo(parts);
        }
    }

    @Test
    void contentThatAlmostMatchesTheBoundaryStaysContent() throws Exception {
        String tricky =
                "a\r\n--"
                        + BOUNDARY.substring(0, 20)
                        + "x\r\n-\r\n--\r\n"
                        + "\r\n--"
                        + BOUNDARY.substring(1);
        List<Parsed> parts =
                List.of(new Parsed("file", "x.csv", tricky.getBytes(StandardCharsets.ISO_8859_1)));
        byte[] body = body(parts, "");
        assertThat(read(new Chunked(new ByteArrayInputStream(body), 3))).isEqualTo(parts);
        assertThat(oracle(body)).isEqualTo(parts);
    }

    @Test
    void bodyCutBeforeTheClosingBoundaryFails() throws Exception {
        byte[] body =
                body(List.of(new Parsed("file", "x.csv", "Song\n".repeat(1000).getBytes())), "");
        byte[] cut = Arrays.copyOf(body, body.length - 30);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), BOUNDARY);
        MultipartReader.Part part = reader.next();
        assertThatThrownBy(() -> part.content().readAllBytes())
                .hasMessageContaining("ended before its closing boundary");
    }

    @Test
    void boundaryFromContentType() {
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=\"a b\"; x=y"))
                .isEqualTo("a b");
        assertThat(MultipartReader.boundary("multipart/form-data")).isNull();
    }

    private static byte[] content(Random random) {
        // mostly small parts; some past the reader's 1 MiB buffer, so delimiters straddle refills
        int size =
                switch (random.nextInt(10)) {
                    case 0, 1 -> random.nextInt(5);
                    case 2 -> random.nextInt(3 << 20);
                    default -> random.nextInt(64 << 10);
                };
        byte[] b = new byte[size];
        String alphabet = "Song,Date,\r\n-\"0123456789abcdef";
        for (int i = 0; i < size; i++) {
            b[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
        // now and then a line that looks like a delimiter but is not one
        if (size > 100 && random.nextBoolean()) {
            byte[] near =
                    ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "Z")
                            .getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(near, 0, b, random.nextInt(size - near.length), near.length);
        }
        return b;
    }

    private static byte[] body(List<Parsed> parts, String preamble) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(preamble.getBytes(StandardCharsets.ISO_8859_1));
        for (Parsed p : parts) {
            out.writeBytes(
                    ("--"
                                    + BOUNDARY
                                    + "\r\nContent-Disposition: form-data; name=\""
                                    + p.name()
                                    + "\""
                                    + (p.fileName() == null
                                            ? ""
                                            : "; filename=\"" + p.fileName() + "\"")
                                    + "\r\nContent-Type: text/csv\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static List<Parsed> read(InputStream in) throws IOException {
        MultipartReader reader = new MultipartReader(in, BOUNDARY);
        List<Parsed> parts = new ArrayList<>();
        MultipartReader.Part part;
        while ((part = reader.next()) != null) {
            parts.add(new Parsed(part.name(), part.fileName(), part.content().readAllBytes()));
        }
        return parts;
    }

    private static List<Parsed> oracle(byte[] body) throws IOException {
        FileItemInputIterator items =
                new JakartaServletFileUpload<>().getItemIterator(context(body));
        List<Parsed> parts = new ArrayList<>();
        while (items.hasNext()) {
            FileItemInput item = items.next();
            try (InputStream in = item.getInputStream()) {
                parts.add(
                        new Parsed(
                                item.getFieldName(),
                                item.isFormField() ? null : item.getName(),
                                in.readAllBytes()));
            }
        }
        return parts;
    }

    private static RequestContext context(byte[] body) {
        return new RequestContext() {
            @Override
            public String getCharacterEncoding() {
                return "UTF-8";
            }

            @Override
            public long getContentLength() {
                return body.length;
            }

            @Override
            public String getContentType() {
                return "multipart/form-data; boundary=" + BOUNDARY;
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public boolean isMultipartRelated() {
                return false;
            }

            @Override
            public Charset getCharset() {
                return StandardCharsets.UTF_8;
            }
        };
    }

    /** Hands out at most {@code chunk} bytes per read, like a slow socket. */
    private static final class Chunked extends FilterInputStream {
        private final int chunk;

        Chunked(InputStream in, int chunk) {
            super(in);
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, chunk));
        }
    }
}
