package org.deepdual.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Exit statuses of every command (docs/cli.md): 0 for any solve status, 2 for bad input
 * (a one-line error naming the argument), 1 for internal errors.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }

    /** Bad input found after parsing ({@link IllegalArgumentException}) exits 2; anything else 1. */
    static final class ExceptionHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
            if (ex instanceof org.deepdual.sweep.SweepStopped stopped) {
                cl.getErr().println(stopped.getMessage());
                return stopped.exitCode();
            }
            if (ex instanceof IllegalArgumentException || ex instanceof java.io.UncheckedIOException
                    && ex.getCause() instanceof java.nio.file.NoSuchFileException) {
                cl.getErr().println("deepdual: error: " + ex.getMessage());
                return BAD_INPUT;
            }
            cl.getErr().println("deepdual: internal error: " + ex);
            ex.printStackTrace(cl.getErr());
            return INTERNAL;
        }
    }

    /** Unknown options and unparsable values exit 2 with a one-line message. */
    static final class ParameterHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            ex.getCommandLine().getErr().println("deepdual: error: " + ex.getMessage());
            return BAD_INPUT;
        }
    }
}
