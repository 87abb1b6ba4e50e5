package io.github.aksbackup.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO 8601 duration as Azure policies write it ({@code P7D}, {@code PT4H}, {@code P1Y}, {@code P2W},
 * {@code P1DT12H}): a calendar part (years, months, days) and an exact time part (hours, minutes,
 * seconds), kept apart because {@code P1M} is not a fixed number of seconds.
 *
 * <p>{@link #addTo(Instant)} applies the calendar part on the UTC timeline first, then the time part.
 * Negative and empty durations are rejected.
 */
public record IsoDuration(Period period, Duration time) implements Comparable<IsoDuration> {

    private static final Pattern SYNTAX = Pattern.compile(
            "P(?:(\\d{1,9})Y)?(?:(\\d{1,9})M)?(?:(\\d{1,9})W)?(?:(\\d{1,9})D)?"
                    + "(?:T(?:(\\d{1,9})H)?(?:(\\d{1,9})M)?(?:(\\d{1,9}(?:\\.\\d{1,9})?)S)?)?");

    public IsoDuration {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(time, "time");
        if (period.isNegative() || time.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + period + " " + time);
        }
    }

    /** A duration of exact time only, such as {@code PT4H}. */
    public static IsoDuration of(Duration time) {
        return new IsoDuration(Period.ZERO, time);
    }

    /** A duration of calendar units only, such as {@code P7D}. */
    public static IsoDuration of(Period period) {
        return new IsoDuration(period, Duration.ZERO);
    }

    /**
     * Parses an ISO 8601 duration.
     *
     * @throws IllegalArgumentException naming the text and the expected form when it is not one
     */
    public static IsoDuration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is missing; expected an ISO 8601 duration such as P7D or PT4H");
        }
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        Matcher m = SYNTAX.matcher(t);
        if (!m.matches() || t.equals("P") || t.endsWith("T")) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO 8601 duration; expected a form such as P7D, PT4H, P1Y or P1DT12H");
        }
        int years = intOf(m.group(1));
        int months = intOf(m.group(2));
        int weeks = intOf(m.group(3));
        int days = intOf(m.group(4));
        long hours = intOf(m.group(5));
        long minutes = intOf(m.group(6));
        Duration time = Duration.ofHours(hours).plusMinutes(minutes);
        if (m.group(7) != null) {
            BigDecimal seconds = new BigDecimal(m.group(7));
            time = time.plusSeconds(seconds.longValue())
                    .plusNanos(seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        Period period;
        try {
            period = Period.of(years, months, Math.addExact(Math.multiplyExact(weeks, 7), days));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a duration");
        }
        return new IsoDuration(period, time);
    }

    private static int intOf(String group) {
        return group == null ? 0 : Integer.parseInt(group);
    }

    /** True when both parts are zero. */
    public boolean isZero() {
        return period.isZero() && time.isZero();
    }

    /** True when there is no calendar part, so the duration is an exact amount of time. */
    public boolean isExact() {
        return period.isZero();
    }

    /** {@code instant} plus this duration: calendar part on the UTC timeline, then the exact part. */
    public Instant addTo(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).plus(period).toInstant().plus(time);
    }

    /** {@code dateTime} plus this duration, calendar part in the date-time's own zone. */
    public ZonedDateTime addTo(ZonedDateTime dateTime) {
        return dateTime.plus(period).plus(time);
    }

    /**
     * Length in days when a month counts 30 days and a year 365, as Azure counts retention limits
     * (so {@code P12M} is 360 days and {@code P1Y} is 365).
     */
    public double approximateDays() {
        return period.getYears() * 365.0 + period.getMonths() * 30.0 + period.getDays()
                + time.toNanos() / 86_400_000_000_000.0;
    }

    @Override
    public int compareTo(IsoDuration other) {
        return Double.compare(approximateDays(), other.approximateDays());
    }

    /** The ISO 8601 form, such as {@code P7D}, {@code PT4H} or {@code P1DT12H}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("P");
        if (period.getYears() != 0) {
            sb.append(period.getYears()).append('Y');
        }
        if (period.getMonths() != 0) {
            sb.append(period.getMonths()).append('M');
        }
        if (period.getDays() != 0) {
            sb.append(period.getDays()).append('D');
        }
        if (!time.isZero()) {
            sb.append('T');
            long h = time.toHours();
            int min = time.toMinutesPart();
            int s = time.toSecondsPart();
            int n = time.toNanosPart();
            if (h != 0) {
                sb.append(h).append('H');
            }
            if (min != 0) {
                sb.append(min).append('M');
            }
            if (s != 0 || n != 0) {
                sb.append(s);
                if (n != 0) {
                    sb.append('.').append(String.format("%09d", n).replaceAll("0+$", ""));
                }
                sb.append('S');
            }
        }
        if (sb.length() == 1) {
            sb.append("T0S");
        }
        return sb.toString();
    }
}
