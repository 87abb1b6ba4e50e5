package io.github.aksbackup.azure.keyvault;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;

/**
 * Points the real Key Vault client at a {@link KeyVaultStandIn}: an HTTP client (azure-core's Netty
 * client) that resolves the stand-in's Azure host names to the loopback address and trusts only its
 * certificate, so the client's HTTPS requirement and challenge resource verification stay on; a
 * credential that hands out the stand-in's token for Key Vault's scopes only.
 */
final class KeyVaultTestSupport {
    private static final Set<String> HOSTS = Set.of(KeyVaultStandIn.VAULT_HOST, KeyVaultStandIn.HSM_HOST, KeyVaultStandIn.OTHER_HOST);

    private static KeyVaultStandIn standIn;
    private static HttpClient http;

    private KeyVaultTestSupport() {
    }

    /** The stand-in shared by the test classes of this JVM (its server threads end with the JVM). */
    static synchronized KeyVaultStandIn standIn() throws Exception {
        if (standIn == null) {
            standIn = new KeyVaultStandIn();
            http = httpClient(standIn);
        }
        standIn.reset();
        return standIn;
    }

    /** A provider of the shared stand-in's key {@code keyUrl}, with {@code credential}. */
    static synchronized AzureKeyVaultKeyProvider provider(String keyUrl, TokenCredential credential) {
        return AzureKeyVaultKeyProvider.builder().keyId(keyUrl).credential(credential).httpClient(http)
                .retryOptions(quickRetries(3)).build();
    }

    static HttpClient httpClient(KeyVaultStandIn standIn) {
        reactor.netty.http.client.HttpClient netty = reactor.netty.http.client.HttpClient.create()
                .resolver(new StandInResolver())
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forClient()
                        .configure(b -> b.trustManager(standIn.certificate()))));
        return new NettyAsyncHttpClientBuilder(netty).build();
    }

    /** Retries at once, so tests wait for nothing. */
    static RetryOptions quickRetries(int max) {
        return new RetryOptions(new FixedDelayOptions(max, Duration.ofMillis(1)));
    }

    static TokenCredential credential() {
        return new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return Mono.fromCallable(() -> getTokenSync(request));
            }

            @Override
            public AccessToken getTokenSync(TokenRequestContext request) {
                List<String> scopes = request.getScopes();
                if (!scopes.equals(List.of("https://vault.azure.net/.default"))
                        && !scopes.equals(List.of("https://managedhsm.azure.net/.default"))) {
                    throw new IllegalArgumentException("not a Key Vault scope: " + scopes);
                }
                if (!KeyVaultStandIn.TENANT.equals(request.getTenantId())) {
                    throw new IllegalArgumentException("the challenge's tenant was not passed on: " + request.getTenantId());
                }
                return new AccessToken(KeyVaultStandIn.TOKEN, OffsetDateTime.now().plusHours(1));
            }
        };
    }

    /** Resolves the stand-in's host names to 127.0.0.1 and nothing else, so no request leaves the machine. */
    private static final class StandInResolver extends AddressResolverGroup<InetSocketAddress> {
        @Override
        protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
            return new InetNameResolver(executor) {
                @Override
                protected void doResolve(String host, Promise<InetAddress> promise) {
                    try {
                        promise.setSuccess(loopback(host));
                    } catch (UnknownHostException e) {
                        promise.setFailure(e);
                    }
                }

                @Override
                protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                    try {
                        promise.setSuccess(List.of(loopback(host)));
                    } catch (UnknownHostException e) {
                        promise.setFailure(e);
                    }
                }
            }.asAddressResolver();
        }

        private static InetAddress loopback(String host) throws UnknownHostException {
            if (!HOSTS.contains(host)) {
                throw new UnknownHostException(host + " is not served by the stand-in");
            }
            return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
        }
    }
}
