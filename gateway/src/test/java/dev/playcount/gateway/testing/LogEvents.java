package dev.playcount.gateway.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The INFO messages one class (or package) logs while it is open, for tests whose proof that an
 * event was handled is what the handler said (a request ignored, a task closed), not a guess at how
 * long it takes. They are kept here only, not printed.
 */
public final class LogEvents implements AutoCloseable {

    private final String logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    private LogEvents(String logger) {
        this.logger = logger;
        this.appender =
                new AbstractAppender("capture-" + logger, null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        messages.add(event.getMessage().getFormattedMessage());
                    }
                };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        LoggerConfig config = new LoggerConfig(logger, Level.INFO, false);
        config.addAppender(appender, Level.INFO, null);
        context.getConfiguration().addLogger(logger, config);
        context.updateLoggers();
    }

    /** Starts keeping what {@code source} logs. */
    public static LogEvents of(Class<?> source) {
        return new LogEvents(source.getName());
    }

    /** Starts keeping what the classes of {@code source}'s package log. */
    public static LogEvents ofPackage(Class<?> source) {
        return new LogEvents(source.getPackageName());
    }

    /** The messages so far that contain every one of {@code parts}. */
    public List<String> containing(String... parts) {
        return messages.stream()
                .filter(m -> java.util.Arrays.stream(parts).allMatch(m::contains))
                .toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.removeLogger(logger);
        context.updateLoggers();
        appender.stop();
    }
}
