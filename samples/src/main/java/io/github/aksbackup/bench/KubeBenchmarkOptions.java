package io.github.aksbackup.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the command line of {@link KubeBenchmark} says. */
final class KubeBenchmarkOptions {
    Path kubeconfig;
    int objects = 20_000;
    List<BenchData> datasets = List.of(BenchData.CONFIGMAPS, BenchData.REALISTIC);
    int rounds = 3;
    int concurrency = 16;
    String launcher;
    final Map<String, String> variants = new LinkedHashMap<>();
    boolean memory;
    Path jfr;
    boolean reuse;
    /** Serve the objects from an in-process stand-in API server instead of a real one (memory runs only). */
    boolean standIn;
    String kubectl = "kubectl";
    String floor = "scripts/bench-list-floor.py";
    /** Our clients' request-rate limit (requests per second; 0 = none), for comparisons with unlimited raw HTTP. */
    double qps;

    /** The options {@code args} give; stand-in, launcher and variant defaults are {@link KubeBenchmark#main}'s. */
    static KubeBenchmarkOptions parse(String[] args) {
        KubeBenchmarkOptions o = new KubeBenchmarkOptions();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kubeconfig" -> o.kubeconfig = Path.of(args[++i]);
                case "--objects" -> o.objects = Integer.parseInt(args[++i]);
                case "--dataset" -> {
                    String d = args[++i];
                    o.datasets = d.equals("both") ? List.of(BenchData.CONFIGMAPS, BenchData.REALISTIC) : List.of(BenchData.of(d));
                }
                case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
                case "--concurrency" -> o.concurrency = Integer.parseInt(args[++i]);
                case "--launcher" -> o.launcher = args[++i];
                case "--cli-variant" -> {
                    String v = args[++i];
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--cli-variant LABEL=JVM_OPTIONS, was " + v);
                    }
                    o.variants.put(v.substring(0, eq), v.substring(eq + 1));
                }
                case "--memory" -> o.memory = true;
                case "--jfr" -> o.jfr = Path.of(args[++i]);
                case "--reuse" -> o.reuse = true;
                case "--stand-in" -> o.standIn = true;
                case "--kubectl" -> o.kubectl = args[++i];
                case "--floor" -> o.floor = args[++i];
                case "--qps" -> o.qps = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use --kubeconfig FILE [--objects N] "
                        + "[--dataset configmaps|realistic|both] [--rounds R] [--concurrency C] [--launcher CMD] "
                        + "[--cli-variant LABEL=OPTS]... [--memory] [--jfr DIR] [--reuse] [--stand-in] [--kubectl PATH] [--floor SCRIPT] "
                        + "[--qps Q]");
            }
        }
        return o;
    }
}
