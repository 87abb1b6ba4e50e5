package io.github.aksbackup.azure;

import com.azure.core.credential.AzureSasCredential;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.azure.internal.AzureErrors;
import io.github.aksbackup.azure.internal.ExactLengthInputStream;
import io.github.aksbackup.azure.internal.ObjectKeys;
import io.github.aksbackup.spi.ObjectInfo;
import io.github.aksbackup.spi.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ObjectStore} on one Azure Blob Storage container: where a repository (operational tier)
 * or a vault keeps its packs, indexes and manifests.
 *
 * <p>Puts are write-once: every upload carries {@code If-None-Match: *}, so an existing blob is never
 * overwritten (the store runs under a time-based immutability policy). Large objects are uploaded as
 * blocks in parallel and become visible only when the block list is committed; a failed upload leaves
 * at most uncommitted blocks, which Azure discards. Reads stream in chunks, ranged reads fetch only
 * the range, and listings fetch one page per iteration step.
 *
 * <p>Each request is made once and its failure translated by status and Azure error code: 404 is
 * {@code NotFound}, 401 and rejected signatures {@code Unauthorized}, 403 {@code Forbidden} naming the
 * role to grant, 409 {@code BlobImmutableDueToPolicy} {@code ObjectLocked}, 429 and 503
 * {@code ServerBusy} {@code TooManyRequests} with the Retry-After, other 5xx and 408
 * {@code StoreUnavailable}, a broken connection {@code NetworkFailure}; the SDK's retry layer repeats
 * the transient ones. {@link #capability} hands out the blob of a key for copies inside the service.
 *
 * <p>Built with {@link #builder()}: a container name plus one of a connection string, an endpoint
 * with a SAS token, or an endpoint with a {@link TokenCredential} (for example
 * {@link Builder#defaultAzureCredential()} for a managed identity). Credentials are never logged nor
 * part of {@link #describe()}. Thread-safe.
 */
public final class AzureBlobObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(AzureBlobObjectStore.class);

    /** Role that reading and writing blobs needs, for error messages and preflight. */
    static final String DATA_ROLE = "Grant the identity 'Storage Blob Data Contributor' on the storage account"
            + " (or use a connection string / SAS with read, write, list and delete permissions).";

    private final BlobContainerClient container;
    private final TreeMap<String, AccessTier> tiers;
    private final ParallelTransferOptions transfer;
    /** Above this size a put first asks whether the key exists (one HEAD instead of the whole upload). */
    private static final long PRECHECK_BYTES = 256 * 1024;

    private final int listPageSize;
    private final Duration timeout;
    private final String description;

    private AzureBlobObjectStore(Builder b, BlobContainerClient container) {
        this.container = container;
        this.tiers = new TreeMap<>(b.tiers);
        this.transfer = new ParallelTransferOptions()
                .setBlockSizeLong(b.blockSizeBytes)
                .setMaxSingleUploadSizeLong(b.singleUploadMaxBytes)
                .setMaxConcurrency(b.maxConcurrency);
        this.listPageSize = b.listPageSize;
        this.timeout = b.timeout;
        this.description = "Azure blob container " + AzureBlobLocation.SCHEME + container.getAccountName() + "/"
                + container.getBlobContainerName() + " at " + stripQuery(container.getAccountUrl());
    }

    /** A builder; a container name and credentials are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean putIfAbsent(String key, InputStream data, long length) {
        ObjectKeys.requireValid(key);
        Objects.requireNonNull(data, "data");
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
        if (length > PRECHECK_BYTES && stat(key).isPresent()) {
            // Cheap refusal: the upload would send all its bytes before the service refuses them.
            // The commit below still carries If-None-Match, so a writer racing past this check loses there.
            return false;
        }
        // The stream form (not BinaryData, which would read the whole object into memory first): the
        // client buffers one block at a time. The wrapper fails the upload if the data runs short.
        BlobParallelUploadOptions options = new BlobParallelUploadOptions(new ExactLengthInputStream(data, length))
                .setParallelTransferOptions(transfer)
                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"))
                .setTier(tierFor(key));
        try {
            container.getBlobClient(key).uploadWithResponse(options, timeout, Context.NONE);
            return true;
        } catch (BlobStorageException e) {
            if (isAlreadyExists(e)) {
                LOG.debug("{} exists in {}; left as it is", key, description);
                return false;
            }
            throw AzureErrors.map(e, "write blob '" + key + "'", DATA_ROLE);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ExactLengthInputStream.PrematureEndException premature) {
                    throw new IllegalArgumentException("write blob '" + key + "': " + premature.getMessage()
                            + "; nothing was stored", e);
                }
            }
            throw AzureErrors.map(e, "write blob '" + key + "'", DATA_ROLE);
        }
    }

    @Override
    public InputStream get(String key) {
        ObjectKeys.requireValid(key);
        return call("read blob '" + key + "'", () -> container.getBlobClient(key).openInputStream());
    }

    @Override
    public InputStream getRange(String key, long offset, long length) {
        ObjectKeys.requireValid(key);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative, were " + offset + ", "
                    + length);
        }
        if (length == 0) {
            if (stat(key).isEmpty()) {
                throw new NotFoundException("read blob '" + key + "': not found in " + description);
            }
            return new ByteArrayInputStream(new byte[0]);
        }
        BlobInputStreamOptions options = new BlobInputStreamOptions().setRange(new BlobRange(offset, length));
        return call("read blob '" + key + "' at offset " + offset,
                () -> container.getBlobClient(key).openInputStream(options));
    }

    @Override
    public Iterable<ObjectInfo> list(String prefix) {
        ObjectKeys.requireValidPrefix(prefix);
        ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(listPageSize);
        if (!prefix.isEmpty()) {
            options.setPrefix(prefix);
        }
        String operation = "list blobs under '" + prefix + "'";
        return () -> new BlobListing(
                call(operation, () -> container.listBlobs(options, timeout).iterator()), operation);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        ObjectKeys.requireValid(key);
        try {
            BlobProperties p = container.getBlobClient(key).getPropertiesWithResponse(null, timeout, Context.NONE)
                    .getValue();
            return Optional.of(new ObjectInfo(key, p.getBlobSize(), p.getLastModified().toInstant()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw AzureErrors.map(e, "read properties of blob '" + key + "'", DATA_ROLE);
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, "read properties of blob '" + key + "'", DATA_ROLE);
        }
    }

    @Override
    public boolean delete(String key) {
        ObjectKeys.requireValid(key);
        return call("delete blob '" + key + "'",
                () -> container.getBlobClient(key).deleteIfExistsWithResponse(null, null, timeout, Context.NONE)
                        .getStatusCode() != 404);
    }

    @Override
    public String describe() {
        return description;
    }

    /** Direct access to the blob under {@code key} ({@code AzureBlob}, for copies inside the storage service). */
    @Override
    public <T> Optional<T> capability(Class<T> type, String key) {
        return type == AzureBlob.class ? Optional.of(type.cast(new AzureBlob(this, ObjectKeys.requireValid(key))))
                : Optional.empty();
    }

    /** The storage account name. */
    public String accountName() {
        return container.getAccountName();
    }

    /** The container name. */
    public String containerName() {
        return container.getBlobContainerName();
    }

    /** The blob's URL without any query string (no SAS): what an Azure disk import names as its source. */
    public String blobUrl(String key) {
        ObjectKeys.requireValid(key);
        return stripQuery(container.getBlobClient(key).getBlobUrl());
    }

    /** True when the container exists; throws when it cannot be checked (access denied, unreachable). */
    public boolean containerExists() {
        return call("check container '" + containerName() + "'", container::exists);
    }

    /** The client of one blob, for adapters in this package that need more than the store offers. */
    BlobClient blobClient(String key) {
        return container.getBlobClient(ObjectKeys.requireValid(key));
    }

    AccessTier tierFor(String key) {
        // The longest configured prefix that the key starts with wins.
        for (Map.Entry<String, AccessTier> e = tiers.floorEntry(key); e != null; e = tiers.lowerEntry(e.getKey())) {
            if (key.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean isAlreadyExists(BlobStorageException e) {
        // Put Blob answers 409 BlobAlreadyExists; a block-list commit may answer 412 ConditionNotMet.
        return e.getStatusCode() == 409 && BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())
                || e.getStatusCode() == 412;
    }

    private <T> T call(String operation, Supplier<T> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            throw AzureErrors.map(e, operation, DATA_ROLE);
        }
    }

    private static String stripQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** Builds an {@link AzureBlobObjectStore}. */
    public static final class Builder {
        private static final Pattern ACCOUNT_NAME = Pattern.compile("(?i)(?:^|;)\\s*AccountName=([^;]*)");

        private String connectionString;
        private String endpoint;
        private String sasToken;
        private TokenCredential credential;
        private String containerName;
        private final Map<String, AccessTier> tiers = new TreeMap<>();
        private long blockSizeBytes = 8L * 1024 * 1024;
        private long singleUploadMaxBytes = 8L * 1024 * 1024;
        private int maxConcurrency = 4;
        private int listPageSize = 1000;
        private Duration timeout;
        private boolean createContainer;
        private RequestRetryOptions retryOptions;
        private HttpClient httpClient;
        private final List<HttpPipelinePolicy> policies = new ArrayList<>();

        private Builder() {
        }

        /** Authenticates with a storage connection string (account key or SAS); never logged. */
        public Builder connectionString(String v) {
            this.connectionString = Objects.requireNonNull(v, "connectionString");
            return this;
        }

        /** The account's blob endpoint, such as {@code https://ACCOUNT.blob.core.windows.net}. */
        public Builder endpoint(String v) {
            this.endpoint = Objects.requireNonNull(v, "endpoint");
            return this;
        }

        /** Authenticates with a SAS token (with or without the leading {@code ?}); needs {@link #endpoint}. */
        public Builder sasToken(String v) {
            this.sasToken = Objects.requireNonNull(v, "sasToken");
            return this;
        }

        /** Authenticates with an Entra ID token credential; needs {@link #endpoint}. */
        public Builder credential(TokenCredential v) {
            this.credential = Objects.requireNonNull(v, "credential");
            return this;
        }

        /** Authenticates with azure-identity's DefaultAzureCredential (managed identity, workload identity, CLI). */
        public Builder defaultAzureCredential() {
            return credential(new DefaultAzureCredentialBuilder().build());
        }

        /** Sets the endpoint and container from {@code azblob://ACCOUNT/CONTAINER} (public cloud endpoint). */
        public Builder location(AzureBlobLocation location) {
            endpoint(location.defaultEndpoint());
            return containerName(location.container());
        }

        /** The container; required. */
        public Builder containerName(String v) {
            this.containerName = Objects.requireNonNull(v, "containerName");
            return this;
        }

        /**
         * Uploads keys starting with {@code prefix} in this access tier (for example vault packs in
         * {@link AccessTier#COOL}); other keys get the account's default tier.
         */
        public Builder accessTier(String prefix, AccessTier tier) {
            tiers.put(ObjectKeys.requireValidPrefix(prefix), Objects.requireNonNull(tier, "tier"));
            return this;
        }

        /** Block size of parallel uploads; default 8 MiB. */
        public Builder blockSizeBytes(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("blockSizeBytes must be positive, was " + v);
            }
            this.blockSizeBytes = v;
            return this;
        }

        /** Objects up to this size go in one request, larger ones as parallel blocks; default 8 MiB. */
        public Builder singleUploadMaxBytes(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("singleUploadMaxBytes must be positive, was " + v);
            }
            this.singleUploadMaxBytes = v;
            return this;
        }

        /** Blocks of one object uploaded at once; default 4. */
        public Builder maxConcurrency(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxConcurrency must be positive, was " + v);
            }
            this.maxConcurrency = v;
            return this;
        }

        /** Blobs per listing page (1-5000); default 1000. */
        public Builder listPageSize(int v) {
            if (v < 1 || v > 5000) {
                throw new IllegalArgumentException("listPageSize must be between 1 and 5000, was " + v);
            }
            this.listPageSize = v;
            return this;
        }

        /** Overall time limit of one operation; default none beyond the retry policy's per-try timeout. */
        public Builder timeout(Duration v) {
            this.timeout = v;
            return this;
        }

        /** Creates the container when it does not exist (needs a container-level permission); default off. */
        public Builder createContainerIfMissing(boolean v) {
            this.createContainer = v;
            return this;
        }

        /**
         * azure-storage's per-request retry policy. Default: one try per request, since the SDK's retry
         * layer ({@code AksBackupClient.builder().retryOptions(...)}) repeats what failed transiently; give
         * a policy here only for a store used without it.
         */
        public Builder retryOptions(RequestRetryOptions v) {
            this.retryOptions = v;
            return this;
        }

        /** The HTTP client; default the SDK's (Netty). */
        public Builder httpClient(HttpClient v) {
            this.httpClient = v;
            return this;
        }

        /** Adds a pipeline policy (for example for metrics or request counting). */
        public Builder addPolicy(HttpPipelinePolicy v) {
            policies.add(Objects.requireNonNull(v, "policy"));
            return this;
        }

        /**
         * The storage account name this builder's connection string names, or empty when there is
         * no connection string or it names none. Lets callers check that a connection string belongs
         * to the account they meant without ever printing it.
         */
        public Optional<String> connectionStringAccount() {
            if (connectionString == null) {
                return Optional.empty();
            }
            Matcher m = ACCOUNT_NAME.matcher(connectionString);
            return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
        }

        public AzureBlobObjectStore build() {
            if (containerName == null || containerName.isBlank()) {
                throw new IllegalArgumentException("containerName is required");
            }
            int ways = (connectionString != null ? 1 : 0) + (sasToken != null ? 1 : 0) + (credential != null ? 1 : 0);
            if (ways != 1) {
                throw new IllegalArgumentException("exactly one of connectionString, sasToken or credential is"
                        + " required, " + ways + " given");
            }
            if (connectionString == null && endpoint == null) {
                throw new IllegalArgumentException("endpoint is required with a SAS token or a token credential");
            }
            BlobContainerClientBuilder b = new BlobContainerClientBuilder().containerName(containerName);
            try {
                if (connectionString != null) {
                    b.connectionString(connectionString);
                    if (endpoint != null) {
                        b.endpoint(endpoint);
                    }
                } else if (sasToken != null) {
                    b.endpoint(endpoint).credential(new AzureSasCredential(
                            sasToken.startsWith("?") ? sasToken.substring(1) : sasToken));
                } else {
                    b.endpoint(endpoint).credential(credential);
                }
            } catch (IllegalArgumentException e) {
                // The SDK's message may quote the connection string; never pass it on.
                throw new IllegalArgumentException("the storage connection string or endpoint is malformed"
                        + " (expected DefaultEndpointsProtocol=...;AccountName=...;AccountKey=... or"
                        + " ...;SharedAccessSignature=...; an https:// endpoint)");
            }
            // Each request once by default: the SDK's retry layer repeats what failed transiently.
            b.retryOptions(retryOptions != null ? retryOptions
                    : new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 1, (Integer) null, null, null, null));
            if (httpClient != null) {
                b.httpClient(httpClient);
            }
            policies.forEach(b::addPolicy);
            BlobContainerClient client = b.buildClient();
            AzureBlobObjectStore store = new AzureBlobObjectStore(this, client);
            if (createContainer) {
                try {
                    if (client.createIfNotExists()) {
                        LOG.debug("created container {}", store.describe());
                    }
                } catch (RuntimeException e) {
                    throw AzureErrors.map(e, "create container '" + containerName + "'",
                            "Grant 'Storage Blob Data Contributor' on the storage account, or create the container.");
                }
            }
            return store;
        }
    }
}
