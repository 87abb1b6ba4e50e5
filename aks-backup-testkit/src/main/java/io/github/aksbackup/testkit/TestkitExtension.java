package io.github.aksbackup.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that hands each test a ready, repeatable world: a {@link ManualClock}, an
 * {@link InMemoryCluster} and a {@link FakeVolumeSnapshotter} on that clock, and an
 * {@link InMemoryObjectStore} to use as the vault. Declare the ones a test needs as parameters of the
 * test method (or of its {@code @BeforeEach} method); within one test every parameter of a type is the
 * same instance, and every test gets fresh ones.
 *
 * <pre>{@code
 * @ExtendWith(TestkitExtension.class)
 * class MyBackupTest {
 *     @Test
 *     void backsUpTheShop(InMemoryCluster cluster, FakeVolumeSnapshotter disks, InMemoryObjectStore vault, ManualClock clock) {
 *         SampleWorkload.install(cluster, disks);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The clock starts at {@link #DEFAULT_START} unless the test class or method is annotated with
 * {@link StartAt}; the cluster's generated uids come from a fixed seed, so a test repeats exactly.
 */
public final class TestkitExtension implements ParameterResolver {
    /** Where the manual clock starts unless {@link StartAt} says otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T08:00:00Z");
    /** The seed of the cluster's generated uids. */
    public static final long CLUSTER_SEED = 42;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestkitExtension.class);
    private static final Map<Class<?>, Function<World, Object>> RESOLVERS = Map.of(
            ManualClock.class, w -> w.clock,
            InMemoryCluster.class, w -> w.cluster,
            FakeVolumeSnapshotter.class, w -> w.volumes,
            InMemoryObjectStore.class, w -> w.vault);

    /** Where the test's {@link ManualClock} starts, as an ISO-8601 instant such as {@code 2026-03-01T00:00:00Z}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface StartAt {
        /** The instant, in {@link Instant#parse} form. */
        String value();
    }

    /** The objects of one test. */
    private static final class World {
        final ManualClock clock;
        final InMemoryCluster cluster;
        final FakeVolumeSnapshotter volumes;
        final InMemoryObjectStore vault = new InMemoryObjectStore();

        World(Instant start) {
            clock = new ManualClock(start);
            cluster = new InMemoryCluster(clock, CLUSTER_SEED);
            volumes = new FakeVolumeSnapshotter(clock);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return RESOLVERS.containsKey(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext test = context.getTestMethod().isPresent() ? context : null;
        if (test == null) {
            throw new ParameterResolutionException("TestkitExtension hands its objects to test methods and their"
                    + " @BeforeEach/@AfterEach methods, not to constructors or class-level methods");
        }
        World world = test.getStore(NAMESPACE).getOrComputeIfAbsent(World.class, k -> new World(start(test)), World.class);
        return RESOLVERS.get(parameter.getParameter().getType()).apply(world);
    }

    private static Instant start(ExtensionContext context) {
        StartAt at = context.getTestMethod().map(m -> m.getAnnotation(StartAt.class)).orElse(null);
        if (at == null) {
            at = context.getTestClass().map(c -> c.getAnnotation(StartAt.class)).orElse(null);
        }
        if (at == null) {
            return DEFAULT_START;
        }
        try {
            return Instant.parse(at.value());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ParameterResolutionException("@StartAt(\"" + at.value() + "\") is not an ISO-8601 instant"
                    + " such as 2026-03-01T00:00:00Z", e);
        }
    }
}
