package de.pilotregistry.command.pilot;

import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.Pseudonym;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who held whom on which day: every assignment of a pilot in valid time. An assignment covers the days
 * [{@code from}, {@code until}): {@code until} is the first day without it, null while it has not ended. A person
 * has at most one assignment without an end, and a person's assignments do not overlap.
 */
final class Assignments {

    /** One assignment; {@code until} is null while it has not ended. */
    record Span(Pseudonym person, CaseworkerId caseworker, LocalDate from, LocalDate until) {

        boolean covers(LocalDate day) {
            return !day.isBefore(from) && (until == null || day.isBefore(until));
        }

        /** Ended on its first day: it covers no day at all. */
        boolean coversNoDay() {
            return until != null && !until.isAfter(from);
        }

        Span endingOn(LocalDate day) {
            return new Span(person, caseworker, from, day);
        }
    }

    /** The first day from which on a caseworker would hold too many, and how many they hold on it already. */
    record Crowded(LocalDate day, int held) {
    }

    private final Map<Pseudonym, List<Span>> byPerson = new HashMap<>();
    private final Map<CaseworkerId, List<Span>> byCaseworker = new HashMap<>();

    /** The person's assignment that has not ended, if any. */
    Optional<Span> openOf(Pseudonym person) {
        return byPerson.getOrDefault(person, List.of()).stream().filter(span -> span.until() == null).findFirst();
    }

    /** The first day after every ended assignment of the person (null without any): a new one starts no earlier. */
    LocalDate freeFrom(Pseudonym person) {
        LocalDate free = null;
        for (Span span : byPerson.getOrDefault(person, List.of())) {
            if (span.until() != null && !span.coversNoDay() && (free == null || span.until().isAfter(free))) {
                free = span.until();
            }
        }
        return free;
    }

    /**
     * The first day on or after {@code from} on which the caseworker already holds {@code limit} participants or
     * more, so that one more assignment from {@code from} (open-ended) would exceed it. Every day counts: the count
     * only rises on a day an assignment starts, so {@code from} and the later start days are all days to check.
     */
    Optional<Crowded> crowdedFrom(CaseworkerId caseworker, LocalDate from, int limit) {
        List<Span> held = byCaseworker.getOrDefault(caseworker, List.of());
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(from);
        held.stream().map(Span::from).filter(day -> day.isAfter(from)).forEach(days::add);
        for (LocalDate day : days) {
            int count = (int) held.stream().filter(span -> span.covers(day)).count();
            if (count >= limit) {
                return Optional.of(new Crowded(day, count));
            }
        }
        return Optional.empty();
    }

    /** A new assignment; an assignment of the person still open ends on its first day (events before ends). */
    void start(Pseudonym person, CaseworkerId caseworker, LocalDate from) {
        end(person, from);
        Span span = new Span(person, caseworker, from, null);
        byPerson.computeIfAbsent(person, p -> new ArrayList<>()).add(span);
        byCaseworker.computeIfAbsent(caseworker, c -> new ArrayList<>()).add(span);
    }

    /** Ends the person's open assignment, if any, on {@code until}. */
    void end(Pseudonym person, LocalDate until) {
        openOf(person).ifPresent(open -> {
            Span ended = open.endingOn(until);
            replace(byPerson.get(person), open, ended);
            replace(byCaseworker.get(open.caseworker()), open, ended);
        });
    }

    private static void replace(List<Span> spans, Span old, Span replacement) {
        spans.set(spans.indexOf(old), replacement);
    }
}
