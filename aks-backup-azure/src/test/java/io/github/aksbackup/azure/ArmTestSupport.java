package io.github.aksbackup.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import com.azure.resourcemanager.compute.ComputeManager;
import reactor.core.publisher.Mono;

/**
 * Points the real azure-resourcemanager clients at an {@link ArmStandIn}: an Azure profile whose
 * resource-manager endpoint is the stand-in, and a pipeline that authenticates with a test
 * {@link TokenCredential}. azure-core's own bearer-token policy refuses plain HTTP, so the pipeline
 * carries a small policy that asks the credential for a token and sends it the same way.
 */
public final class ArmTestSupport {
    private ArmTestSupport() {
    }

    static TokenCredential credential(String token) {
        return new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return Mono.just(getTokenSync(request));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                if (request.getScopes().isEmpty()) {
                    throw new IllegalArgumentException("a token request needs a scope");
                }
                return new AccessToken(token, OffsetDateTime.now().plusHours(1));
            }
        };
    }

    static AzureProfile profile(ArmStandIn arm) {
        // The public cloud's endpoints, with resource manager pointed at the stand-in; nothing else is contacted.
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", arm.endpoint());
        AzureEnvironment env = new AzureEnvironment(endpoints);
        return new AzureProfile("tenant", ArmStandIn.SUBSCRIPTION, env);
    }

    static HttpPipeline pipeline(TokenCredential credential, int maxRetries) {
        HttpPipelinePolicy bearer = (context, next) -> {
            AccessToken token = credential.getTokenSync(
                    new TokenRequestContext().addScopes("https://management.azure.com/.default"));
            context.getHttpRequest().setHeader(com.azure.core.http.HttpHeaderName.AUTHORIZATION,
                    "Bearer " + token.getToken());
            return next.process();
        };
        return new HttpPipelineBuilder()
                .policies(new RetryPolicy(new RetryOptions(new FixedDelayOptions(maxRetries, Duration.ofMillis(1)))),
                        bearer)
                .httpClient(HttpClient.createDefault())
                .build();
    }

    private static final Map<String, ComputeManager> MANAGERS = new ConcurrentHashMap<>();
    private static final Map<Boolean, ArmStandIn> STAND_INS = new ConcurrentHashMap<>();

    /**
     * The stand-in shared by the test classes of this JVM (its server thread ends with the JVM),
     * reset for the calling test; with {@code azurite} its access URLs point at Azurite.
     */
    public static ArmStandIn standIn(boolean azurite) {
        ArmStandIn arm = STAND_INS.computeIfAbsent(azurite, a -> {
            try {
                return new ArmStandIn(a ? Azurite.serviceClient() : null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        arm.reset();
        return arm;
    }

    /**
     * One compute manager per stand-in: building one loads hundreds of generated client classes
     * (seconds), which production does once per process too.
     */
    static ComputeManager computeManager(ArmStandIn arm) {
        return MANAGERS.computeIfAbsent(arm.endpoint(), e -> AzureDiskSnapshotter.builder()
                .pipeline(pipeline(credential(ArmStandIn.TOKEN), 2)).profile(profile(arm))
                .snapshotResourceGroup("unused").computeManager());
    }

    /** A snapshotter on the stand-in with fast polling. */
    public static AzureDiskSnapshotterBuilder snapshotter(ArmStandIn arm) {
        return AzureDiskSnapshotter.builder()
                .computeManager(computeManager(arm))
                .snapshotResourceGroup("rg-snapshots")
                .restoreResourceGroup(ArmStandIn.groupId("rg-nodes"))
                .stagingResourceGroup("rg-staging")
                .pollInterval(Duration.ofMillis(1))
                .pollTimeout(Duration.ofSeconds(30));
    }
}
