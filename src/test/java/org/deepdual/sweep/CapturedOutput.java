package org.deepdual.sweep;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything a piece of code prints while this is open: stdout and stderr (still passed through) and every
 * log4j event at any level, so that a test can look for what must never be printed, such as a secret.
 */
final class CapturedOutput implements AutoCloseable {
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final StringWriter logged = new StringWriter();
    private final WriterAppender appender;
    private final Level rootLevel;
    private final List<Appender> consoles;

    private CapturedOutput() {
        System.setOut(new PrintStream(new Tee(out, printed), true));
        System.setErr(new PrintStream(new Tee(err, printed), true));
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        appender = WriterAppender.newBuilder().setName("captured-" + System.nanoTime()).setTarget(logged)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c %m %ex%n").build()).build();
        appender.start();
        LoggerConfig root = config.getRootLogger();
        rootLevel = root.getLevel();
        // INFO too, a level users turn on; the existing appenders keep printing only what they printed
        consoles = new ArrayList<>(root.getAppenders().values());
        for (Appender a : consoles) {
            root.removeAppender(a.getName());
            root.addAppender(a, rootLevel, null);
        }
        root.addAppender(appender, Level.INFO, null);
        root.setLevel(Level.INFO);
        ctx.updateLoggers();
    }

    static CapturedOutput start() {
        return new CapturedOutput();
    }

    String text() {
        return printed.toString(StandardCharsets.UTF_8) + logged;
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        LoggerConfig root = ctx.getConfiguration().getRootLogger();
        root.removeAppender(appender.getName());
        for (Appender a : consoles) {
            root.removeAppender(a.getName());
            root.addAppender(a, null, null);
        }
        root.setLevel(rootLevel);
        ctx.updateLoggers();
        appender.stop();
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            b.write(c);
            a.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            b.write(buf, off, len);
            a.write(buf, off, len);
        }
    }
}
