package io.github.aksbackup.azure;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonWriter;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobUrlParts;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.PageBlobClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the slice of Azure Resource Manager that {@link AzureDiskSnapshotter} and
 * {@link AzurePreflight} call: Microsoft.Compute disks and snapshots (PUT, GET, DELETE,
 * beginGetAccess, endGetAccess), resource groups, and Microsoft.Authorization permissions.
 *
 * <p>No ARM emulator exists, so this serves the REST shapes of the DiskRP API with ARM's
 * long-running-operation protocol: a PUT of a snapshot answers 200 with a body in state
 * {@code Creating} plus an {@code Azure-AsyncOperation} header; a PUT of a disk answers 202 with
 * {@code Azure-AsyncOperation} and {@code Location}; POST actions and DELETE answer 202 with both
 * headers. Each operation stays {@code InProgress} for {@link #pollsPerOperation} polls. Incremental
 * snapshots report {@code completionPercent} that grows with each GET. Requests without the test
 * bearer token get 401. Faults (status codes for the next N matching requests) can be injected.
 *
 * <p>Volume data: disks hold bytes. beginGetAccess publishes them as a page blob on Azurite and
 * answers its SAS URL, as Azure answers a SAS URL of its own storage; an upload disk's write access
 * is a writable page blob that endGetAccess reads back. A snapshot imported from a blob URL reads
 * that blob from Azurite. What this cannot prove is listed in the module README.
 */
public final class ArmStandIn implements AutoCloseable {
    static final String TOKEN = "stand-in-token";
    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-00000000aaaa";

    private static final Pattern RESOURCE = Pattern.compile(
            "(?i)(/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\\.compute/(disks|snapshots)/[^/]+)(/(begingetaccess|endgetaccess))?");
    private static final Pattern GROUP = Pattern.compile("(?i)/subscriptions/[^/]+/resourcegroups/([^/]+)");
    private static final Pattern PERMISSIONS = Pattern.compile(
            "(?i)(/subscriptions/[^/]+(?:/resourcegroups/[^/]+)?.*?)/providers/microsoft\\.authorization/permissions");

    /** One disk or snapshot. */
    static final class Res {
        final String id;
        final boolean snapshot;
        final Map<String, Object> body;
        volatile byte[] data = new byte[0];
        volatile int completion = 100;
        volatile String accessBlob;
        volatile String state = "Unattached";

        Res(String id, boolean snapshot, Map<String, Object> body) {
            this.id = id;
            this.snapshot = snapshot;
            this.body = body;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> properties() {
            return (Map<String, Object>) body.computeIfAbsent("properties", k -> new LinkedHashMap<>());
        }
    }

    /** A long-running operation: in progress for some polls, then done (or failed). */
    private static final class Op {
        final AtomicInteger pollsLeft;
        final Supplier<Map<String, Object>> complete;
        volatile boolean done;
        volatile Map<String, Object> output;
        volatile String error;

        Op(int polls, Supplier<Map<String, Object>> complete) {
            this.pollsLeft = new AtomicInteger(polls);
            this.complete = complete;
        }

        synchronized boolean poll() {
            if (!done && pollsLeft.decrementAndGet() < 0) {
                try {
                    output = complete.get();
                } catch (RuntimeException e) {
                    error = e.getMessage();
                }
                done = true;
            }
            return done;
        }
    }

    /** Answers {@code status} to the next {@code count} requests whose method and path match. */
    record Fault(String method, Pattern path, int status, AtomicInteger count) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final BlobServiceClient blobs;
    private final String accessContainer = "standin-access";
    private final Map<String, Res> resources = new ConcurrentHashMap<>();
    private final Set<String> groups = ConcurrentHashMap.newKeySet();
    private final Map<String, Op> operations = new ConcurrentHashMap<>();
    private final Map<String, List<String>> permissions = new ConcurrentHashMap<>();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    volatile int pollsPerOperation = 2;
    volatile int completionStep = 50;

    /**
     * @param blobs Azurite, where access SAS URLs point; {@code null} when the test moves no data
     */
    ArmStandIn(BlobServiceClient blobs) throws IOException {
        // Without TCP_NODELAY small responses wait for delayed ACKs (tens of ms per request).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.blobs = blobs;
        if (blobs != null) {
            blobs.getBlobContainerClient(accessContainer).createIfNotExists();
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Forgets every resource, operation, fault, permission and logged request; keeps the server. */
    void reset() {
        resources.clear();
        groups.clear();
        operations.clear();
        permissions.clear();
        faults.clear();
        log.clear();
        pollsPerOperation = 2;
        completionStep = 50;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public static String groupId(String rg) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + rg;
    }

    public void addResourceGroup(String rg) {
        groups.add(rg.toLowerCase(Locale.ROOT));
    }

    /** Grants only these actions at a scope (resource id); without a call, everything is allowed. */
    void restrictPermissions(String scope, List<String> actions) {
        permissions.put(scope.toLowerCase(Locale.ROOT), List.copyOf(actions));
    }

    public String addDisk(String rg, String name, String location, String zone, int sizeGb, String sku, byte[] data) {
        addResourceGroup(rg);
        String id = groupId(rg) + "/providers/Microsoft.Compute/disks/" + name;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("location", location);
        if (zone != null) {
            body.put("zones", List.of(zone));
        }
        body.put("sku", Map.of("name", sku));
        Res r = new Res(id, false, body);
        r.properties().put("diskSizeGB", sizeGb);
        r.properties().put("diskSizeBytes", sizeGb * 1024L * 1024 * 1024);
        r.properties().put("creationData", Map.of("createOption", "Empty"));
        r.properties().put("provisioningState", "Succeeded");
        r.properties().put("diskState", "Unattached");
        r.data = data.clone();
        resources.put(key(id), r);
        return id;
    }

    /**
     * Adds a finished snapshot of a disk, as the Azure Disk CSI driver makes one for a VolumeSnapshot
     * (outside this process's ARM calls); returns its id, which the driver reports as the snapshot handle.
     */
    public String addSnapshotOf(String diskId, String rg, String name) {
        Res disk = resources.get(key(diskId));
        if (disk == null) {
            throw new IllegalArgumentException("no disk " + diskId);
        }
        addResourceGroup(rg);
        String id = groupId(rg) + "/providers/Microsoft.Compute/snapshots/" + name;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("name", name);
        body.put("type", "Microsoft.Compute/snapshots");
        body.put("location", disk.body.get("location"));
        Res r = new Res(id, true, body);
        r.properties().put("diskSizeGB", disk.properties().get("diskSizeGB"));
        r.properties().put("diskSizeBytes", disk.properties().get("diskSizeBytes"));
        r.properties().put("creationData", Map.of("createOption", "Copy", "sourceResourceId", diskId));
        r.properties().put("incremental", true);
        r.properties().put("provisioningState", "Succeeded");
        r.properties().put("completionPercent", 100.0);
        r.data = disk.data.clone();
        resources.put(key(id), r);
        return id;
    }

    /** The bytes a disk or snapshot holds, or {@code null} when there is no such resource. */
    public byte[] data(String id) {
        Res r = resources.get(key(id));
        return r == null ? null : r.data.clone();
    }

    /** The ids of the disks ({@code "disks"}) or snapshots ({@code "snapshots"}) that exist now. */
    public List<String> ids(String kind) {
        return resources(kind).stream().map(r -> r.id).toList();
    }

    Res resource(String id) {
        return resources.get(key(id));
    }

    List<Res> resources(String kind) {
        List<Res> out = new ArrayList<>();
        for (Res r : resources.values()) {
            if (r.snapshot == "snapshots".equals(kind)) {
                out.add(r);
            }
        }
        return out;
    }

    void inject(String method, String pathRegex, int status, int count) {
        faults.add(new Fault(method, Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE), status,
                new AtomicInteger(count)));
    }

    /** Method and path (no query) of every request, in order. */
    List<String> requests() {
        return Collections.unmodifiableList(log);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            log.add(method + " " + path);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + TOKEN).equals(auth)) {
                error(ex, 401, "AuthenticationFailed", "missing or wrong bearer token");
                return;
            }
            for (Fault f : faults) {
                if (f.method.equals(method) && f.path.matcher(path).find() && f.count.getAndDecrement() > 0) {
                    ex.getResponseHeaders().add("Retry-After", "0");
                    error(ex, f.status, "InjectedFault", "injected HTTP " + f.status);
                    return;
                }
            }
            String query = ex.getRequestURI().getQuery();
            if (query == null || !query.contains("api-version=")) {
                error(ex, 400, "MissingApiVersionParameter", "api-version is required");
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            route(ex, method, path, body);
        } catch (RuntimeException e) {
            error(ex, 500, "InternalError", String.valueOf(e));
        }
    }

    private void route(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        if (path.startsWith("/operations/")) {
            pollAsync(ex, path.substring("/operations/".length()));
            return;
        }
        if (path.startsWith("/locations/")) {
            pollLocation(ex, path.substring("/locations/".length()));
            return;
        }
        Matcher perm = PERMISSIONS.matcher(path);
        if (perm.matches() && method.equals("GET")) {
            // The client leaves an empty parent path as '//' in resource scopes; ARM reads it as one slash.
            List<String> actions = permissions.getOrDefault(key(perm.group(1).replaceAll("/+", "/")), List.of("*"));
            json(ex, 200, Map.of("value", List.of(Map.of("actions", actions, "notActions", List.of(),
                    "dataActions", List.of(), "notDataActions", List.of()))));
            return;
        }
        Matcher m = RESOURCE.matcher(path);
        if (m.matches()) {
            String id = m.group(1);
            boolean snapshot = m.group(2).equalsIgnoreCase("snapshots");
            String action = m.group(4);
            Matcher g = GROUP.matcher(id);
            g.find();
            if (!groups.contains(g.group(1).toLowerCase(Locale.ROOT))) {
                error(ex, 404, "ResourceGroupNotFound", "Resource group '" + g.group(1) + "' could not be found.");
                return;
            }
            if (action != null && method.equals("POST")) {
                access(ex, id, action.toLowerCase(Locale.ROOT), body);
            } else if (method.equals("PUT")) {
                put(ex, id, snapshot, body);
            } else if (method.equals("GET")) {
                get(ex, id);
            } else if (method.equals("DELETE")) {
                delete(ex, id);
            } else {
                error(ex, 405, "MethodNotAllowed", method);
            }
            return;
        }
        Matcher g = GROUP.matcher(path);
        if (g.matches() && method.equals("GET")) {
            String rg = g.group(1);
            if (!groups.contains(rg.toLowerCase(Locale.ROOT))) {
                error(ex, 404, "ResourceGroupNotFound", "Resource group '" + rg + "' could not be found.");
                return;
            }
            json(ex, 200, Map.of("id", groupId(rg), "name", rg, "location", "westeurope",
                    "properties", Map.of("provisioningState", "Succeeded")));
            return;
        }
        error(ex, 404, "NotFound", "the stand-in does not serve " + method + " " + path);
    }

    @SuppressWarnings("unchecked")
    private void put(HttpExchange ex, String id, boolean snapshot, byte[] body) throws IOException {
        Map<String, Object> req = parse(body);
        Map<String, Object> props = (Map<String, Object>) req.get("properties");
        if (req.get("location") == null || props == null || !(props.get("creationData") instanceof Map)) {
            error(ex, 400, "InvalidParameter", "location and properties.creationData are required");
            return;
        }
        Map<String, Object> creation = (Map<String, Object>) props.get("creationData");
        String option = String.valueOf(creation.get("createOption"));
        byte[] data;
        long sizeBytes;
        String state = "Unattached";
        switch (option) {
            case "Copy" -> {
                Res source = resources.get(key(String.valueOf(creation.get("sourceResourceId"))));
                if (source == null) {
                    error(ex, 404, "NotFound", "source " + creation.get("sourceResourceId") + " not found");
                    return;
                }
                data = source.data;
                sizeBytes = ((Number) source.properties().get("diskSizeBytes")).longValue();
            }
            case "Import" -> {
                if (creation.get("storageAccountId") == null || creation.get("sourceUri") == null) {
                    error(ex, 400, "InvalidParameter", "Import needs sourceUri and storageAccountId");
                    return;
                }
                BlobUrlParts parts = BlobUrlParts.parse(String.valueOf(creation.get("sourceUri")));
                String account = String.valueOf(creation.get("storageAccountId"));
                if (!account.toLowerCase(Locale.ROOT).endsWith("/storageaccounts/" + parts.getAccountName().toLowerCase(Locale.ROOT))) {
                    // Azure reads the blob with the account the request names; another account's blob is not found.
                    error(ex, 400, "InvalidParameter", "sourceUri is a blob of account " + parts.getAccountName()
                            + ", not of storageAccountId " + account);
                    return;
                }
                data = blobs.getBlobContainerClient(parts.getBlobContainerName()).getBlobClient(parts.getBlobName())
                        .downloadContent().toBytes();
                sizeBytes = data.length;
            }
            case "Upload" -> {
                if (snapshot || creation.get("uploadSizeBytes") == null) {
                    error(ex, 400, "InvalidParameter", "Upload is for disks and needs uploadSizeBytes");
                    return;
                }
                sizeBytes = ((Number) creation.get("uploadSizeBytes")).longValue();
                if (sizeBytes % 512 != 0) {
                    error(ex, 400, "InvalidParameter", "uploadSizeBytes must be a multiple of 512");
                    return;
                }
                data = new byte[0];
                state = "ReadyToUpload";
            }
            default -> {
                error(ex, 400, "InvalidParameter", "createOption " + option + " is not served by the stand-in");
                return;
            }
        }
        Res r = new Res(id, snapshot, req);
        r.data = data;
        r.state = state;
        r.body.put("id", id);
        r.body.put("name", id.substring(id.lastIndexOf('/') + 1));
        r.body.put("type", snapshot ? "Microsoft.Compute/snapshots" : "Microsoft.Compute/disks");
        props.put("diskSizeBytes", sizeBytes);
        props.putIfAbsent("diskSizeGB", (int) Math.max(1, (sizeBytes + (1L << 30) - 1) >> 30));
        props.put("provisioningState", "Creating");
        props.put("diskState", state);
        props.put("timeCreated", OffsetDateTime.now().toString());
        if (snapshot && Boolean.TRUE.equals(props.get("incremental"))) {
            r.completion = 0;
            props.put("completionPercent", 0.0);
        }
        resources.put(key(id), r);
        String opId = newOp(() -> {
            r.properties().put("provisioningState", "Succeeded");
            return null;
        });
        ex.getResponseHeaders().add("Azure-AsyncOperation", endpoint() + "operations/" + opId + "?api-version=x");
        ex.getResponseHeaders().add("Retry-After", "0");
        if (snapshot) {
            json(ex, 200, r.body);
        } else {
            ex.getResponseHeaders().add("Location", endpoint() + "locations/" + opId + "?api-version=x");
            ex.sendResponseHeaders(202, -1);
        }
    }

    private void get(HttpExchange ex, String id) throws IOException {
        Res r = resources.get(key(id));
        if (r == null) {
            error(ex, 404, "ResourceNotFound", "The Resource '" + id + "' was not found.");
            return;
        }
        if (r.completion < 100) {
            r.completion = Math.min(100, r.completion + completionStep);
            r.properties().put("completionPercent", (double) r.completion);
        }
        json(ex, 200, r.body);
    }

    private void delete(HttpExchange ex, String id) throws IOException {
        if (!resources.containsKey(key(id))) {
            ex.sendResponseHeaders(204, -1);
            return;
        }
        String opId = newOp(() -> {
            resources.remove(key(id));
            return null;
        });
        accepted(ex, opId);
    }

    @SuppressWarnings("unchecked")
    private void access(HttpExchange ex, String id, String action, byte[] body) throws IOException {
        Res r = resources.get(key(id));
        if (r == null) {
            error(ex, 404, "ResourceNotFound", "The Resource '" + id + "' was not found.");
            return;
        }
        if (action.equals("endgetaccess")) {
            String opId = newOp(() -> {
                endAccess(r);
                return null;
            });
            accepted(ex, opId);
            return;
        }
        Map<String, Object> req = parse(body);
        String access = String.valueOf(req.get("access"));
        if (r.completion < 100) {
            error(ex, 409, "OperationNotAllowed", "the snapshot's background copy is not complete");
            return;
        }
        if (access.equals("Write") && !"ReadyToUpload".equals(r.state)) {
            error(ex, 409, "OperationNotAllowed", "write access needs a disk created for upload");
            return;
        }
        if (!access.equals("Read") && !access.equals("Write")) {
            error(ex, 400, "InvalidParameter", "access must be Read or Write");
            return;
        }
        String opId = newOp(() -> Map.of("accessSAS", grant(r, access.equals("Write"))));
        accepted(ex, opId);
    }

    private String grant(Res r, boolean write) {
        String name = UUID.randomUUID() + ".vhd";
        PageBlobClient blob = blobs.getBlobContainerClient(accessContainer).getBlobClient(name).getPageBlobClient();
        long size;
        if (write) {
            size = ((Number) r.properties().get("diskSizeBytes")).longValue();
            blob.create(size);
            r.state = "ActiveUpload";
        } else {
            size = (r.data.length + 511L) / 512 * 512;
            blob.create(Math.max(512, size));
            if (r.data.length > 0) {
                byte[] padded = java.util.Arrays.copyOf(r.data, (int) size);
                blob.uploadPages(new com.azure.storage.blob.models.PageRange().setStart(0).setEnd(size - 1),
                        new ByteArrayInputStream(padded));
            }
            r.state = "ActiveSAS";
        }
        r.properties().put("diskState", r.state);
        r.accessBlob = name;
        BlobSasPermission perms = new BlobSasPermission().setReadPermission(true).setWritePermission(write);
        return blob.getBlobUrl() + "?" + blob.generateSas(
                new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1), perms));
    }

    private void endAccess(Res r) {
        String name = r.accessBlob;
        if (name != null) {
            PageBlobClient blob = blobs.getBlobContainerClient(accessContainer).getBlobClient(name)
                    .getPageBlobClient();
            if ("ActiveUpload".equals(r.state)) {
                r.data = blob.downloadContent().toBytes();
            }
            blob.delete();
            r.accessBlob = null;
        }
        r.state = "Unattached";
        r.properties().put("diskState", r.state);
    }

    private String newOp(Supplier<Map<String, Object>> complete) {
        String id = UUID.randomUUID().toString();
        operations.put(id, new Op(pollsPerOperation, complete));
        return id;
    }

    private void accepted(HttpExchange ex, String opId) throws IOException {
        ex.getResponseHeaders().add("Azure-AsyncOperation", endpoint() + "operations/" + opId + "?api-version=x");
        ex.getResponseHeaders().add("Location", endpoint() + "locations/" + opId + "?api-version=x");
        ex.getResponseHeaders().add("Retry-After", "0");
        ex.sendResponseHeaders(202, -1);
    }

    private void pollAsync(HttpExchange ex, String opId) throws IOException {
        Op op = operations.get(opId);
        if (op == null) {
            error(ex, 404, "NotFound", "no operation " + opId);
            return;
        }
        ex.getResponseHeaders().add("Retry-After", "0");
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("name", opId);
        if (!op.poll()) {
            status.put("status", "InProgress");
        } else if (op.error != null) {
            status.put("status", "Failed");
            status.put("error", Map.of("code", "InternalOperationError", "message", op.error));
        } else {
            status.put("status", "Succeeded");
            if (op.output != null) {
                status.put("properties", Map.of("output", op.output));
            }
        }
        json(ex, 200, status);
    }

    private void pollLocation(HttpExchange ex, String opId) throws IOException {
        Op op = operations.get(opId);
        if (op == null) {
            error(ex, 404, "NotFound", "no operation " + opId);
            return;
        }
        ex.getResponseHeaders().add("Retry-After", "0");
        if (!op.poll()) {
            ex.getResponseHeaders().add("Location", endpoint() + "locations/" + opId + "?api-version=x");
            ex.sendResponseHeaders(202, -1);
        } else if (op.error != null) {
            error(ex, 500, "InternalOperationError", op.error);
        } else if (op.output != null) {
            json(ex, 200, op.output);
        } else {
            ex.sendResponseHeaders(204, -1);
        }
    }

    // ---------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(byte[] body) throws IOException {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        try (JsonReader r = JsonProviders.createReader(body)) {
            Object v = r.readUntyped();
            return v instanceof Map ? deepCopy((Map<String, Object>) v) : new LinkedHashMap<>();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v) : v));
        return out;
    }

    private static void json(HttpExchange ex, int status, Map<String, Object> body) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JsonWriter w = JsonProviders.createWriter(buf)) {
            w.writeUntyped(body);
        }
        StandInHttp.sendJson(ex, status, buf.toByteArray());
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        json(ex, status, Map.of("error", Map.of("code", code, "message", message)));
    }
}
