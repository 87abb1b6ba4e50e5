package io.github.aksbackup.k8s;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.ErrorCode;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.WebSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.WebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command in a pod container the way {@code kubectl exec} does: client-java's exec websocket
 * ({@code v5.channel.k8s.io} / {@code v4.channel.k8s.io}) without stdin or TTY, stdout from channel
 * 1, stderr from channel 2 and the exit code from the {@code Status} on channel 3. The command is
 * exec'd directly, never through a shell.
 *
 * <p>When the timeout passes first, the websocket is closed and the result says {@code timedOut}
 * with the output received so far. Kubernetes has no way to kill an exec'd process: closing the
 * stream ends the session, and the command may go on running in the container.
 *
 * <p>Each stream keeps at most {@code outputLimitBytes} (the rest is counted and noted at its end),
 * so a chatty command cannot exhaust memory. Thread-safe; every call opens its own websocket.
 */
public final class PodExecutor {
    /** Default number of bytes kept per output stream. */
    public static final int DEFAULT_OUTPUT_LIMIT = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(PodExecutor.class);
    private static final String[] AUTH = {"BearerToken"};
    private static final Pattern HTTP_STATUS = Pattern.compile("but was '(\\d{3})");
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int STATUS = 3;

    private final ApiClient client;
    private final int outputLimit;

    /** An executor over {@code client} (its server, credentials and TLS) keeping {@value #DEFAULT_OUTPUT_LIMIT} bytes per stream. */
    public PodExecutor(ApiClient client) {
        this(client, DEFAULT_OUTPUT_LIMIT);
    }

    /** An executor over {@code client} keeping at most {@code outputLimitBytes} of each output stream. */
    public PodExecutor(ApiClient client, int outputLimitBytes) {
        this.client = Objects.requireNonNull(client, "client");
        if (outputLimitBytes < 0) {
            throw new IllegalArgumentException("outputLimitBytes must not be negative, was " + outputLimitBytes);
        }
        this.outputLimit = outputLimitBytes;
    }

    /**
     * Runs the command and waits for it, at most {@link ExecRequest#timeout()}.
     *
     * @return exit code and output; {@code timedOut} with a {@code null} exit code when the timeout
     *     passed; a {@code null} exit code without {@code timedOut} when the stream ended without an
     *     exit status
     * @throws NotFoundException when the pod does not exist
     * @throws AksBackupException code {@code ExecFailed} when the exec could not start (unknown
     *     container, program not found, ...), {@code Forbidden} when RBAC denies {@code pods/exec}
     */
    public ExecResult exec(ExecRequest request) {
        String pod = request.namespace() + "/" + request.pod();
        String container = request.container() != null ? request.container() : containers(request).get(0);
        Session session = new Session(outputLimit);
        try {
            WebSockets.stream(execPath(request, container), "GET", client, session);
        } catch (ApiException e) {
            throw ApiErrors.of(e, "open an exec stream to pod " + pod);
        } catch (IOException e) {
            throw ApiErrors.network("open an exec stream to pod " + pod, e);
        }
        boolean finished;
        try {
            finished = session.done.await(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            session.closeSocket();
            Thread.currentThread().interrupt();
            throw new AksBackupException(ErrorCode.INTERRUPTED, "interrupted while running a command in pod " + pod);
        }
        if (!finished) {
            LOG.debug("exec in pod {} container {} timed out after {}; closing the stream", pod, container, request.timeout());
            session.closeSocket();
            return session.timedOut();
        }
        session.closeSocket();
        if (session.failure != null) {
            throw failure(request, container, session.failure);
        }
        return session.result(pod, container);
    }

    /** {@code /api/v1/namespaces/NS/pods/POD/exec?...&command=...}, each argument its own URL-encoded {@code command}. */
    private static String execPath(ExecRequest request, String container) {
        StringBuilder sb = new StringBuilder("/api/v1/namespaces/").append(encode(request.namespace()))
                .append("/pods/").append(encode(request.pod()))
                .append("/exec?stdin=false&stdout=true&stderr=true&tty=false&container=").append(encode(container));
        for (String arg : request.command()) {
            sb.append("&command=").append(encode(arg));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The pod's container names, in spec order. */
    private List<String> containers(ExecRequest request) {
        String pod = request.namespace() + "/" + request.pod();
        JsonObject json = getPod(request);
        List<String> names = new ArrayList<>();
        JsonElement spec = json.get("spec");
        if (spec != null && spec.isJsonObject() && spec.getAsJsonObject().get("containers") instanceof JsonArray list) {
            for (JsonElement c : list) {
                if (c.isJsonObject() && c.getAsJsonObject().get("name") != null) {
                    names.add(c.getAsJsonObject().get("name").getAsString());
                }
            }
        }
        if (names.isEmpty()) {
            throw new AksBackupException(ErrorCode.EXEC_FAILED, "pod " + pod + " has no containers to run a command in");
        }
        return names;
    }

    private JsonObject getPod(ExecRequest request) {
        String pod = request.namespace() + "/" + request.pod();
        String path = "/api/v1/namespaces/" + encode(request.namespace()) + "/pods/" + encode(request.pod());
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", "application/json");
        try {
            Call call = client.buildCall(null, path, "GET", List.of(), List.of(), null, headers, new HashMap<>(), new HashMap<>(), AUTH, null);
            try (Response r = call.execute()) {
                String body = r.body() == null ? "" : r.body().string();
                if (r.code() == 404) {
                    throw new NotFoundException("pod " + pod + " does not exist");
                }
                if (!r.isSuccessful()) {
                    throw ApiErrors.of(r.code(), "read pod " + pod, ApiErrors.Status.parse(body),
                            ApiErrors.parseRetryAfter(r.header("Retry-After")));
                }
                return JsonParser.parseString(body).getAsJsonObject();
            }
        } catch (ApiException e) {
            throw ApiErrors.of(e, "read pod " + pod);
        } catch (IOException e) {
            throw ApiErrors.network("read pod " + pod, e);
        }
    }

    /**
     * Why the websocket upgrade failed, as the SDK's exception. The handshake failure carries only
     * the HTTP status line, so the pod is read to tell a missing pod or container apart.
     */
    private RuntimeException failure(ExecRequest request, String container, Throwable t) {
        String pod = request.namespace() + "/" + request.pod();
        Matcher m = HTTP_STATUS.matcher(String.valueOf(t.getMessage()));
        int status = m.find() ? Integer.parseInt(m.group(1)) : 0;
        if (status == 401 || status == 403) {
            return new AksBackupException(status == 401 ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN, "exec in pod " + pod
                    + ": the API server refused the exec (HTTP " + status + ")",
                    "Grant the identity 'create' on 'pods/exec' in the pod's namespace.", null);
        }
        List<String> containers = containers(request);
        if (!containers.contains(container)) {
            return new AksBackupException(ErrorCode.EXEC_FAILED, "container '" + container + "' is not in pod " + pod
                    + "; its containers are " + String.join(", ", containers), "Correct the hook's container name.", null);
        }
        return new AksBackupException(ErrorCode.EXEC_FAILED, "exec in pod " + pod + " container " + container + " failed: "
                + (status != 0 ? "HTTP " + status : t.toString()), null, t);
    }

    /** One exec: the websocket's messages demultiplexed by channel, until the status arrives or the stream ends. */
    private static final class Session implements WebSockets.SocketListener {
        final CountDownLatch done = new CountDownLatch(1);
        final Capped stdout;
        final Capped stderr;
        private final ByteArrayOutputStream status = new ByteArrayOutputStream();
        private WebSocket socket;
        private boolean statusSeen;
        private boolean closed;
        volatile Throwable failure;

        Session(int limit) {
            stdout = new Capped(limit);
            stderr = new Capped(limit);
        }

        @Override
        public synchronized void open(String protocol, WebSocket socket) {
            this.socket = socket;
            if (closed) {
                socket.close(1000, "done");
            }
        }

        @Override
        public void bytesMessage(InputStream in) {
            try {
                int channel = in.read();
                byte[] data = in.readAllBytes();
                handle(channel, data);
            } catch (IOException e) {
                failure(e);
            }
        }

        @Override
        public void textMessage(Reader in) {
            try {
                int channel = in.read();
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[4096];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sb.append(buf, 0, n);
                }
                handle(channel, sb.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                failure(e);
            }
        }

        private synchronized void handle(int channel, byte[] data) {
            switch (channel) {
                case STDOUT -> stdout.write(data);
                case STDERR -> stderr.write(data);
                case STATUS -> {
                    status.writeBytes(data);
                    statusSeen = true;
                    // The status is the last thing the kubelet sends: the command has ended.
                    done.countDown();
                }
                default -> {
                    // Channel 255 (v5) closes a stream; stdin and resize are not used.
                }
            }
        }

        @Override
        public void failure(Throwable t) {
            synchronized (this) {
                if (!statusSeen && !closed) {
                    failure = t;
                }
            }
            done.countDown();
        }

        @Override
        public void close() {
            done.countDown();
        }

        /** Closes the websocket (now, or as soon as it opens); the exec session ends with it. */
        synchronized void closeSocket() {
            if (!closed) {
                closed = true;
                if (socket != null) {
                    socket.close(1000, "done");
                }
            }
        }

        synchronized ExecResult timedOut() {
            return new ExecResult(null, stdout.text(), stderr.text(), true);
        }

        synchronized ExecResult result(String pod, String container) {
            if (!statusSeen) {
                return new ExecResult(null, stdout.text(), stderr.text(), false);
            }
            return new ExecResult(exitCode(status.toString(StandardCharsets.UTF_8), pod, container), stdout.text(), stderr.text(), false);
        }
    }

    /**
     * The exit code a {@code Status} reports: 0 for {@code Success}, the {@code ExitCode} cause of a
     * {@code NonZeroExitCode} failure; any other failure means the command did not run.
     */
    static int exitCode(String statusJson, String pod, String container) {
        JsonObject s;
        try {
            s = JsonParser.parseString(statusJson).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new AksBackupException(ErrorCode.EXEC_FAILED, "unreadable exec status from pod " + pod + ": " + statusJson);
        }
        String status = string(s, "status");
        if ("Success".equals(status)) {
            return 0;
        }
        if ("NonZeroExitCode".equals(string(s, "reason")) && s.get("details") instanceof JsonObject details
                && details.get("causes") instanceof JsonArray causes) {
            for (JsonElement cause : causes) {
                if (cause.isJsonObject() && "ExitCode".equals(string(cause.getAsJsonObject(), "reason"))) {
                    try {
                        return Integer.parseInt(string(cause.getAsJsonObject(), "message"));
                    } catch (NumberFormatException e) {
                        break;
                    }
                }
            }
        }
        String message = string(s, "message");
        throw new AksBackupException(ErrorCode.EXEC_FAILED, "command could not run in pod " + pod + " container " + container + ": "
                + (message == null ? statusJson : message));
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /** The first {@code limit} bytes of a stream, and how many more there were. */
    private static final class Capped {
        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long dropped;

        Capped(int limit) {
            this.limit = limit;
        }

        void write(byte[] data) {
            int room = Math.max(0, limit - kept.size());
            int take = Math.min(room, data.length);
            kept.write(data, 0, take);
            dropped += data.length - take;
        }

        String text() {
            String s = kept.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? s : s + "\n[" + dropped + " more bytes not kept]";
        }
    }
}
