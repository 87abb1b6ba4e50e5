package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** What one in-process run of the command line gave: exit code, standard output, standard error. */
record CliRun(int code, String out, String err) {

    /** Runs {@code aks-backup args...} in process. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AksBackupCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /**
     * The kubeconfig of the API server the integration tests run against ({@code AKSB_KUBECONFIG});
     * fails the test when there is none, rather than skipping it.
     */
    static String testKubeconfig() {
        String kubeconfig = System.getenv("AKSB_KUBECONFIG");
        if (kubeconfig == null || !Files.isReadable(Path.of(kubeconfig))) {
            fail("the integration tests need a running kube-apiserver: run 'scripts/kube-test-env.sh start --rbac' and source"
                    + " its env file, or use scripts/test-all.sh (AKSB_KUBECONFIG is " + kubeconfig + ")");
        }
        return kubeconfig;
    }
}
