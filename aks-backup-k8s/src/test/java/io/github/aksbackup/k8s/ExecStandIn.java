package io.github.aksbackup.k8s;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server standing in for the API server and kubelet on the exec path, which the test
 * kube-apiserver cannot serve (it has no kubelet). It speaks the Kubernetes exec protocol over a real
 * RFC 6455 websocket: negotiates {@code v5.channel.k8s.io} / {@code v4.channel.k8s.io}, sends stdout
 * on channel 1, stderr on channel 2 and a {@code Status} on channel 3, then closes. Pods are served
 * as JSON for {@code GET /api/v1/namespaces/NS/pods/NAME}. What the "process" does is a script the
 * test gives; every exec is recorded.
 */
final class ExecStandIn implements AutoCloseable {
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What the exec'd "process" does. */
    @FunctionalInterface
    interface Script {
        void run(Exec exec) throws Exception;
    }

    private final ServerSocket server;
    private final List<String> protocols;
    private final Map<String, List<String>> pods = new ConcurrentHashMap<>();
    private final List<Exec> execs = new CopyOnWriteArrayList<>();
    private volatile Script script = exec -> exec.exit(0);
    private volatile int refuseWith;

    /** A server that accepts the given subprotocols, in its order of preference. */
    ExecStandIn(String... protocols) throws IOException {
        this.protocols = List.of(protocols);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "exec-stand-in");
        accept.setDaemon(true);
        accept.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Adds a pod with these containers, in spec order. */
    ExecStandIn pod(String namespace, String name, String... containers) {
        pods.put(namespace + "/" + name, List.of(containers));
        return this;
    }

    ExecStandIn script(Script s) {
        this.script = s;
        return this;
    }

    /** Makes every exec upgrade fail with this HTTP status (such as 403), as an API server denying it would. */
    ExecStandIn refuseExecWith(int status) {
        this.refuseWith = status;
        return this;
    }

    List<Exec> execs() {
        return execs;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** One exec session as the server saw it, and the script's means to answer it. */
    static final class Exec {
        final String namespace;
        final String pod;
        final String container;
        final List<String> command;
        final String protocol;
        final CountDownLatch clientClosed = new CountDownLatch(1);
        private final OutputStream out;
        private boolean serverClosed;

        Exec(String namespace, String pod, String container, List<String> command, String protocol, OutputStream out) {
            this.namespace = namespace;
            this.pod = pod;
            this.container = container;
            this.command = command;
            this.protocol = protocol;
            this.out = out;
        }

        void stdout(String text) throws IOException {
            send(1, text.getBytes(StandardCharsets.UTF_8));
        }

        void stdout(byte[] bytes) throws IOException {
            send(1, bytes);
        }

        void stderr(String text) throws IOException {
            send(2, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Ends the process with this exit code: the status a kubelet sends, then a close frame. */
        void exit(int code) throws IOException {
            if (code == 0) {
                status("{\"metadata\":{},\"status\":\"Success\"}");
            } else {
                status("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code: "
                        + "error executing command " + command + ", exit code " + code + "\",\"reason\":\"NonZeroExitCode\","
                        + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + code + "\"}]}}");
            }
        }

        /** Sends a raw status on channel 3, then closes. */
        void status(String json) throws IOException {
            send(3, json.getBytes(StandardCharsets.UTF_8));
            closeStream();
        }

        /** Ends the stream without a status, as a broken connection to the kubelet would. */
        synchronized void closeStream() throws IOException {
            if (!serverClosed) {
                serverClosed = true;
                frame(0x8, new byte[] {0x03, (byte) 0xE8});
            }
        }

        /** Waits until the client closes the websocket (as a timed-out caller must). */
        boolean awaitClientClose(Duration max) throws InterruptedException {
            return clientClosed.await(max.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void send(int channel, byte[] data) throws IOException {
            byte[] payload = new byte[data.length + 1];
            payload[0] = (byte) channel;
            System.arraycopy(data, 0, payload, 1, data.length);
            frame(0x2, payload);
        }

        private synchronized void frame(int opcode, byte[] payload) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 10);
            f.write(0x80 | opcode);
            if (payload.length < 126) {
                f.write(payload.length);
            } else if (payload.length < 65536) {
                f.write(126);
                f.write(payload.length >>> 8);
                f.write(payload.length & 0xFF);
            } else {
                f.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    f.write((int) (((long) payload.length >>> shift) & 0xFF));
                }
            }
            f.write(payload);
            out.write(f.toByteArray());
            out.flush();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "exec-stand-in-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
            Map<String, String> headers = headers(head);
            String target = requestLine[1];
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            String[] parts = path.split("/");
            // /api/v1/namespaces/NS/pods/NAME[/exec]
            if (parts.length < 7 || !parts[3].equals("namespaces") || !parts[5].equals("pods")) {
                respond(out, 404, status(404, "NotFound", "the server could not find the requested resource"));
                return;
            }
            String namespace = decode(parts[4]);
            String name = decode(parts[6]);
            List<String> containers = pods.get(namespace + "/" + name);
            if (containers == null) {
                respond(out, 404, status(404, "NotFound", "pods \"" + name + "\" not found"));
                return;
            }
            if (parts.length == 7) {
                respond(out, 200, podJson(namespace, name, containers));
                return;
            }
            Map<String, List<String>> query = query(target);
            String container = query.getOrDefault("container", List.of(containers.get(0))).get(0);
            if (refuseWith != 0) {
                respond(out, refuseWith, status(refuseWith, "Forbidden", "pods \"" + name + "\" is forbidden: cannot create resource \"pods/exec\""));
                return;
            }
            if (!containers.contains(container)) {
                respond(out, 400, status(400, "BadRequest", "container " + container + " is not valid for pod " + name));
                return;
            }
            String protocol = negotiate(headers.getOrDefault("sec-websocket-protocol", ""));
            if (!"websocket".equalsIgnoreCase(headers.get("upgrade")) || protocol == null) {
                respond(out, 400, status(400, "BadRequest", "exec needs a websocket with one of " + protocols));
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(headers.get("sec-websocket-key")) + "\r\n"
                    + "Sec-WebSocket-Protocol: " + protocol + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Exec exec = new Exec(namespace, name, container, query.getOrDefault("command", List.of()), protocol, out);
            execs.add(exec);
            Thread reader = new Thread(() -> readClientFrames(in, exec), "exec-stand-in-reader");
            reader.setDaemon(true);
            reader.start();
            script.run(exec);
            // Keep the connection until the client has seen the end and closed its side.
            exec.awaitClientClose(Duration.ofSeconds(10));
        } catch (Exception e) {
            // The client went away; nothing to answer.
        }
    }

    /** Reads the client's (masked) frames until its close frame or the end of the connection. */
    private static void readClientFrames(InputStream in, Exec exec) {
        try {
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    break;
                }
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = (in.read() << 8) | in.read();
                } else if (len == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | in.read();
                    }
                }
                byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
                byte[] payload = in.readNBytes((int) len);
                if (mask != null) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                }
                if ((b0 & 0x0F) == 0x8) {
                    exec.closeStream();
                    break;
                }
            }
        } catch (IOException e) {
            // connection gone
        } finally {
            exec.clientClosed.countDown();
        }
    }

    private String negotiate(String offered) {
        List<String> offers = Arrays.stream(offered.split(",")).map(String::trim).toList();
        for (String o : offers) {
            if (protocols.contains(o)) {
                return o;
            }
        }
        return null;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                        (a, b) -> a + "," + b);
            }
        }
        return headers;
    }

    private static Map<String, List<String>> query(String target) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (!target.contains("?")) {
            return query;
        }
        for (String pair : target.substring(target.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String accept(String key) throws NoSuchAlgorithmException {
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(sha1);
    }

    private static void respond(OutputStream out, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            default -> "Error";
        };
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private static String podJson(String namespace, String name, List<String> containers) {
        StringBuilder sb = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"")
                .append(name).append("\",\"namespace\":\"").append(namespace).append("\"},\"spec\":{\"containers\":[");
        for (int i = 0; i < containers.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"name\":\"").append(containers.get(i)).append("\",\"image\":\"busybox\"}");
        }
        return sb.append("]}}").toString();
    }
}
