package io.github.aksbackup.hook;

import static io.github.aksbackup.hook.HookFields.join;
import static io.github.aksbackup.hook.HookFields.quoted;

import io.github.aksbackup.api.hook.ExecStep;
import io.github.aksbackup.api.hook.OnError;
import io.github.aksbackup.api.hook.RestoreExecStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes the steps of a hook ({@code preHooks} / {@code postHooks}: lists of {@code {exec: {...}}}):
 * container, command, {@code onError} and the timeouts, noting per step which fields took their
 * default; problems go to the {@link HookFields} it is given.
 */
final class HookStepDecoder {
    /** Step fields a summary marks as defaulted. */
    static final String CONTAINER = "container";
    static final String ON_ERROR = "onError";
    static final String TIMEOUT = "timeout";
    static final String EXEC_TIMEOUT = "execTimeout";
    static final String WAIT_TIMEOUT = "waitTimeout";
    /** What the API server accepts as a container name (a DNS label); a step naming another could never run. */
    private static final java.util.regex.Pattern DNS_LABEL = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final List<String> BACKUP_EXEC_KEYS = List.of(CONTAINER, "command", ON_ERROR, TIMEOUT);
    private static final List<String> RESTORE_EXEC_KEYS = List.of(CONTAINER, "command", ON_ERROR, EXEC_TIMEOUT, WAIT_TIMEOUT);

    private final HookFields fields;
    private final Map<Object, Set<String>> defaulted;

    /** @param defaulted receives, per decoded step, the fields that took their default */
    HookStepDecoder(HookFields fields, Map<Object, Set<String>> defaulted) {
        this.fields = fields;
        this.defaulted = defaulted;
    }

    /** The steps of a backup hook's {@code preHooks} or {@code postHooks}. */
    List<ExecStep> backupSteps(Object value, String path) {
        return steps(value, path, this::backupStep);
    }

    /** The steps of a restore hook's {@code postHooks}. */
    List<RestoreExecStep> restoreSteps(Object value, String path) {
        return steps(value, path, this::restoreStep);
    }

    private interface StepDecoder<T> {
        T decode(Map<String, Object> exec, String path);
    }

    private <T> List<T> steps(Object value, String path, StepDecoder<T> decoder) {
        List<T> steps = new ArrayList<>();
        List<Object> items = fields.list(value, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Map<String, Object> item = fields.map(items.get(i), p, "a hook step such as {exec: {command: [...]}}");
            if (item == null) {
                continue;
            }
            if (!item.containsKey("exec")) {
                boolean execFieldsHere = item.keySet().stream().anyMatch(k -> RESTORE_EXEC_KEYS.contains(k) || k.equals(TIMEOUT));
                if (execFieldsHere) {
                    fields.problem(p, "put the step's fields under 'exec:' (- exec: {command: [...]})");
                } else {
                    fields.problem(p, "required field 'exec' is missing; a step is {exec: {command: [...]}}");
                    fields.unknownKeys(item, p, List.of("exec"), Map.of());
                }
                continue;
            }
            fields.unknownKeys(item, p, List.of("exec"), Map.of());
            Map<String, Object> exec = fields.map(item.get("exec"), join(p, "exec"), "the exec object {command: [...]}");
            if (exec != null) {
                T step = decoder.decode(exec, join(p, "exec"));
                if (step != null) {
                    steps.add(step);
                }
            }
        }
        return steps;
    }

    /** The fields backup and restore steps share. */
    private record CommonFields(String container, List<String> command, OnError onError, Set<String> defaults) {
    }

    private CommonFields common(Map<String, Object> exec, String path) {
        Set<String> defaults = new LinkedHashSet<>();
        String container = container(exec, path, defaults);
        List<String> command = command(exec.get("command"), join(path, "command"));
        return new CommonFields(container, command, onError(exec, path, defaults), defaults);
    }

    private <T> T remember(T step, Set<String> defaults) {
        defaulted.put(step, defaults);
        return step;
    }

    private ExecStep backupStep(Map<String, Object> exec, String path) {
        fields.unknownKeys(exec, path, BACKUP_EXEC_KEYS, Map.of(
                EXEC_TIMEOUT, "backup hooks use 'timeout'; 'execTimeout' and 'waitTimeout' belong to restore hooks",
                WAIT_TIMEOUT, "backup hooks do not wait for readiness; 'waitTimeout' belongs to restore hooks"));
        int before = fields.problemCount();
        CommonFields c = common(exec, path);
        Duration timeout = duration(exec, TIMEOUT, path, c.defaults());
        return fields.problemCount() != before ? null
                : remember(new ExecStep(c.container(), c.command(), c.onError(), timeout), c.defaults());
    }

    private RestoreExecStep restoreStep(Map<String, Object> exec, String path) {
        fields.unknownKeys(exec, path, RESTORE_EXEC_KEYS, Map.of(
                TIMEOUT, "restore hooks use 'execTimeout' (how long the command may run) and 'waitTimeout' (how long to wait for the container to be ready)"));
        int before = fields.problemCount();
        CommonFields c = common(exec, path);
        Duration execTimeout = duration(exec, EXEC_TIMEOUT, path, c.defaults());
        Duration waitTimeout = duration(exec, WAIT_TIMEOUT, path, c.defaults());
        return fields.problemCount() != before ? null
                : remember(new RestoreExecStep(c.container(), c.command(), c.onError(), execTimeout, waitTimeout), c.defaults());
    }

    /** The string at {@code key}; {@code null} when it is absent (recorded as defaulted) or not a string (a problem). */
    private String optionalString(Map<String, Object> exec, String key, String path, Set<String> defaults) {
        Object value = exec.get(key);
        if (value == null) {
            defaults.add(key);
            return null;
        }
        return fields.string(value, join(path, key));
    }

    private String container(Map<String, Object> exec, String path, Set<String> defaults) {
        String container = optionalString(exec, CONTAINER, path, defaults);
        if (container != null && container.isBlank()) {
            fields.problem(join(path, CONTAINER), "container must not be empty; leave it out to use the pod's first container");
            return null;
        }
        if (container != null && (container.length() > 63 || !DNS_LABEL.matcher(container).matches())) {
            fields.problem(join(path, CONTAINER), "'" + container + "' is not a container name: use 1..63 lowercase letters, digits"
                    + " and '-', starting and ending with a letter or digit");
            return null;
        }
        return container;
    }

    private List<String> command(Object value, String path) {
        if (value == null) {
            fields.problem(path, "required field 'command' is missing; give the program and its arguments as a list, such as [\"/sbin/fsfreeze\", \"--freeze\", \"/data\"]");
            return null;
        }
        if (value instanceof String s) {
            List<String> words = Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
            fields.problem(path, "command must be a list of the program and its arguments, such as "
                    + (words.isEmpty() ? "[\"/bin/true\"]" : quoted(words))
                    + "; it is run directly, not through a shell");
            return null;
        }
        if (!(value instanceof List<?> items)) {
            fields.problem(path, "command must be a list of strings");
            return null;
        }
        if (items.isEmpty()) {
            fields.problem(path, "command is empty; give the program and its arguments, such as [\"/bin/sync\"]");
            return null;
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String arg = fields.string(items.get(i), path + "[" + i + "]");
            command.add(arg);
        }
        if (command.contains(null)) {
            return null;
        }
        if (command.get(0).isBlank()) {
            fields.problem(path + "[0]", "the program (first element of command) must not be empty");
            return null;
        }
        return command;
    }

    private OnError onError(Map<String, Object> exec, String path, Set<String> defaults) {
        String text = optionalString(exec, ON_ERROR, path, defaults);
        if (text == null) {
            return null;
        }
        for (OnError o : OnError.values()) {
            if (o.name().equals(text)) {
                return o;
            }
        }
        fields.problem(join(path, ON_ERROR), "onError '" + text + "' is not one of Continue, Fail"
                + Suggestions.didYouMean(text, List.of("Continue", "Fail")));
        return null;
    }

    private Duration duration(Map<String, Object> exec, String key, String path, Set<String> defaults) {
        String p = join(path, key);
        if (exec.get(key) instanceof Number n) {
            fields.problem(p, key + " " + n + " has no unit; write it with one, such as " + n + "s or " + n + "m");
            return null;
        }
        String text = optionalString(exec, key, path, defaults);
        if (text == null) {
            return null;
        }
        try {
            Duration d = HookDuration.parse(text);
            if (d.isZero()) {
                fields.problem(p, key + " must be positive; leave it out for the default");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            fields.problem(p, e.getMessage());
            return null;
        }
    }
}
