package io.github.aksbackup.cli;

import io.github.aksbackup.api.InvalidInputException;
import io.github.aksbackup.crypto.LocalKeyProvider;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aks-backup key}: key files of encrypted vaults; never prints key material. */
@Command(name = "key",
        mixinStandardHelpOptions = true,
        description = {"Manage the key file of encrypted vaults (AES-256 keys that wrap the vault's data keys).",
            "Keep the file apart from the vault and readable by the backup identity only: without it, the vault cannot be read."},
        subcommands = {KeyCommand.Create.class, KeyCommand.Rotate.class, KeyCommand.ListKeys.class})
final class KeyCommand {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("'key-'yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The key file option and key id of the key commands. */
    static final class KeyFile {
        @Option(names = "--key-file", required = true, paramLabel = "FILE", description = "The key file.")
        Path file;

        @Option(names = "--key-id", paramLabel = "ID",
                description = "Id of the new key: 1 to 128 letters, digits, '.', '_' or '-' (default key-<UTC time>).")
        String id;

        String newId() {
            return id != null ? id : ID.format(Clock.systemUTC().instant());
        }

        /** Checks the id before anything is written. */
        void checkId() {
            if (id != null && !id.matches("[A-Za-z0-9._-]{1,128}")) {
                throw new InvalidInputException("--key-id", "'" + id + "' must be 1 to 128 letters, digits, '.', '_' or '-'");
            }
        }

        /** Checks that the file is a key file. */
        void mustExist() {
            VaultOptions.readKeyFile(file);
        }
    }

    static Map<String, Object> describe(Path file, LocalKeyProvider keys) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("keyFile", file.toString());
        doc.put("current", keys.currentKeyId());
        doc.put("keyIds", keys.keyIds());
        return doc;
    }

    static void print(Output output, String headline, Path file, LocalKeyProvider keys) {
        PrintWriter out = output.out();
        if (output.json) {
            output.printJson(describe(file, keys));
        } else {
            out.println(headline);
            for (String id : keys.keyIds()) {
                out.println((id.equals(keys.currentKeyId()) ? "* " : "  ") + id);
            }
            out.println("(* wraps new data keys; keep every key some backup still uses: 'vault verify' counts them)");
        }
        out.flush();
    }

    /** {@code aks-backup key create --key-file F [--key-id ID]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a new key file with one fresh random key (never overwrites a file; owner-only permissions).")
    static final class Create implements Callable<Integer> {
        @Mixin
        KeyFile key;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            key.checkId();
            if (Files.exists(key.file)) {
                throw new InvalidInputException("--key-file", "'" + key.file + "' exists already; a key file is never overwritten");
            }
            try {
                LocalKeyProvider.create(key.file, key.newId());
            } catch (UncheckedIOException e) {
                throw new InvalidInputException("--key-file", "'" + key.file + "' cannot be written: " + e.getCause().getMessage());
            }
            print(output, "Created key file " + key.file, key.file, LocalKeyProvider.read(key.file));
            return AksBackupCli.OK;
        }
    }

    /** {@code aks-backup key rotate --key-file F [--key-id ID]}. */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Add a fresh random key to the key file and make it current: new packs, index files, manifests and",
                "records are wrapped by it; the earlier keys stay, because existing backups need them."})
    static final class Rotate implements Callable<Integer> {
        @Mixin
        KeyFile key;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            key.checkId();
            key.mustExist();
            LocalKeyProvider keys;
            try {
                keys = LocalKeyProvider.rotate(key.file, key.newId());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--key-id", e.getMessage());
            } catch (UncheckedIOException e) {
                throw new InvalidInputException("--key-file", "'" + key.file + "' cannot be rewritten: " + e.getCause().getMessage());
            }
            print(output, "Rotated key file " + key.file + ": new current key '" + keys.currentKeyId() + "'", key.file, keys);
            return AksBackupCli.OK;
        }
    }

    /** {@code aks-backup key list --key-file F}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the key ids of a key file (never the keys).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        KeyFile key;

        @Mixin
        Output output;

        @Override
        public Integer call() {
            print(output, "Key file " + key.file + ":", key.file, VaultOptions.readKeyFile(key.file));
            return AksBackupCli.OK;
        }
    }
}
