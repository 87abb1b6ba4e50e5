package io.github.aksbackup.cli;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.api.ValidationProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code aks-backup} command line: a thin layer over the SDK.
 *
 * <p>Exit codes for every command: {@value #OK} success, {@value #FAILED} the operation failed or
 * partly failed, {@value #BAD_INPUT} bad input (arguments, files, documents). Errors are printed as
 * messages, never as stack traces; {@code AKSB_DEBUG=1} adds the stack trace of unexpected errors.
 */
@Command(name = "aks-backup",
        mixinStandardHelpOptions = true,
        versionProvider = AksBackupCli.Version.class,
        description = AksBackupCli.DESCRIPTION,
        subcommands = {
            CommandLine.HelpCommand.class,
            HooksCommand.class,
            AzureCommand.class,
            PolicyCommand.class,
            DemoCommand.class,
            VaultCommand.class,
            KeyCommand.class,
            RecoveryPointsCommand.class,
            JobsCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            PreflightCommand.class,
            InstanceCommand.class,
            ServeCommand.class,
            CompletionCommand.class,
        })
public final class AksBackupCli {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the operation failed or partly failed. */
    public static final int FAILED = 1;
    /** Exit code: bad input. */
    public static final int BAD_INPUT = 2;
    static final String DESCRIPTION = "Back up and restore Kubernetes clusters the way Azure Backup for AKS does.";
    /** Problems of one input listed one by one; a hostile file can hold millions. */
    static final int MAX_PROBLEMS_LISTED = 50;
    /** Codes of a missing key, or a key that does not fit the vault. */
    private static final java.util.Set<String> KEY_ERRORS = java.util.Set.of("VaultEncrypted", "VaultNotEncrypted",
            io.github.aksbackup.spi.KeyProvider.KEY_UNAVAILABLE, io.github.aksbackup.spi.KeyProvider.KEY_MISMATCH);

    private AksBackupCli() {
    }

    public static void main(String[] args) {
        int code = run(args);
        ExitCleanup.beforeExit();
        System.exit(code);
    }

    /** Runs the command line with standard output and error, returning the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given writers, returning the exit code; for tests and embedding. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        quietLogging();
        CommandLine cmd = newCommandLine(out, err, args);
        return cmd.execute(args);
    }

    static CommandLine newCommandLine(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = commandTreeFor(args);
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExitCodeExceptionMapper(AksBackupCli::exitCodeOf);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            report(ex, commandLine.getErr());
            return exitCodeOf(ex);
        });
        cmd.setParameterExceptionHandler((ex, unmatched) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("aks-backup: " + ex.getMessage());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return BAD_INPUT;
        });
        return cmd;
    }

    /**
     * The command tree that runs these arguments: when they start with a top-level command other than
     * {@code help} and {@code completion} (which read the whole tree), the root with only that command;
     * otherwise the whole tree. Picocli reads every command's annotations by reflection to build a tree,
     * and the whole tree took a quarter of a second of a cold start; the root and the command behave the
     * same in either tree.
     */
    private static CommandLine commandTreeFor(String... args) {
        if (args.length > 0) {
            for (Class<?> c : AksBackupCli.class.getAnnotation(Command.class).subcommands()) {
                Command command = c.getAnnotation(Command.class);
                if (c != CommandLine.HelpCommand.class && c != CompletionCommand.class && (command.name().equals(args[0])
                        || List.of(command.aliases()).contains(args[0]))) {
                    CommandLine root = new CommandLine(new Root());
                    root.addSubcommand(new CommandLine(c));
                    return root;
                }
            }
        }
        return new CommandLine(new AksBackupCli());
    }

    /** The root command without its subcommands, for a tree that gets only the one the arguments name. */
    @Command(name = "aks-backup",
            mixinStandardHelpOptions = true,
            versionProvider = AksBackupCli.Version.class,
            description = AksBackupCli.DESCRIPTION)
    static final class Root {
    }

    /** The exit code an exception stands for. */
    static int exitCodeOf(Throwable ex) {
        if (ex instanceof InvalidInputException || ex instanceof IllegalArgumentException
                || ex instanceof CommandLine.ParameterException || ex instanceof NotFoundException) {
            return BAD_INPUT;
        }
        if (ex instanceof AksBackupException e && KEY_ERRORS.contains(e.code())) {
            // The key given (or not given) does not fit the vault: the input is wrong, not the operation.
            return BAD_INPUT;
        }
        return FAILED;
    }

    private static void report(Throwable ex, PrintWriter err) {
        if (ex instanceof InvalidInputException invalid) {
            List<ValidationProblem> problems = invalid.problems();
            for (ValidationProblem p : problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_LISTED))) {
                err.println(p);
            }
            if (problems.size() > MAX_PROBLEMS_LISTED) {
                err.println("... and " + (problems.size() - MAX_PROBLEMS_LISTED) + " more problems of the same input");
            }
        } else if (ex instanceof AksBackupException e) {
            err.println("aks-backup: " + e.getMessage());
            if (e.recommendedAction() != null) {
                err.println("  " + e.recommendedAction());
            }
        } else if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException) {
            err.println("aks-backup: " + ex.getMessage());
        } else {
            err.println("aks-backup: unexpected error: " + ex);
            if (System.getenv("AKSB_DEBUG") != null) {
                ex.printStackTrace(err);
            } else {
                err.println("  Set AKSB_DEBUG=1 to see where it happened.");
            }
        }
        err.flush();
    }

    /** Library logging goes to stderr at WARN unless the user asked for more. */
    private static void quietLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            String level = System.getenv("AKSB_LOG_LEVEL");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level == null ? "warn" : level);
            if (level == null && System.getProperty("org.slf4j.simpleLogger.log.com.azure") == null) {
                // The Azure SDK logs each failed attempt of a request at ERROR; the command reports the
                // outcome once, in its own words, so those lines only repeat it.
                System.setProperty("org.slf4j.simpleLogger.log.com.azure", "off");
            }
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }

    /** Reads the version Maven filtered into the jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = AksBackupCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"aks-backup " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version")};
        }
    }
}
