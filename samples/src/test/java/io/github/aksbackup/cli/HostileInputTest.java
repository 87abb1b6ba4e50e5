package io.github.aksbackup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * More than two hundred malformed inputs to {@code policy validate}, {@code hooks validate},
 * {@code backup} and {@code restore}: policies, backup and restore configurations and hook resources
 * with wrong types, invalid names, label selectors, durations, resource types and enum values,
 * unknown object types, duplicate keys, broken syntax, NaN and Infinity, trailing garbage, YAML where
 * JSON is expected, deep nesting, sizes up to 50 MB, missing files and directories. Each
 * must give exit code 2 with a message naming the field, no stack trace, nothing written to the
 * vault and no connection to the cluster: the kubeconfig points at a loopback socket that counts
 * connections, so validation provably happens before any.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One malformed input: the command, the file it reads, and what its message must mention. */
    record Case(String name, String command, String file, byte[] content, String mentions, List<String> extraArgs) {
        @Override
        public String toString() {
            return command + ": " + name;
        }
    }

    @TempDir
    Path dir;

    private ServerSocket apiServer;
    private final AtomicInteger connections = new AtomicInteger();
    private Thread acceptor;

    @BeforeAll
    void listen() throws IOException {
        apiServer = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        apiServer.setSoTimeout(200);
        acceptor = new Thread(() -> {
            while (!apiServer.isClosed()) {
                try (Socket s = apiServer.accept()) {
                    connections.incrementAndGet();
                } catch (SocketTimeoutException idle) {
                    // Keep listening.
                } catch (IOException closed) {
                    return;
                }
            }
        }, "counting-api-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    void close() throws IOException, InterruptedException {
        apiServer.close();
        acceptor.join(5000);
    }

    // ---- building cases ----

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String REMOVE = "<remove>";
    private static final Pattern STEP = Pattern.compile("([^.\\[]+)(?:\\[(\\d+)])?");

    /** {@code base} with the node at {@code path} ({@code a.b[0].c}) replaced by the JSON {@code value}, or removed. */
    static String mutate(String base, String path, String value) {
        JsonNode root = read(base).deepCopy();
        String[] steps = path.split("\\.");
        JsonNode parent = root;
        for (int i = 0; i < steps.length; i++) {
            Matcher m = STEP.matcher(steps[i]);
            if (!m.matches()) {
                throw new IllegalArgumentException(path);
            }
            String field = m.group(1);
            boolean last = i == steps.length - 1;
            if (m.group(2) == null) {
                if (last) {
                    if (value.equals(REMOVE)) {
                        ((ObjectNode) parent).remove(field);
                    } else {
                        ((ObjectNode) parent).set(field, read(value));
                    }
                } else {
                    parent = parent.get(field);
                }
            } else {
                ArrayNode array = (ArrayNode) parent.get(field);
                int index = Integer.parseInt(m.group(2));
                if (last) {
                    array.set(index, read(value));
                } else {
                    parent = array.get(index);
                }
            }
        }
        return root.toString();
    }

    static final String POLICY;
    static final String BACKUP_CONFIG = "{\"objectType\":\"KubernetesClusterBackupDatasourceParameters\","
            + "\"includedNamespaces\":[\"shop\"],\"excludedNamespaces\":[],\"includedResourceTypes\":[],\"excludedResourceTypes\":[],"
            + "\"labelSelectors\":[\"app=web\"],\"snapshotVolumes\":true,\"includeClusterScopeResources\":true,"
            + "\"backupHookReferences\":[{\"name\":\"freeze\",\"namespace\":\"ops\"}],\"includedVolumeTypes\":[\"AzureDisk\"]}";
    static final String RESTORE_CONFIG = "{\"objectType\":\"KubernetesClusterRestoreCriteria\",\"conflictPolicy\":\"Skip\","
            + "\"includedNamespaces\":[\"shop\"],\"excludedNamespaces\":[],\"includedResourceTypes\":[\"apps/v1/Deployment\"],"
            + "\"excludedResourceTypes\":[],\"labelSelectors\":[\"tier=front\"],\"includeClusterScopeResources\":false,"
            + "\"persistentVolumeRestoreMode\":\"RestoreWithVolumeData\",\"namespaceMappings\":{\"shop\":\"shop2\"},"
            + "\"restoreHookReferences\":[{\"name\":\"warm\",\"namespace\":\"ops\"}]}";
    static final String CLUSTER_ID = "/subscriptions/s/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/";
    /** A backup instance as az prints it, naming the built-in policy (so no --policy is needed) and a cluster the kubeconfig has. */
    static final String BACKUP_INSTANCE = "{\"id\":\"/subscriptions/s/resourceGroups/g/providers/Microsoft.DataProtection/backupVaults/v/"
            + "backupInstances/c\",\"name\":\"c\",\"type\":\"Microsoft.DataProtection/backupVaults/backupInstances\",\"properties\":{"
            + "\"objectType\":\"BackupInstance\",\"friendlyName\":\"c\\\\c\",\"provisioningState\":\"Succeeded\","
            + "\"dataSourceInfo\":{\"objectType\":\"Datasource\",\"datasourceType\":\"Microsoft.ContainerService/managedClusters\","
            + "\"resourceID\":\"" + CLUSTER_ID + "c\"},\"policyInfo\":{\"policyId\":\"/subscriptions/s/resourceGroups/g/providers/"
            + "Microsoft.DataProtection/backupVaults/v/backupPolicies/AKSPolicy1\",\"policyParameters\":{\"dataStoreParametersList\":["
            + "{\"objectType\":\"AzureOperationalStoreParameters\",\"dataStoreType\":\"OperationalStore\",\"resourceGroupId\":"
            + "\"/subscriptions/s/resourceGroups/snapshots\"}],\"backupDatasourceParametersList\":[" + BACKUP_CONFIG + "]}}}}";
    /** A restore request as az prints it, for recovery point rp-1 into a cluster the kubeconfig has. */
    static final String RESTORE_REQUEST = "{\"objectType\":\"AzureBackupRecoveryPointBasedRestoreRequest\",\"recoveryPointId\":\"rp-1\","
            + "\"sourceDataStoreType\":\"OperationalStore\",\"restoreTargetInfo\":{\"objectType\":\"ItemLevelRestoreTargetInfo\","
            + "\"recoveryOption\":\"FailIfExists\",\"restoreLocation\":\"westeurope\",\"datasourceInfo\":{\"objectType\":\"Datasource\","
            + "\"resourceID\":\"" + CLUSTER_ID + "c\"},\"restoreCriteria\":[" + RESTORE_CONFIG + "]}}";
    static final String BACKUP_HOOK = "{\"apiVersion\":\"clusterbackup.dataprotection.microsoft.com/v1alpha1\",\"kind\":\"BackupHook\","
            + "\"metadata\":{\"name\":\"freeze\",\"namespace\":\"ops\"},\"spec\":{\"backupHook\":[{\"name\":\"freeze\","
            + "\"includedNamespaces\":[\"db\"],\"labelSelector\":{\"matchLabels\":{\"app\":\"postgres\"}},"
            + "\"preHooks\":[{\"exec\":{\"container\":\"postgres\",\"command\":[\"/sbin/fsfreeze\",\"--freeze\",\"/data\"],"
            + "\"onError\":\"Fail\",\"timeout\":\"30s\"}}]}]}}";
    static final String RESTORE_HOOK = "{\"apiVersion\":\"clusterbackup.dataprotection.microsoft.com/v1alpha1\",\"kind\":\"RestoreHook\","
            + "\"metadata\":{\"name\":\"warm\",\"namespace\":\"ops\"},\"spec\":{\"includedNamespaces\":[\"shop\"],\"labelSelector\":\"app=api\","
            + "\"postHooks\":[{\"exec\":{\"command\":[\"/app/warm\"],\"onError\":\"Continue\",\"waitTimeout\":\"5m\",\"execTimeout\":\"30s\"}}]}}";

    static {
        try {
            POLICY = Files.readString(Path.of("policies", "aks-default.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cases replacing one field of {@code base} with each of {@code values}. */
    static void field(List<Case> out, String command, String base, String path, String mentions, String... values) {
        for (String v : values) {
            out.add(new Case(path + " = " + abbreviate(v), command, "input.json", utf8(mutate(base, path, v)), mentions, List.of()));
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "... (" + s.length() + " chars)" : s;
    }

    /** Inputs no reader of JSON documents may accept, with what the message must mention. */
    static void documents(List<Case> out, String command, String base, String topField) {
        String[][] broken = {
            {"empty file", ""},
            {"only whitespace", "   \n\t  "},
            {"unclosed object", "{"},
            {"a JSON array", "[]"},
            {"JSON null", "null"},
            {"a number", "42"},
            {"a string", "\"policy\""},
            {"trailing comma", base.substring(0, base.length() - 1) + ",}"},
            {"comment", "// nothing\n" + base},
            {"NUL bytes", "\u0000\u0000{}"},
            {"duplicate key", "{\"" + topField + "\":" + read(base).get(topField) + "," + base.substring(1)},
            {"deeply nested", "{\"" + topField + "\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"},
            {"ten megabytes of whitespace", " ".repeat(10 << 20) + "{"},
        };
        for (String[] b : broken) {
            out.add(new Case(b[0], command, "input.json", utf8(b[1]), "input.json", List.of()));
        }
        String[][] notJson = {
            {"NaN for a value", "{\"" + topField + "\":NaN}"},
            {"Infinity for a value", "{\"" + topField + "\":-Infinity}"},
            {"trailing garbage after the document", base + " garbage"},
            {"a second document after the first", base + base},
            {"YAML where JSON is expected", topField + ":\n  - x\n"},
            {"single quotes", base.replace('"', '\'')},
            {"fifty megabytes", "{\"" + topField + "\":[\"" + "a".repeat(50 << 20) + "\"]}"},
        };
        for (String[] b : notJson) {
            // Hook files are YAML (of which JSON is a part) and may hold several resources, one after another.
            if (!command.equals("hooks validate") || !b[0].startsWith("YAML") && !b[0].startsWith("a second document")) {
                out.add(new Case(b[0], command, "input.json", utf8(b[1]), "input.json", List.of()));
            }
        }
        out.add(new Case("a file that does not exist", command, "missing.json", null, "missing.json", List.of()));
        out.add(new Case("a directory instead of a file", command, "a-directory/", new byte[0], "a-directory", List.of()));
        out.add(new Case("invalid UTF-8", command, "input.json", new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'},
                "input.json", List.of()));
        out.add(new Case("a huge array field", command, "input.json",
                utf8(mutate(base, topField, "[" + "1,".repeat(500_000) + "1]")), topField, List.of()));
    }

    static final String[] BAD_NAMESPACE_LISTS = {"\"shop\"", "[1]", "[\"Shop_Prod\"]", "[\"\"]", "[\"" + "a".repeat(64) + "\"]",
        "[null]", "{}"};
    static final String[] BAD_TYPE_LISTS = {"\"v1/Secret\"", "[1]", "[\"\"]", "[\"v1//Secret\"]", "[\"apps/v1/Deployment/extra\"]", "[{}]"};
    static final String[] BAD_SELECTOR_LISTS = {"[\"app in (a\"]", "[\"=x\"]", "[1]", "[\"app=a=b\"]", "[\"a b=c\"]", "[\"app notin\"]",
        "[\"!\"]", "{}"};

    List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String p = "policy validate";
        documents(c, p, POLICY, "policyRules");
        field(c, p, POLICY, "objectType", "objectType", "\"Policy\"", "1", "null");
        field(c, p, POLICY, "datasourceTypes", "datasourceTypes", "\"Microsoft.ContainerService/managedClusters\"", "[]", "[1]",
                "[\"Microsoft.Compute/disks\"]");
        field(c, p, POLICY, "policyRules", "policyRules", "{}", "[]", "null", "\"x\"", "[1]");
        field(c, p, POLICY, "name", "name", "1", "[]");
        field(c, p, POLICY, "policyRules[0].objectType", "objectType", "\"AzureRule\"", "2");
        field(c, p, POLICY, "policyRules[0].trigger.objectType", "objectType", "\"CronTrigger\"", "[]");
        field(c, p, POLICY, "policyRules[0].trigger.schedule.repeatingTimeIntervals[0]", "repeatingTimeIntervals",
                "\"R/2023-01-04T09:00:00+00:00/PT5H\"", "\"R/2023-13-04T09:00:00+00:00/PT4H\"", "\"2023-01-04T09:00:00+00:00/PT4H\"",
                "\"R/2023-01-04T09:00:00+00:00/P1M\"", "\"\"", "1", "\"R//PT4H\"", "\"R/2023-01-04T09:00:00+00:00/PT0H\"",
                "\"R/2023-01-04T09:00:00+00:00/PT-4H\"", "\"R/yesterday/PT4H\"");
        field(c, p, POLICY, "policyRules[0].trigger.schedule.repeatingTimeIntervals", "repeatingTimeIntervals", "[]",
                "\"R/2023-01-04T09:00:00+00:00/PT4H\"", "null", "{}");
        field(c, p, POLICY, "policyRules[0].trigger.schedule.timeZone", "timeZone", "\"Mars/Olympus_Mons\"", "5", "[]");
        field(c, p, POLICY, "policyRules[0].trigger.taggingCriteria", "taggingCriteria", "{}", "1", "\"Default\"");
        field(c, p, POLICY, "policyRules[0].trigger.taggingCriteria[0].taggingPriority", "taggingPriority", "\"high\"", "1.5", "[]");
        field(c, p, POLICY, "policyRules[0].trigger.taggingCriteria[0].tagInfo", "tagInfo", "null", "\"Default\"", "[]");
        field(c, p, POLICY, "policyRules[0].trigger.taggingCriteria[0].tagInfo.tagName", "tagName", "7", "[]");
        field(c, p, POLICY, "policyRules[0].trigger.taggingCriteria[0].isDefault", "isDefault", "\"yes\"", "1");
        field(c, p, POLICY, "policyRules[0].dataStore.dataStoreType", "dataStoreType", "\"ArchiveStore\"", "\"\"", "0");
        field(c, p, POLICY, "policyRules[0].dataStore", "dataStore", "\"OperationalStore\"", "[]");
        field(c, p, POLICY, "policyRules[1].lifecycles[0].deleteAfter.duration", "deleteAfter", "\"7D\"", "\"P0D\"", "\"PT-1H\"",
                "\"P1000Y\"", "\"\"", "7", "null", "\"P7DT\"", "\"P\"", "\"P9999999999999999999D\"", "\"seven days\"");
        field(c, p, POLICY, "policyRules[1].lifecycles[0].deleteAfter.objectType", "objectType", "\"RelativeDeleteOption\"", "1");
        field(c, p, POLICY, "policyRules[1].lifecycles[0].sourceDataStore.dataStoreType", "dataStoreType", "\"Nowhere\"", "[]");
        field(c, p, POLICY, "policyRules[1].lifecycles", "lifecycles", "[]", "{}", "null", "\"P7D\"");
        field(c, p, POLICY, "policyRules[1].isDefault", "isDefault", "\"yes\"", "[]");
        field(c, p, POLICY, "policyRules[0].trigger.schedule.timeZoneName", "timeZoneName", "\"UTC\"");
        field(c, p, POLICY, "policyRules[1].lifecycles[0].copySettings", "copySettings", "[]");
        field(c, p, POLICY, "policyRules[0].trigger.taggingCriteria[0].tagInfo.tagId", "tagId", "\"Default_\"");
        field(c, p, POLICY, "policyRules[0].trigger.taggingCriteria[0].priority", "priority", "99");
        field(c, p, POLICY, "policyRules[0].trigger", "AdhocBasedTriggerContext", "{\"objectType\":\"AdhocBasedTriggerContext\","
                + "\"taggingCriteria\":{\"tagInfo\":{\"tagName\":\"Default\"}}}");
        field(c, p, POLICY, "policyRules[1].lifecycles[0].targetDataStoreCopySettings", "targetDataStoreCopySettings",
                "\"VaultStore\"", "[{\"copyAfter\":{\"objectType\":\"LaterCopyOption\"},\"dataStore\":{\"dataStoreType\":\"VaultStore\","
                        + "\"objectType\":\"DataStoreInfoBase\"}}]", "[{\"copyAfter\":{\"objectType\":\"CustomCopyOption\",\"duration\":\"soon\"},"
                        + "\"dataStore\":{\"dataStoreType\":\"VaultStore\",\"objectType\":\"DataStoreInfoBase\"}}]");

        String h = "hooks validate";
        documents(c, h, BACKUP_HOOK, "spec");
        String exec = "spec.backupHook[0].preHooks[0].exec";
        field(c, h, BACKUP_HOOK, exec + ".timeout", "timeout", "\"30\"", "\"PT30S\"", "\"-5s\"", "\"1x\"", "\"\"", "30",
                "\"999999999999999h\"", "\"5 minutes\"", "[]");
        field(c, h, BACKUP_HOOK, exec + ".onError", "onError", "\"Maybe\"", "true", "\"fail \"");
        field(c, h, BACKUP_HOOK, exec + ".command", "command", "\"/bin/true\"", "[]", "[1]", "null", "{}");
        field(c, h, BACKUP_HOOK, exec + ".container", "container", "1", "[]", "\"Not_A_Container\"");
        field(c, h, BACKUP_HOOK, exec + ".timout", "timout", "\"30s\"");
        field(c, h, BACKUP_HOOK, "spec.backupHook[0].preHooks[0].exec", "exec", "\"/bin/true\"", "null", "[]");
        field(c, h, BACKUP_HOOK, "spec.backupHook[0].labelSelector", "labelSelector", "\"app in (a\"", "1",
                "{\"matchLabels\":{\"app\":1}}", "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Sometimes\"}]}",
                "{\"matchLabels\":{\"bad key!\":\"x\"}}");
        field(c, h, BACKUP_HOOK, "spec.backupHook[0].includedNamespaces", "includedNamespaces", "[1]", "[\"Bad_NS\"]", "{}");
        field(c, h, BACKUP_HOOK, "spec.backupHook[0].preHooks", "preHooks", "\"x\"", "{}", "[1]");
        field(c, h, BACKUP_HOOK, "spec.backupHook", "backupHook", "\"freeze\"", "1");
        field(c, h, BACKUP_HOOK, "kind", "kind", "\"BackupHooks\"", "1");
        field(c, h, BACKUP_HOOK, "apiVersion", "apiVersion", "\"v1\"", "\"clusterbackup.dataprotection.microsoft.com/v9\"");
        field(c, h, BACKUP_HOOK, "metadata.name", "name", "\"\"", "1", "\"Bad_Name\"");
        String rexec = "spec.postHooks[0].exec";
        field(c, h, RESTORE_HOOK, rexec + ".waitTimeout", "waitTimeout", "\"5\"", "\"PT5M\"", "\"-1m\"", "[]");
        field(c, h, RESTORE_HOOK, rexec + ".execTimeout", "execTimeout", "\"30\"", "\"P1D\"", "{}");
        field(c, h, RESTORE_HOOK, rexec + ".onError", "onError", "\"Retry\"");
        field(c, h, RESTORE_HOOK, rexec + ".timeout", "timeout", "\"30s\"");
        field(c, h, RESTORE_HOOK, "spec.labelSelector", "labelSelector", "\"app in (a\"", "\"=api\"");
        String yamlHook = "apiVersion: clusterbackup.dataprotection.microsoft.com/v1alpha1\nkind: BackupHook\nmetadata:\n  name: h\n"
                + "  namespace: ops\nspec:\n  backupHook:\n  - name: h\n    preHooks:\n    - exec:\n        command: [/bin/true]\n";
        c.add(new Case("YAML alias bomb", h, "hooks.yaml", utf8("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                + "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                + "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"), "hooks.yaml", List.of()));
        c.add(new Case("YAML tab indentation", h, "hooks.yaml", utf8(yamlHook.replace("  name: h\n  namespace", "\tname: h\n\tnamespace")),
                "hooks.yaml", List.of()));
        c.add(new Case("YAML duplicate key", h, "hooks.yaml", utf8(yamlHook.replace("kind: BackupHook\n", "kind: BackupHook\nkind: RestoreHook\n")),
                "kind", List.of()));
        c.add(new Case("YAML deeply nested", h, "hooks.yaml", utf8(yamlHook + "  extra: " + "[".repeat(20_000) + "]".repeat(20_000) + "\n"),
                "hooks.yaml", List.of()));
        c.add(new Case("YAML unknown kind document", h, "hooks.yaml", utf8(yamlHook + "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"),
                "kind", List.of()));
        c.add(new Case("YAML binary garbage", h, "hooks.yaml", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 3, '\n', ':', ':'},
                "hooks.yaml", List.of()));

        String b = "backup";
        documents(c, b, BACKUP_CONFIG, "includedNamespaces");
        field(c, b, BACKUP_CONFIG, "includedNamespaces", "includedNamespaces", BAD_NAMESPACE_LISTS);
        field(c, b, BACKUP_CONFIG, "excludedNamespaces", "excludedNamespaces", "\"kube-system\"", "[1]", "[\"Bad_NS\"]");
        field(c, b, BACKUP_CONFIG, "includedResourceTypes", "includedResourceTypes", BAD_TYPE_LISTS);
        field(c, b, BACKUP_CONFIG, "excludedResourceTypes", "excludedResourceTypes", "[1]", "[\"\"]", "\"v1/Secret\"");
        field(c, b, BACKUP_CONFIG, "labelSelectors", "labelSelectors", BAD_SELECTOR_LISTS);
        field(c, b, BACKUP_CONFIG, "snapshotVolumes", "snapshotVolumes", "\"yes\"", "1", "[]");
        field(c, b, BACKUP_CONFIG, "includeClusterScopeResources", "includeClusterScopeResources", "\"true\"", "0");
        field(c, b, BACKUP_CONFIG, "backupHookReferences", "backupHookReferences", "\"freeze\"", "[{\"name\":1,\"namespace\":\"ops\"}]",
                "[{}]", "[1]", "[{\"name\":\"Bad_Name\",\"namespace\":\"ops\"}]");
        field(c, b, BACKUP_CONFIG, "includedVolumeTypes", "includedVolumeTypes", "[\"Floppy\"]", "\"AzureDisk\"", "[1]");
        field(c, b, BACKUP_CONFIG, "secretData", "secretData", "\"Metadata\"", "1", "[]");
        field(c, b, BACKUP_CONFIG, "objectType", "objectType", "\"KubernetesClusterRestoreCriteria\"", "5");
        c.add(new Case("--secret-data Bogus", b, "input.json", utf8(BACKUP_CONFIG), "--secret-data", List.of("--secret-data", "Bogus")));
        field(c, b, BACKUP_CONFIG, "includedVolumeTypes", "includedVolumeTypes", "[\"AzureFileShareSMB\"]", "[\"AzureDisk\",\"AzureFileShareSMB\"]");
        c.add(new Case("--snapshot-class without volume snapshots", b, "input.json",
                utf8(mutate(BACKUP_CONFIG, "snapshotVolumes", "false")), "--snapshot-class", List.of("--snapshot-class", "csi-azuredisk")));
        field(c, b, BACKUP_INSTANCE, "properties.datasourceAuthCredentials", "datasourceAuthCredentials",
                "{\"objectType\":\"SecretStoreBasedAuthCredentials\"}");
        field(c, b, BACKUP_INSTANCE, "properties.identityDetails", "identityDetails", "{\"userAssignedIdentityArmUrl\":\"/x\"}",
                "{\"useSystemAssignedIdentity\":false}");
        field(c, b, BACKUP_INSTANCE, "properties.resourceGuardOperationRequests", "resourceGuardOperationRequests", "[\"x\"]");
        field(c, b, BACKUP_INSTANCE, "properties.policyInfo.policyParameters.backupDatasourceParametersList[0]", "backupDatasourceParametersList",
                "{\"objectType\":\"BlobBackupDatasourceParameters\",\"containersList\":[\"c\"]}");
        field(c, b, BACKUP_INSTANCE, "properties.policyInfo.policyParameters.dataStoreParametersList[0].dataStoreType", "dataStoreType",
                "\"VaultStore\"", "\"ArchiveStore\"");
        field(c, b, BACKUP_INSTANCE, "properties.policyInfo.policyId", "--policy",
                "\"/subscriptions/s/resourceGroups/g/providers/Microsoft.DataProtection/backupVaults/v/backupPolicies/nightly\"");
        field(c, b, BACKUP_INSTANCE, "properties.policyInfo.policyId", "policyId", "\"nightly\"");
        c.add(new Case("a cluster no context is named after", b, "input.json", utf8(mutate(BACKUP_INSTANCE,
                "properties.dataSourceInfo.resourceID", "\"" + CLUSTER_ID + "prod-aks\"")), "--context",
                List.of("--policy", Path.of("policies", "aks-default.json").toString())));
        field(c, b, BACKUP_INSTANCE, "properties.dataSourceInfo.datasourceType", "datasourceType", "\"Microsoft.Compute/disks\"");
        field(c, b, BACKUP_INSTANCE, "properties.validationType", "validationType", "\"NoValidation\"");
        field(c, b, BACKUP_INSTANCE, "properties.frendlyName", "frendlyName", "\"c\"");
        field(c, b, BACKUP_INSTANCE, "location", "location", "\"westeurope\"");

        String r = "restore";
        documents(c, r, RESTORE_CONFIG, "includedNamespaces");
        field(c, r, RESTORE_CONFIG, "conflictPolicy", "conflictPolicy", "\"Overwrite\"", "1", "\"\"", "\"Replace\"");
        field(c, r, RESTORE_CONFIG, "persistentVolumeRestoreMode", "persistentVolumeRestoreMode", "\"Maybe\"", "true");
        field(c, r, RESTORE_CONFIG, "namespaceMappings", "namespaceMappings", "{\"shop\":1}", "{\"\":\"b\"}", "{\"shop\":\"Bad_NS\"}",
                "[]", "\"shop:shop2\"", "{\"Bad_NS\":\"shop\"}");
        field(c, r, RESTORE_CONFIG, "includedNamespaces", "includedNamespaces", "\"shop\"", "[1]", "[\"Shop_Prod\"]");
        field(c, r, RESTORE_CONFIG, "excludedNamespaces", "excludedNamespaces", "[1]", "[\"\"]");
        field(c, r, RESTORE_CONFIG, "includedResourceTypes", "includedResourceTypes", "[1]", "[\"v1//Secret\"]", "\"v1/Secret\"");
        field(c, r, RESTORE_CONFIG, "labelSelectors", "labelSelectors", "[\"tier in (a\"]", "[1]", "[\"a b=c\"]");
        field(c, r, RESTORE_CONFIG, "restoreHookReferences", "restoreHookReferences", "\"warm\"", "[{\"name\":1,\"namespace\":\"ops\"}]",
                "[{}]");
        field(c, r, RESTORE_CONFIG, "includeClusterScopeResources", "includeClusterScopeResources", "\"no\"");
        field(c, r, RESTORE_CONFIG, "stagingResourceGroupId", "stagingResourceGroupId", "\"/not/a/resource/group\"", "1");
        field(c, r, RESTORE_CONFIG, "stagingStorageAccountId", "stagingStorageAccountId", "\"account\"");
        field(c, r, RESTORE_CONFIG, "objectType", "objectType", "\"BackupPolicy\"", "[]");
        c.add(new Case("--snapshot-class without volume data", r, "input.json", utf8(mutate(RESTORE_CONFIG, "persistentVolumeRestoreMode",
                "\"RestoreWithoutVolumeData\"")), "--snapshot-class", List.of("--snapshot-class", "csi-azuredisk")));
        field(c, r, RESTORE_REQUEST, "objectType", "objectType", "\"AzureBackupRecoveryTimeBasedRestoreRequest\"",
                "\"AzureBackupRestoreWithRehydrationRequest\"");
        field(c, r, RESTORE_REQUEST, "recoveryPointTime", "recoveryPointTime", "\"2024-01-01T00:00:00Z\"");
        field(c, r, RESTORE_REQUEST, "recoveryPointId", "--recovery-point", "\"rp-2\"");
        field(c, r, RESTORE_REQUEST, "identityDetails", "identityDetails", "{\"userAssignedIdentityArmUrl\":\"/x\"}");
        field(c, r, RESTORE_REQUEST, "resourceGuardOperationRequests", "resourceGuardOperationRequests", "[\"x\"]");
        field(c, r, RESTORE_REQUEST, "restoreTargetInfo.objectType", "objectType", "\"RestoreTargetInfo\"", "\"RestoreFilesTargetInfo\"");
        field(c, r, RESTORE_REQUEST, "restoreTargetInfo.recoveryOption", "recoveryOption", "\"Overwrite\"");
        field(c, r, RESTORE_REQUEST, "restoreTargetInfo.datasourceAuthCredentials", "datasourceAuthCredentials", "{}");
        field(c, r, RESTORE_REQUEST, "restoreTargetInfo.datasourceInfo.resourceID", "--context", "\"" + CLUSTER_ID + "restore-aks\"");
        field(c, r, RESTORE_REQUEST, "restoreTargetInfo.datasourceInfo.datasourceType", "datasourceType", "\"Microsoft.Compute/disks\"");
        field(c, r, RESTORE_REQUEST, "restoreTargetInfo.restoreCriteria[0]", "KubernetesPVRestoreCriteria",
                "{\"objectType\":\"KubernetesPVRestoreCriteria\",\"name\":\"data\",\"storageClassName\":\"premium\"}");
        modifierRules(c);
        return c;
    }

    /** {@code restore --resource-modifiers FILE}: a case whose file ends with {@code .yaml} is that file. */
    static void modifierRules(List<Case> c) {
        String head = "version: v1\nresourceModifierRules:\n- conditions: {groupResource: deployments.apps";
        Map<String, String[]> rules = new LinkedHashMap<>();
        rules.put("unknown operation", new String[] {head + "}\n  patches: [{operation: upsert, path: /spec/replicas, value: '1'}]\n",
                "$.resourceModifierRules[0].patches[0].operation"});
        rules.put("invalid regex", new String[] {head + ", resourceNameRegex: 'web-(['}\n  patches: [{operation: remove, path: /a}]\n",
                "$.resourceModifierRules[0].conditions.resourceNameRegex"});
        rules.put("not a JSON pointer", new String[] {head + "}\n  patches: [{operation: remove, path: spec.replicas}]\n",
                "$.resourceModifierRules[0].patches[0].path"});
        rules.put("value Velero hands over as broken JSON", new String[] {head + "}\n  patches: [{operation: add, path: /a, value: 'True'}]\n",
                "$.resourceModifierRules[0].patches[0].value"});
        rules.put("unsupported directive", new String[] {head + "}\n  strategicPatches: [{patchData: '{\"$setElementOrder/x\": []}'}]\n",
                "$.resourceModifierRules[0].strategicPatches[0].patchData"});
        rules.put("YAML that does not parse", new String[] {"version: v1\nresourceModifierRules: [\n", "not valid YAML"});
        rules.put("unknown version", new String[] {"version: v9\nresourceModifierRules: []\n", "$.version"});
        rules.put("empty file", new String[] {"", "empty"});
        rules.forEach((name, r) -> c.add(new Case("--resource-modifiers: " + name, "restore", "rules.yaml", utf8(r[0]), r[1], List.of())));
        c.add(new Case("--resource-modifiers: missing file", "restore", "missing.yaml", null, "no such file", List.of()));
        c.add(new Case("--resource-modifiers and a resourceModifierReference", "restore", "both.yaml",
                utf8(head + "}\n  patches: [{operation: remove, path: /a}]\n"), "--resource-modifiers", List.of()));
    }

    @Test
    void theTableHoldsMoreThanTwoHundredInputs() {
        assertTrue(cases().size() >= 200, "cases: " + cases().size());
    }

    Stream<Case> table() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void badInputIsExitCodeTwoNamingTheFieldWithoutTraceWriteOrConnection(Case c) throws IOException {
        Path file = dir.resolve(c.file());
        if (c.file().endsWith("/")) {
            Files.createDirectories(file);
        } else if (c.content() != null) {
            Files.write(file, c.content());
        }
        Path vault = dir.resolve("vault");
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: k\n  cluster:\n"
                + "    server: https://127.0.0.1:" + apiServer.getLocalPort() + "\n    insecure-skip-tls-verify: true\n"
                + "contexts:\n- name: c\n  context:\n    cluster: k\n    user: u\nusers:\n- name: u\n  user:\n    token: pl4nted-token\n");
        List<String> args = new ArrayList<>(List.of(c.command().split(" ")));
        switch (c.command()) {
            case "backup" -> args.addAll(List.of("--config", file.toString(), "--vault", vault.toString(), "--kubeconfig",
                    kubeconfig.toString()));
            case "restore" -> {
                Path config = file;
                if (c.file().endsWith(".yaml")) {
                    config = dir.resolve("restore.json");
                    Files.writeString(config, c.file().equals("both.yaml") ? mutate(RESTORE_CONFIG, "resourceModifierReference",
                            "{\"name\":\"mods\",\"namespace\":\"velero\"}") : RESTORE_CONFIG);
                    args.addAll(List.of("--resource-modifiers", file.toString()));
                }
                args.addAll(List.of("--recovery-point", "rp-1", "--config", config.toString(), "--vault",
                        vault.toString(), "--kubeconfig", kubeconfig.toString()));
            }
            default -> args.add(file.toString());
        }
        args.addAll(c.extraArgs());
        int before = connections.get();
        CliRun run = CliRun.of(args.toArray(String[]::new));
        String all = run.out() + run.err();
        assertEquals(2, run.code(), c + "\n" + abbreviate(all));
        assertTrue(run.err().toLowerCase(Locale.ROOT).contains(c.mentions().toLowerCase(Locale.ROOT)),
                c + ": the message names " + c.mentions() + ":\n" + abbreviate(run.err()));
        assertFalse(all.contains("\tat ") || all.contains("Exception"), c + ": no stack trace or exception name:\n" + abbreviate(all));
        assertFalse(all.contains("pl4nted-token"), "credentials are not printed");
        assertFalse(Files.exists(vault), c + ": nothing was written to the vault");
        assertEquals(before, connections.get(), c + ": the cluster was not contacted");
        assertTrue(run.err().length() < 20_000, c + ": the message stays short, " + run.err().length() + " characters");
    }
}
