package io.github.aksbackup.azure;

import static org.junit.jupiter.api.Assertions.fail;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Azurite instance the {@code azurite} test profile runs against ({@code scripts/azurite.sh}
 * starts it and exports its connection string). Tests that use it fail, never skip, when it is not
 * there: the profile promises it.
 */
public final class Azurite {
    static final String ENV = "AKSB_AZURITE_CONNECTION_STRING";
    private static final Pattern BLOB_ENDPOINT = Pattern.compile("BlobEndpoint=([^;]+)");

    private Azurite() {
    }

    /** The connection string; fails the test when Azurite is not configured or not listening. */
    static String connectionString() {
        String cs = System.getenv(ENV);
        if (cs == null || cs.isBlank()) {
            fail(ENV + " is not set: the azurite test profile needs Azurite; run scripts/test-all.sh, or"
                    + " scripts/azurite.sh start ENV_FILE and export the variables it writes");
        }
        Matcher m = BLOB_ENDPOINT.matcher(cs);
        if (!m.find()) {
            fail(ENV + " has no BlobEndpoint");
        }
        URI endpoint = URI.create(m.group(1));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5_000);
        } catch (IOException e) {
            fail("Azurite is not reachable at " + endpoint.getHost() + ":" + endpoint.getPort() + " (" + e + ")");
        }
        return cs;
    }

    /** Few, short retries so a broken emulator fails a test quickly. */
    static RequestRetryOptions fastRetries() {
        return new RequestRetryOptions(RetryPolicyType.FIXED, 2, Duration.ofSeconds(30), Duration.ofMillis(50),
                Duration.ofMillis(50), null);
    }

    static BlobServiceClient serviceClient() {
        return new BlobServiceClientBuilder().connectionString(connectionString()).retryOptions(fastRetries())
                .buildClient();
    }

    /** A fresh container name, so tests never see each other's blobs. */
    static String uniqueContainer(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** A store on a new, empty container. */
    public static AzureBlobObjectStore.Builder newStoreBuilder(String prefix) {
        return AzureBlobObjectStore.builder()
                .connectionString(connectionString())
                .containerName(uniqueContainer(prefix))
                .createContainerIfMissing(true)
                .retryOptions(fastRetries());
    }
}
