package io.github.aksbackup.api.policy;

/**
 * Azure's {@code Day}: a date of the month (1..28) or, with {@code isLast}, the last day of the month.
 */
public record DayOfMonth(int date, boolean isLast) {
    public DayOfMonth {
        if (!isLast && (date < 1 || date > 31)) {
            throw new IllegalArgumentException("daysOfMonth.date must be between 1 and 31 (or isLast=true), was " + date);
        }
    }
}
