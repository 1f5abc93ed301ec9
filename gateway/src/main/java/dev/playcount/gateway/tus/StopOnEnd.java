package dev.playcount.gateway.tus;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;

/**
 * A PATCH whose body stops being read once its upload has ended (refused by the header check or a
 * bad row, terminated): the client learns at once instead of sending the rest for nothing.
 */
final class StopOnEnd extends HttpServletRequestWrapper {

    private final TusSession session;

    StopOnEnd(HttpServletRequest request, TusSession session) {
        super(request);
        this.session = session;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        ServletInputStream in = super.getInputStream();
        return new ServletInputStream() {
            @Override
            public int read() throws IOException {
                check();
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                check();
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        };
    }

    private void check() throws IOException {
        if (session.stopped()) {
            throw new IOException("upload " + session.id + " has ended; the rest is not read");
        }
    }
}
