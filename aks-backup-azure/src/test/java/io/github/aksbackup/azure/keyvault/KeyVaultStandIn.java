package io.github.aksbackup.azure.keyvault;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonToken;
import com.azure.json.JsonWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.aksbackup.azure.StandInHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for the slice of the Azure Key Vault / Managed HSM data plane that
 * azure-security-keyvault-keys' {@code CryptographyClient} calls: GET a key (latest or a version,
 * answering its JWK with kid, kty, key_ops and the RSA public part), POST {@code wrapkey} and
 * {@code unwrapkey}. It holds real RSA-2048 key pairs ({@code RSA-OAEP-256}) and AES-256 keys
 * ({@code oct-HSM}, {@code A256KW}) in versions, like the service.
 *
 * <p>No Key Vault emulator exists, and the client insists on HTTPS and on Key Vault's
 * challenge-based authentication, so this serves HTTPS with a throw-away self-signed certificate
 * (made by the JDK's keytool) for the names {@link #VAULT_HOST}, {@link #HSM_HOST} and
 * {@link #OTHER_HOST}, which tests resolve to the loopback address. A request without the test bearer
 * token gets 401 with a {@code WWW-Authenticate} challenge naming the resource the client must get a
 * token for, as Key Vault answers. Operations can be forbidden (403), keys and versions deleted
 * (404), and status codes injected for the next N requests of an operation.
 */
final class KeyVaultStandIn implements AutoCloseable {
    static final String VAULT_HOST = "standin.vault.azure.net";
    static final String HSM_HOST = "standin.managedhsm.azure.net";
    static final String OTHER_HOST = "other.vault.azure.net";
    static final String TOKEN = "stand-in-key-vault-token";
    static final String TENANT = "00000000-0000-0000-0000-0000000000aa";

    private static final Pattern KEY_PATH = Pattern.compile("/keys/([0-9A-Za-z-]+)(?:/([0-9a-f]*))?/?(wrapkey|unwrapkey)?");

    /** One version of a key. */
    record Version(String version, String kty, KeyPair rsa, SecretKey aes, List<String> ops) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final X509Certificate certificate;
    private final Map<String, List<Version>> keys = new ConcurrentHashMap<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Integer>> faults = new ConcurrentHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Set<String> apiVersions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger challenges = new AtomicInteger();

    KeyVaultStandIn() throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("kv-standin");
        Path store = dir.resolve("tls.p12");
        char[] password = UUID.randomUUID().toString().toCharArray();
        keytool(store, password);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password);
        }
        Files.delete(store);
        Files.delete(dir);
        certificate = (X509Certificate) ks.getCertificate("standin");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private static void keytool(Path store, char[] password) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "standin", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + VAULT_HOST, "-validity", "2",
                "-ext", "san=dns:" + VAULT_HOST + ",dns:" + HSM_HOST + ",dns:" + OTHER_HOST,
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(password))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Forgets forbidden operations, injected faults and logged requests; keeps the keys. */
    void reset() {
        forbidden.clear();
        faults.clear();
        log.clear();
    }

    /** The certificate clients must trust. */
    X509Certificate certificate() {
        return certificate;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The key URL {@code https://HOST:PORT/keys/NAME}. */
    String keyUrl(String host, String name) {
        return "https://" + host + ":" + port() + "/keys/" + name;
    }

    /** Adds a new version of an RSA key (creating the key) and returns its versioned id. */
    String addRsaVersion(String host, String name) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return add(host, name, "RSA", g.generateKeyPair(), null, List.of("encrypt", "decrypt", "wrapKey", "unwrapKey"));
    }

    /** Adds a new version of a Managed HSM AES-256 key and returns its versioned id. */
    String addOctVersion(String host, String name) throws GeneralSecurityException {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        return add(host, name, "oct-HSM", null, g.generateKey(), List.of("wrapKey", "unwrapKey"));
    }

    /** Adds a key of another type or with other operations (no wrapping possible with it here). */
    String addKey(String host, String name, String kty, List<String> ops) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return add(host, name, kty, g.generateKeyPair(), null, ops);
    }

    private String add(String host, String name, String kty, KeyPair rsa, SecretKey aes, List<String> ops) {
        String version = UUID.randomUUID().toString().replace("-", "");
        keys.computeIfAbsent(host + "/" + name, k -> new CopyOnWriteArrayList<>()).add(new Version(version, kty, rsa, aes, ops));
        return keyUrl(host, name) + "/" + version;
    }

    /** Deletes one version of a key. */
    void deleteVersion(String host, String name, String version) {
        keys.getOrDefault(host + "/" + name, List.of()).removeIf(v -> v.version.equals(version));
    }

    /** Answers 403 to every request of {@code operation} (get, wrapKey, unwrapKey). */
    void forbid(String operation) {
        forbidden.add(operation);
    }

    /** Answers each of {@code statuses} in turn to the next requests of {@code operation}, then serves normally. */
    void inject(String operation, Integer... statuses) {
        faults.computeIfAbsent(operation, k -> Collections.synchronizedList(new ArrayList<>())).addAll(List.of(statuses));
    }

    /** Operation and key path of each authenticated request, in order (challenge round trips left out). */
    List<String> requests() {
        return List.copyOf(log);
    }

    /** The api-version query values the client sent. */
    Set<String> apiVersions() {
        return Set.copyOf(apiVersions);
    }

    /** How many 401 challenges were answered. */
    int challenges() {
        return challenges.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String host = ex.getRequestHeaders().getFirst("Host");
            host = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
            byte[] body = ex.getRequestBody().readAllBytes();
            if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                challenges.incrementAndGet();
                String resource = host.endsWith(".managedhsm.azure.net") ? "https://managedhsm.azure.net" : "https://vault.azure.net";
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                        + TENANT + "\", resource=\"" + resource + "\"");
                error(ex, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
                return;
            }
            String query = ex.getRequestURI().getRawQuery();
            Matcher version = query == null ? null : Pattern.compile("api-version=([^&]+)").matcher(query);
            if (version == null || !version.find()) {
                error(ex, 400, "BadParameter", "api-version is required");
                return;
            }
            apiVersions.add(version.group(1));
            Matcher m = KEY_PATH.matcher(ex.getRequestURI().getPath());
            if (!m.matches()) {
                error(ex, 404, "NotFound", "the stand-in does not serve " + ex.getRequestURI().getPath());
                return;
            }
            String op = m.group(3) == null ? "get" : m.group(3).equals("wrapkey") ? "wrapKey" : "unwrapKey";
            log.add(op + " " + ex.getRequestURI().getPath());
            if (!(op.equals("get") ? ex.getRequestMethod().equals("GET") : ex.getRequestMethod().equals("POST"))) {
                error(ex, 405, "MethodNotAllowed", ex.getRequestMethod());
                return;
            }
            List<Integer> injected = faults.get(op);
            Integer fault = injected == null || injected.isEmpty() ? null : injected.remove(0);
            if (fault != null) {
                ex.getResponseHeaders().add("Retry-After", "0");
                error(ex, fault, "ServiceUnavailable", "injected HTTP " + fault);
                return;
            }
            if (forbidden.contains(op)) {
                error(ex, 403, "Forbidden", "Caller is not authorized to perform action on resource. Action: '"
                        + "Microsoft.KeyVault/vaults/keys/" + op + "/action'");
                return;
            }
            List<Version> versions = keys.getOrDefault(host + "/" + m.group(1), List.of());
            String wanted = m.group(2) == null || m.group(2).isEmpty() ? null : m.group(2);
            Version v = null;
            for (Version candidate : versions) {
                if (wanted == null || candidate.version.equals(wanted)) {
                    v = candidate;
                }
            }
            if (v == null) {
                error(ex, 404, "KeyNotFound", "A key with (name/id) " + m.group(1) + (wanted == null ? "" : "/" + wanted)
                        + " was not found in this key vault.");
                return;
            }
            String kid = keyUrl(host, m.group(1)) + "/" + v.version;
            if (op.equals("get")) {
                getKey(ex, kid, v);
            } else {
                crypt(ex, kid, v, op.equals("wrapKey"), body);
            }
        } catch (RuntimeException e) {
            error(ex, 500, "InternalError", String.valueOf(e));
        }
    }

    private static void getKey(HttpExchange ex, String kid, Version v) throws IOException {
        respond(ex, 200, w -> {
            w.writeStartObject("key").writeStringField("kid", kid).writeStringField("kty", v.kty);
            w.writeStartArray("key_ops");
            for (String op : v.ops) {
                w.writeString(op);
            }
            w.writeEndArray();
            if (v.rsa != null) {
                RSAPublicKey pub = (RSAPublicKey) v.rsa.getPublic();
                w.writeStringField("n", b64(unsigned(pub.getModulus())));
                w.writeStringField("e", b64(unsigned(pub.getPublicExponent())));
            }
            w.writeEndObject();
            w.writeStartObject("attributes").writeBooleanField("enabled", true).writeLongField("created", 1_700_000_000L)
                    .writeLongField("updated", 1_700_000_000L).writeStringField("recoveryLevel", "Recoverable+Purgeable")
                    .writeEndObject();
        });
    }

    private static void crypt(HttpExchange ex, String kid, Version v, boolean wrap, byte[] body) throws IOException {
        Map<String, String> req = new LinkedHashMap<>();
        try (JsonReader r = JsonProviders.createReader(body)) {
            r.nextToken();
            while (r.nextToken() != JsonToken.END_OBJECT) {
                String field = r.getFieldName();
                r.nextToken();
                req.put(field, r.getString());
            }
        }
        String alg = req.get("alg");
        byte[] value;
        try {
            value = Base64.getUrlDecoder().decode(String.valueOf(req.get("value")));
        } catch (IllegalArgumentException e) {
            error(ex, 400, "BadParameter", "value is not base64url");
            return;
        }
        byte[] out;
        try {
            Cipher c;
            if ("RSA-OAEP-256".equals(alg) && v.rsa != null) {
                c = Cipher.getInstance("RSA/ECB/OAEPPadding");
                OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
                c.init(wrap ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, wrap ? v.rsa.getPublic() : v.rsa.getPrivate(), oaep);
                out = c.doFinal(value);
            } else if ("A256KW".equals(alg) && v.aes != null) {
                c = Cipher.getInstance("AESWrap");
                c.init(wrap ? Cipher.WRAP_MODE : Cipher.UNWRAP_MODE, v.aes);
                out = wrap ? c.wrap(new SecretKeySpec(value, "AES")) : c.unwrap(value, "AES", Cipher.SECRET_KEY).getEncoded();
            } else {
                error(ex, 400, "BadParameter", "Invalid algorithm " + alg + " for key type " + v.kty);
                return;
            }
        } catch (GeneralSecurityException e) {
            // What Key Vault answers when the data does not decrypt under the key.
            error(ex, 400, "BadParameter", "The parameter is incorrect.");
            return;
        }
        respond(ex, 200, w -> w.writeStringField("kid", kid).writeStringField("value", b64(out)));
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private interface Fields {
        void write(JsonWriter w) throws IOException;
    }

    private static void respond(HttpExchange ex, int status, Fields fields) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JsonWriter w = JsonProviders.createWriter(buf)) {
            w.writeStartObject();
            fields.write(w);
            w.writeEndObject();
        }
        StandInHttp.sendJson(ex, status, buf.toByteArray());
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        respond(ex, status, w -> w.writeStartObject("error").writeStringField("code", code)
                .writeStringField("message", message).writeEndObject());
    }
}
