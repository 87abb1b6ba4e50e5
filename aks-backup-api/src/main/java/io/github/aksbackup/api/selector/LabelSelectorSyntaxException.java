package io.github.aksbackup.api.selector;

import io.github.aksbackup.api.InvalidInputException;

/** Thrown for a label selector that does not parse; says at which column (1-based) and why. */
public class LabelSelectorSyntaxException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    private final String selector;
    private final int column;
    private final String reason;

    public LabelSelectorSyntaxException(String selector, int column, String reason) {
        super("labelSelector", "'" + selector + "' column " + column + ": " + reason);
        this.selector = selector;
        this.column = column;
        this.reason = reason;
    }

    /** The selector text. */
    public String selector() {
        return selector;
    }

    /** 1-based column of the problem. */
    public int column() {
        return column;
    }

    /** What is wrong there. */
    public String reason() {
        return reason;
    }
}
