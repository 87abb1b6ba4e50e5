package io.github.aksbackup.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.aksbackup.api.AksBackupException;
import io.github.aksbackup.api.NotFoundException;
import io.github.aksbackup.spi.ExecRequest;
import io.github.aksbackup.spi.ExecResult;
import io.kubernetes.client.openapi.ApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodExecutorTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    private ExecStandIn server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private PodExecutor executor(int outputLimit, String... protocols) throws Exception {
        server = new ExecStandIn(protocols).pod("shop", "db-0", "postgres", "metrics");
        return new PodExecutor(new ApiClient().setBasePath(server.baseUrl()), outputLimit);
    }

    @Test
    void runsTheCommandDirectlyAndReturnsOutputAndExitCodeOverV5() throws Exception {
        PodExecutor executor = executor(PodExecutor.DEFAULT_OUTPUT_LIMIT, "v5.channel.k8s.io", "v4.channel.k8s.io");
        server.script(exec -> {
            exec.stdout("flushed 3 tables\n");
            exec.stderr("warning: slow disk\n");
            exec.exit(0);
        });
        List<String> command = List.of("/usr/bin/psql", "-c", "CHECKPOINT; SELECT 'a b' & 1", "--quiet");
        ExecResult r = executor.exec(new ExecRequest("shop", "db-0", "metrics", command, LONG));
        assertEquals(new ExecResult(0, "flushed 3 tables\n", "warning: slow disk\n", false), r);
        ExecStandIn.Exec seen = server.execs().get(0);
        assertEquals(command, seen.command, "every argument arrives as its own command parameter, unchanged");
        assertEquals("metrics", seen.container);
        assertEquals("v5.channel.k8s.io", seen.protocol);
    }

    @Test
    void readsTheExitCodeFromTheStatusChannelOverV4() throws Exception {
        PodExecutor executor = executor(PodExecutor.DEFAULT_OUTPUT_LIMIT, "v4.channel.k8s.io");
        server.script(exec -> {
            exec.stderr("fsfreeze: /data: device busy\n");
            exec.exit(3);
        });
        ExecResult r = executor.exec(new ExecRequest("shop", "db-0", "postgres", List.of("fsfreeze", "-f", "/data"), LONG));
        assertEquals(Integer.valueOf(3), r.exitCode());
        assertEquals("fsfreeze: /data: device busy\n", r.stderr());
        assertFalse(r.succeeded());
        assertEquals("v4.channel.k8s.io", server.execs().get(0).protocol);
    }

    @Test
    void usesThePodsFirstContainerWhenNoneIsGiven() throws Exception {
        PodExecutor executor = executor(PodExecutor.DEFAULT_OUTPUT_LIMIT, "v5.channel.k8s.io");
        ExecResult r = executor.exec(new ExecRequest("shop", "db-0", null, List.of("sync"), LONG));
        assertTrue(r.succeeded());
        assertEquals("postgres", server.execs().get(0).container);
    }

    @Test
    void closesTheStreamAndReportsTimedOutWithTheOutputSoFar() throws Exception {
        PodExecutor executor = executor(PodExecutor.DEFAULT_OUTPUT_LIMIT, "v5.channel.k8s.io");
        boolean[] closedByClient = new boolean[1];
        server.script(exec -> {
            exec.stdout("started\n");
            // A command that never ends: only the client's close ends the session.
            closedByClient[0] = exec.awaitClientClose(LONG);
        });
        ExecResult r = executor.exec(new ExecRequest("shop", "db-0", "postgres", List.of("sleep", "infinity"), Duration.ofMillis(300)));
        assertTrue(r.timedOut());
        assertNull(r.exitCode());
        assertEquals("started\n", r.stdout());
        assertTrue(server.execs().get(0).awaitClientClose(LONG), "the websocket was closed on timeout");
    }

    @Test
    void keepsOnlyTheConfiguredBytesOfEachStreamAndDecodesSplitCharacters() throws Exception {
        PodExecutor executor = executor(1000, "v5.channel.k8s.io");
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        server.script(exec -> {
            exec.stdout(Arrays.copyOfRange(euro, 0, 1));
            exec.stdout(Arrays.copyOfRange(euro, 1, 3));
            for (int i = 0; i < 3; i++) {
                exec.stdout("x".repeat(999));
            }
            exec.stderr("small");
            exec.exit(0);
        });
        ExecResult r = executor.exec(new ExecRequest("shop", "db-0", "postgres", List.of("cat", "/big"), LONG));
        assertEquals("€" + "x".repeat(997) + "\n[2000 more bytes not kept]", r.stdout());
        assertEquals("small", r.stderr());
    }

    @Test
    void reportsAMissingPodAsNotFound() throws Exception {
        PodExecutor executor = executor(PodExecutor.DEFAULT_OUTPUT_LIMIT, "v5.channel.k8s.io");
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> executor.exec(new ExecRequest("shop", "gone", "postgres", List.of("sync"), LONG)));
        assertEquals("pod shop/gone does not exist", e.getMessage());
        assertThrows(NotFoundException.class, () -> executor.exec(new ExecRequest("shop", "gone", null, List.of("sync"), LONG)));
    }

    @Test
    void namesThePodsContainersWhenTheContainerIsUnknown() throws Exception {
        PodExecutor executor = executor(PodExecutor.DEFAULT_OUTPUT_LIMIT, "v5.channel.k8s.io");
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> executor.exec(new ExecRequest("shop", "db-0", "pg", List.of("sync"), LONG)));
        assertEquals("ExecFailed", e.code());
        assertEquals("container 'pg' is not in pod shop/db-0; its containers are postgres, metrics", e.getMessage());
    }

    @Test
    void reportsAStatusWithoutExitCodeAsACommandThatCouldNotRun() throws Exception {
        PodExecutor executor = executor(PodExecutor.DEFAULT_OUTPUT_LIMIT, "v4.channel.k8s.io");
        server.script(exec -> exec.status("{\"metadata\":{},\"status\":\"Failure\",\"reason\":\"InternalError\","
                + "\"message\":\"exec: \\\"/nope\\\": stat /nope: no such file or directory\"}"));
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> executor.exec(new ExecRequest("shop", "db-0", "postgres", List.of("/nope"), LONG)));
        assertEquals("ExecFailed", e.code());
        assertEquals("command could not run in pod shop/db-0 container postgres: exec: \"/nope\": stat /nope: no such file or directory",
                e.getMessage());
    }

    @Test
    void reportsAStreamThatEndsWithoutStatusAsUnknownExit() throws Exception {
        PodExecutor executor = executor(PodExecutor.DEFAULT_OUTPUT_LIMIT, "v5.channel.k8s.io");
        server.script(exec -> {
            exec.stdout("half");
            exec.closeStream();
        });
        ExecResult r = executor.exec(new ExecRequest("shop", "db-0", "postgres", List.of("sync"), LONG));
        assertEquals(new ExecResult(null, "half", "", false), r);
    }

    @Test
    void reportsARefusedExecAsForbidden() throws Exception {
        PodExecutor executor = executor(PodExecutor.DEFAULT_OUTPUT_LIMIT, "v5.channel.k8s.io");
        server.refuseExecWith(403);
        AksBackupException e = assertThrows(AksBackupException.class,
                () -> executor.exec(new ExecRequest("shop", "db-0", "postgres", List.of("sync"), LONG)));
        assertEquals("Forbidden", e.code());
    }
}
