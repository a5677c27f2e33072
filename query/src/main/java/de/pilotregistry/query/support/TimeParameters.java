package de.pilotregistry.query.support;

import de.pilotregistry.platform.Excerpt;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the two times of a query. {@code validAt} is a date (the day facts were true); {@code knownAt} an
 * instant (ISO-8601 with offset, e.g. 2011-09-01T12:00:00Z) or a date, meaning the end of that day in the
 * registry's zone (Europe/Berlin): everything recorded up to then counts.
 */
@Component
public class TimeParameters {

    private final Clock clock;

    public TimeParameters(Clock clock) {
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** The day of an instant in the registry's zone. */
    public LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, clock.getZone());
    }

    public Instant now() {
        return clock.instant();
    }

    public LocalDate date(String field, String value, LocalDate fallback, List<BadQuery.Problem> problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            problems.add(new BadQuery.Problem(field, "'" + Excerpt.of(value) + "' is not a date YYYY-MM-DD"));
            return fallback;
        }
    }

    /**
     * The knownAt a caller asked for, or null for "as far as the registry knows" (the horizon). A date means the
     * end of that day in the registry's zone; for today, that is now. Settle it with {@link ReadConsistency#settle}.
     */
    public Instant requestedKnownAt(String value, List<BadQuery.Problem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                Instant endOfDay = LocalDate.parse(text).plusDays(1).atStartOfDay(clock.getZone()).toInstant()
                        .minusNanos(1000);
                return endOfDay.isAfter(now()) ? now() : endOfDay;
            } catch (DateTimeParseException notADate) {
                problems.add(new BadQuery.Problem("knownAt", "'" + Excerpt.of(value)
                        + "' is neither an instant (2011-09-01T12:00:00Z) nor a date (2011-09-01)"));
                return null;
            }
        }
    }

    public static List<BadQuery.Problem> problems() {
        return new ArrayList<>();
    }

    public static void throwIfAny(List<BadQuery.Problem> problems) {
        if (!problems.isEmpty()) {
            throw new BadQuery(problems);
        }
    }
}
