package io.github.aksbackup.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.compute.ComputeManager;
import io.github.aksbackup.azure.internal.ArmId;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** Builds an {@link AzureDiskSnapshotter}: credentials (or a pipeline, or a compute manager), resource groups, staging storage and timings. */
public final class AzureDiskSnapshotterBuilder {
    TokenCredential credential;
    AzureProfile profile;
    HttpPipeline pipeline;
    ComputeManager computeManager;
    String snapshotResourceGroup;
    String restoreResourceGroup;
    String stagingResourceGroup;
    final Map<String, String> storageAccountIds = new HashMap<>();
    Function<String, AzureBlobObjectStore> stagingStorage;
    Duration accessDuration = Duration.ofHours(6);
    Duration pollInterval = Duration.ofSeconds(5);
    Duration pollTimeout = Duration.ofHours(12);
    float failureRateThreshold = 50f;
    Duration breakerOpenFor = Duration.ofSeconds(60);
    Clock clock = Clock.systemUTC();

    AzureDiskSnapshotterBuilder() {
    }

    /** Entra ID credential, for example {@code new DefaultAzureCredentialBuilder().build()}. */
    public AzureDiskSnapshotterBuilder credential(TokenCredential v) {
        this.credential = Objects.requireNonNull(v, "credential");
        return this;
    }

    /** Subscription, tenant and cloud. */
    public AzureDiskSnapshotterBuilder profile(AzureProfile v) {
        this.profile = Objects.requireNonNull(v, "profile");
        return this;
    }

    /** Shortcut for a profile in the public cloud. */
    public AzureDiskSnapshotterBuilder subscriptionId(String v) {
        return profile(new AzureProfile(null, Objects.requireNonNull(v, "subscriptionId"), AzureEnvironment.AZURE));
    }

    /**
     * A ready HTTP pipeline (authentication, retries, logging) instead of a credential; with a
     * profile. For proxies and custom policies.
     */
    public AzureDiskSnapshotterBuilder pipeline(HttpPipeline v) {
        this.pipeline = Objects.requireNonNull(v, "pipeline");
        return this;
    }

    /** A configured compute manager, instead of credential/pipeline and profile. */
    public AzureDiskSnapshotterBuilder computeManager(ComputeManager v) {
        this.computeManager = Objects.requireNonNull(v, "computeManager");
        return this;
    }

    /**
     * Where snapshots go unless a request names the instance's group: a resource group id, or a name in the
     * profile's subscription. Needed when some instance names no snapshot resource group.
     */
    public AzureDiskSnapshotterBuilder snapshotResourceGroup(String v) {
        this.snapshotResourceGroup = Objects.requireNonNull(v, "snapshotResourceGroup");
        return this;
    }

    /** Where restored disks go (the AKS node resource group); default the snapshot resource group. */
    public AzureDiskSnapshotterBuilder restoreResourceGroup(String v) {
        this.restoreResourceGroup = v;
        return this;
    }

    /** Where vault-tier restores hydrate snapshots; needed for {@link AzureDiskSnapshotter#importFrom} without a group. */
    public AzureDiskSnapshotterBuilder stagingResourceGroup(String v) {
        this.stagingResourceGroup = v;
        return this;
    }

    /**
     * The ARM id of a vault's storage account, so hydration imports its blobs server-side
     * instead of uploading them through this process.
     */
    public AzureDiskSnapshotterBuilder vaultStorageAccount(String accountName, String storageAccountResourceId) {
        ArmId id = ArmId.parse(storageAccountResourceId, "storageAccountResourceId");
        if (!id.isOfType("Microsoft.Storage/storageAccounts")) {
            throw new IllegalArgumentException("storageAccountResourceId must name a"
                    + " Microsoft.Storage/storageAccounts resource, was '" + storageAccountResourceId + "'");
        }
        storageAccountIds.put(Objects.requireNonNull(accountName, "accountName"), storageAccountResourceId);
        return this;
    }

    /**
     * How a vault-tier restore reaches the staging container ({@value AzureDiskSnapshotter#STAGING_CONTAINER}) of
     * the staging storage account it names, given the account's resource id. Default with a
     * {@link #credential}: that container at {@code https://ACCOUNT.blob.<the profile's storage suffix>}, with
     * the credential (which then needs 'Storage Blob Data Contributor' on the account), created when missing.
     */
    public AzureDiskSnapshotterBuilder stagingStorage(Function<String, AzureBlobObjectStore> containerOfAccount) {
        this.stagingStorage = Objects.requireNonNull(containerOfAccount, "stagingStorage");
        return this;
    }

    /** How long a snapshot/disk SAS stays valid; default 6 h. */
    public AzureDiskSnapshotterBuilder accessDuration(Duration v) {
        this.accessDuration = Objects.requireNonNull(v, "accessDuration");
        return this;
    }

    /** Wait between polls of an ARM operation, a copy or a snapshot's completion; default 5 s. */
    public AzureDiskSnapshotterBuilder pollInterval(Duration v) {
        this.pollInterval = Objects.requireNonNull(v, "pollInterval");
        return this;
    }

    /** How long a copy or snapshot completion may take; default 12 h. */
    public AzureDiskSnapshotterBuilder pollTimeout(Duration v) {
        this.pollTimeout = Objects.requireNonNull(v, "pollTimeout");
        return this;
    }

    /**
     * Circuit breaker: percentage of transient ARM failures among the last 10 calls that opens
     * it (default 50), and how long it then refuses calls (default 60 s).
     */
    public AzureDiskSnapshotterBuilder circuitBreaker(float failureRatePercent, Duration openFor) {
        if (failureRatePercent <= 0 || failureRatePercent > 100) {
            throw new IllegalArgumentException("failureRatePercent must be in (0, 100], was " + failureRatePercent);
        }
        this.failureRateThreshold = failureRatePercent;
        this.breakerOpenFor = Objects.requireNonNull(openFor, "openFor");
        return this;
    }

    /** Clock for the records' creation times; default UTC system clock. */
    public AzureDiskSnapshotterBuilder clock(Clock v) {
        this.clock = Objects.requireNonNull(v, "clock");
        return this;
    }

    public AzureDiskSnapshotter build() {
        if (accessDuration.toSeconds() < 60 || accessDuration.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("accessDuration must be at least 60 s, was " + accessDuration);
        }
        return new AzureDiskSnapshotter(this, computeManager());
    }

    /** The staging containers: as given, else by the credential in the profile's cloud, else none. */
    Function<String, AzureBlobObjectStore> stagingStorage() {
        if (stagingStorage != null || credential == null || profile == null) {
            return stagingStorage;
        }
        String suffix = profile.getEnvironment().getStorageEndpointSuffix();
        TokenCredential c = credential;
        return accountId -> AzureBlobObjectStore.builder()
                .endpoint("https://" + ArmId.parse(accountId, "stagingStorageAccountId").name() + ".blob"
                        + (suffix.startsWith(".") ? suffix : "." + suffix))
                .credential(c).containerName(AzureDiskSnapshotter.STAGING_CONTAINER).createContainerIfMissing(true).build();
    }

    ComputeManager computeManager() {
        if (computeManager != null) {
            return computeManager;
        }
        if (profile == null || profile.getSubscriptionId() == null) {
            throw new IllegalArgumentException("a profile with a subscription id is required (profile or"
                    + " subscriptionId)");
        }
        if ((credential == null) == (pipeline == null)) {
            throw new IllegalArgumentException("exactly one of credential or pipeline is required");
        }
        // Each request once: the SDK's retry layer repeats what failed transiently, not the ARM client too.
        return pipeline != null ? ComputeManager.authenticate(pipeline, profile)
                : ComputeManager.configure().withRetryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofSeconds(1))))
                        .authenticate(credential, profile);
    }
}
