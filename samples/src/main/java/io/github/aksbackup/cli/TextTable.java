package io.github.aksbackup.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns two spaces apart, for human command output. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    /** A table with these column headings; headings ending in {@code >} are right-aligned (the mark is dropped). */
    TextTable(String... headings) {
        rightAligned = new boolean[headings.length];
        String[] h = new String[headings.length];
        for (int i = 0; i < headings.length; i++) {
            rightAligned[i] = headings[i].endsWith(">");
            h[i] = rightAligned[i] ? headings[i].substring(0, headings[i].length() - 1) : headings[i];
        }
        rows.add(h);
    }

    /** Adds a row; missing cells are empty. */
    TextTable row(Object... cells) {
        String[] r = new String[rightAligned.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
        }
        rows.add(r);
        return this;
    }

    /** Prints the table, without trailing blanks. */
    void print(PrintWriter out) {
        int[] width = new int[rightAligned.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[i] - r[i].length());
                line.append(rightAligned[i] ? pad + r[i] : r[i] + pad);
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
