package io.github.aksbackup.store;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An {@link ObjectStore} in a local directory: one file per key, {@code /} in keys being directory
 * separators. A vault for the command line, examples and tests; thread-safe and safe across
 * processes sharing the directory.
 *
 * <p>A put writes a temporary file under {@code .tmp/}, forces it to disk, then publishes it with
 * a hard link, which fails when the key exists: no reader ever sees a partial object, and an existing
 * object is never replaced. The directory entry is forced to disk too, so a written object survives a
 * power loss. A crash may leave files under {@code .tmp/}; they are invisible to readers and are
 * removed by {@link #removeTemporaryFiles()}.
 */
public final class DirectoryObjectStore implements ObjectStore {
    private static final String TMP = ".tmp";

    private final Path root;
    private final Path tmp;
    private volatile boolean tmpReady;

    /**
     * A store in {@code root}, which is created (with {@code .tmp/}) by the first write.
     *
     * @throws IllegalArgumentException when {@code root} exists and is no directory
     */
    public DirectoryObjectStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.tmp = this.root.resolve(TMP);
        if (Files.exists(this.root) && !Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("vault " + this.root + " is a file, not a directory");
        }
    }

    /** The directory. */
    public Path root() {
        return root;
    }

    private Path path(String key) {
        return root.resolve(ObjectStore.checkKey(key));
    }

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        Path target = path(key);
        if (Files.exists(target)) {
            return false;
        }
        Path temp = tmp.resolve(UUID.randomUUID() + ".part");
        try {
            if (!tmpReady) {
                Files.createDirectories(tmp);
                tmpReady = true;
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                long copied = copy(data, out, length);
                if (copied != length) {
                    throw new IllegalArgumentException("data for " + key + " ended after " + copied + " of " + length + " bytes");
                }
                out.flush();
                ch.force(true);
            }
            Files.createDirectories(target.getParent());
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException e) {
                // File systems without hard links: a non-replacing move (checked, then renamed).
                try {
                    Files.move(temp, target);
                } catch (FileAlreadyExistsException ex) {
                    return false;
                }
            }
            forceDirectory(target.getParent());
            return true;
        } catch (IOException e) {
            throw failure("cannot write " + key + " in " + describe(), e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Left for removeTemporaryFiles(); invisible to readers.
            }
        }
    }

    private static long copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        while (total < length) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, length - total));
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            total += n;
        }
        return total;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open directories; the link itself is already durable there.
        }
    }

    @Override
    public InputStream get(String key) {
        try {
            return Files.newInputStream(path(key));
        } catch (NoSuchFileException e) {
            throw notFound(key);
        } catch (IOException e) {
            throw failure("cannot read " + key + " in " + describe(), e);
        }
    }

    /** Reads the range into memory: ranges are single blobs, far smaller than packs. */
    @Override
    public InputStream getRange(String key, long offset, long length) {
        try (FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ)) {
            long n = Math.max(0, Math.min(length, ch.size() - offset));
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(n));
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // read until full or end of file
            }
            return new ByteArrayInputStream(buf.array(), 0, buf.position());
        } catch (NoSuchFileException e) {
            throw notFound(key);
        } catch (IOException e) {
            throw failure("cannot read " + key + " in " + describe(), e);
        }
    }

    @Override
    public byte[] getBytes(String key) {
        try {
            return Files.readAllBytes(path(key));
        } catch (NoSuchFileException e) {
            throw notFound(key);
        } catch (IOException e) {
            throw failure("cannot read " + key + " in " + describe(), e);
        }
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        int slash = prefix.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : prefix.substring(0, slash);
        return () -> new Walker(dirPart.isEmpty() ? root : root.resolve(dirPart), prefix);
    }

    /** Walks a directory tree lazily in ascending key order, one directory listing at a time. */
    private final class Walker implements Iterator<ObjectInfo> {
        private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
        private final String prefix;
        private ObjectInfo next;

        Walker(Path start, String prefix) {
            this.prefix = prefix;
            if (Files.isDirectory(start)) {
                stack.push(children(start));
            }
        }

        private Iterator<Path> children(Path dir) {
            List<Path> kids = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (!p.getFileName().toString().startsWith(".")) {
                        kids.add(p);
                    }
                }
            } catch (NoSuchFileException e) {
                return kids.iterator();
            } catch (IOException e) {
                throw failure("cannot list " + dir, e);
            }
            // Sorting "name/" for directories makes the walk follow the order of the full keys.
            kids.sort((a, b) -> sortName(a).compareTo(sortName(b)));
            return kids.iterator();
        }

        private String sortName(Path p) {
            String n = p.getFileName().toString();
            return Files.isDirectory(p) ? n + "/" : n;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !stack.isEmpty()) {
                Iterator<Path> top = stack.peek();
                if (!top.hasNext()) {
                    stack.pop();
                    continue;
                }
                Path p = top.next();
                String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (Files.isDirectory(p)) {
                    String asDir = key + "/";
                    if (asDir.startsWith(prefix) || prefix.startsWith(asDir)) {
                        stack.push(children(p));
                    }
                } else if (key.startsWith(prefix)) {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        next = new ObjectInfo(key, a.size(), a.lastModifiedTime().toInstant());
                    } catch (NoSuchFileException e) {
                        // Deleted while listing.
                    } catch (IOException e) {
                        throw failure("cannot read attributes of " + key, e);
                    }
                }
            }
            return next != null;
        }

        @Override
        public ObjectInfo next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ObjectInfo n = next;
            next = null;
            return n;
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        try {
            BasicFileAttributes a = Files.readAttributes(path(key), BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new ObjectInfo(key, a.size(), a.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read attributes of " + key, e);
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw failure("cannot delete " + key + " in " + describe(), e);
        }
    }

    /** Removes temporary files a crashed writer left behind; returns how many. */
    public int removeTemporaryFiles() {
        int n = 0;
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
            for (Path p : ds) {
                if (Files.deleteIfExists(p)) {
                    n++;
                }
            }
        } catch (IOException e) {
            throw failure("cannot clean " + tmp, e);
        }
        return n;
    }

    @Override
    public String describe() {
        return "directory vault " + root;
    }

    private NotFoundException notFound(String key) {
        return new NotFoundException("no object '" + key + "' in " + describe());
    }

    private static AksBackupException failure(String message, IOException e) {
        return new AksBackupException(ErrorCode.STORE_FAILED, message + ": " + reason(e), "Check the disk (space, permissions) and retry.", e);
    }

    /** What went wrong, in words: the file and the system's reason, without the exception's class name. */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            String why = f.getReason() != null ? f.getReason()
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : e instanceof java.nio.file.NotDirectoryException ? "not a directory"
                    : e instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty" : "file system error";
            return (f.getFile() == null ? "" : f.getFile() + ": ") + why;
        }
        return e.getMessage() != null ? e.getMessage() : "I/O error";
    }
}
