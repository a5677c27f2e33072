package de.pilotregistry.query.audit.replay;

import de.pilotregistry.query.audit.store.RecordedEvent;
import de.pilotregistry.shared.casefile.BenefitChanged;
import de.pilotregistry.shared.casefile.BenefitReceiptExited;
import de.pilotregistry.shared.casefile.BenefitReceiptReentered;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.ContactRecorded;
import de.pilotregistry.shared.casefile.JobEnded;
import de.pilotregistry.shared.casefile.JobStarted;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.codes.Group;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A pilot recomputed in memory from its stored events, as known at {@code knownAt}, on {@code validAt}: written apart
 * from the projections and their SQL, after the rules in the README ("The bitemporal model", "Assignments"), so that
 * comparing the two checks the read side.
 */
final class PilotReplay {

    record Assignment(String person, String caseworker, LocalDate from, LocalDate until) {
    }

    record PersonState(String person, Group group, boolean entitled, BigDecimal monthlyClaim, String employmentType,
                       String caseworker, int contacts) {
    }

    record GroupCounts(Group group, int persons, int entitled, int exited, int employed, int contacts) {
    }

    record Replayed(String pilotId, LocalDate validAt, Instant knownAt, long eventsRead, List<GroupCounts> outcomes,
                    List<Assignment> assignments, List<PersonState> persons) {
    }

    /** A case fact as known at knownAt: recorded by then and not withdrawn by a correction recorded by then. */
    private record Fact(long position, CaseFactEvent event) {

        LocalDate effective() {
            if (event instanceof ContactRecorded e) {
                return e.effectiveDate();
            } else if (event instanceof JobStarted e) {
                return e.effectiveDate();
            } else if (event instanceof JobEnded e) {
                return e.effectiveDate();
            } else if (event instanceof BenefitChanged e) {
                return e.effectiveDate();
            } else if (event instanceof BenefitReceiptExited e) {
                return e.effectiveDate();
            } else if (event instanceof BenefitReceiptReentered e) {
                return e.effectiveDate();
            }
            return null; // a retraction only withdraws
        }

        /** The monthly claim a benefit change or re-entry states, else null. */
        BigDecimal claim() {
            if (event instanceof BenefitChanged e) {
                return e.monthlyClaim();
            }
            return event instanceof BenefitReceiptReentered e ? e.monthlyClaim() : null;
        }
    }

    /** Latest effective date first, then latest recorded. */
    private static final Comparator<Fact> LATEST = Comparator.comparing(Fact::effective)
            .thenComparingLong(Fact::position).reversed();
    /** A re-entry at most this many days after an exit makes the exit a break. */
    private static final int BREAK_DAYS = 7;

    private PilotReplay() {
    }

    static Replayed replay(String pilotId, List<RecordedEvent> pilotStream, List<RecordedEvent> caseFiles,
                           LocalDate validAt, Instant knownAt) {
        PilotDefined defined = null;
        GroupsDrawn drawn = null;
        Map<String, PopulationMemberRecorded> members = new TreeMap<>();
        List<Assignment> assignments = new ArrayList<>();
        long read = 0;
        for (RecordedEvent stored : pilotStream) {
            if (stored.recordedAt().isAfter(knownAt)) {
                continue;
            }
            read++;
            Object event = stored.payload();
            if (event instanceof PilotDefined e) {
                defined = e;
            } else if (event instanceof PopulationMemberRecorded e) {
                members.put(e.person().value(), e);
            } else if (event instanceof GroupsDrawn e) {
                drawn = e;
            } else if (event instanceof ParticipantAssigned e) {
                if (e.previousCaseworker() != null) { // recorded before ends existed: the move ended the last one
                    end(assignments, e.person().value(), e.effectiveDate());
                }
                assignments.add(new Assignment(e.person().value(), e.caseworker().value(), e.effectiveDate(), null));
            } else if (event instanceof AssignmentEnded e) {
                end(assignments, e.person().value(), e.effectiveDate());
            }
        }
        if (defined == null) {
            return null;
        }
        Map<String, Group> groups = new HashMap<>();
        if (drawn != null) {
            drawn.participants().forEach(p -> groups.put(p.value(), Group.PARTICIPANT));
            drawn.comparison().forEach(p -> groups.put(p.value(), Group.COMPARISON));
        }
        Map<String, List<Fact>> facts = facts(caseFiles, knownAt);
        read += caseFiles.stream().filter(e -> !e.recordedAt().isAfter(knownAt)).count();

        List<PersonState> persons = new ArrayList<>();
        for (PopulationMemberRecorded member : members.values()) {
            String person = member.person().value();
            Group group = groups.getOrDefault(person, Group.UNSELECTED);
            List<Fact> known = facts.getOrDefault(person, List.of());
            persons.add(state(person, group, member.monthlyClaim(), defined.start(), known, assignments, validAt));
        }
        return new Replayed(pilotId, validAt, knownAt, read, counts(persons), assignments, persons);
    }

    /** The open assignment of the person ends on {@code until}, the first day without it. */
    private static void end(List<Assignment> assignments, String person, LocalDate until) {
        for (int i = 0; i < assignments.size(); i++) {
            Assignment a = assignments.get(i);
            if (a.person().equals(person) && a.until() == null) {
                assignments.set(i, new Assignment(person, a.caseworker(), a.from(), until));
            }
        }
    }

    private static Map<String, List<Fact>> facts(List<RecordedEvent> caseFiles, Instant knownAt) {
        Map<String, Fact> byId = new HashMap<>();
        Set<String> withdrawn = new HashSet<>();
        for (RecordedEvent stored : caseFiles) {
            if (stored.recordedAt().isAfter(knownAt) || !(stored.payload() instanceof CaseFactEvent event)) {
                continue;
            }
            if (event.corrects() != null) {
                withdrawn.add(event.corrects());
            }
            byId.put(stored.eventId(), new Fact(stored.position(), event));
        }
        Map<String, List<Fact>> byPerson = new HashMap<>();
        byId.forEach((id, fact) -> {
            if (!withdrawn.contains(id) && fact.effective() != null) {
                byPerson.computeIfAbsent(fact.event().person().value(), p -> new ArrayList<>()).add(fact);
            }
        });
        return byPerson;
    }

    private static PersonState state(String person, Group group, BigDecimal claimAtStart, LocalDate pilotStart,
                                     List<Fact> facts, List<Assignment> assignments, LocalDate day) {
        List<Fact> upToDay = facts.stream().filter(f -> !f.effective().isAfter(day)).sorted(LATEST).toList();
        Optional<Fact> status = upToDay.stream().filter(f -> f.event() instanceof BenefitReceiptExited
                || f.event() instanceof BenefitReceiptReentered).findFirst();
        boolean exited = status.isPresent() && status.get().event() instanceof BenefitReceiptExited
                && facts.stream().noneMatch(f -> f.event() instanceof BenefitReceiptReentered
                && f.effective().isAfter(status.get().effective())
                && !f.effective().isAfter(status.get().effective().plusDays(BREAK_DAYS)));
        BigDecimal claim = upToDay.stream().filter(f -> !f.effective().isBefore(pilotStart)).map(Fact::claim)
                .filter(Objects::nonNull).findFirst().orElse(claimAtStart);
        String employment = upToDay.stream().filter(f -> f.event() instanceof JobStarted
                        || f.event() instanceof JobEnded).findFirst()
                .map(f -> f.event() instanceof JobStarted start ? start.employmentType().name() : null).orElse(null);
        int contacts = (int) upToDay.stream().filter(f -> f.event() instanceof ContactRecorded c
                && c.outcome() == ContactOutcome.ATTENDED).count();
        String caseworker = group != Group.PARTICIPANT ? null : assignments.stream()
                .filter(a -> a.person().equals(person) && !a.from().isAfter(day)
                        && (a.until() == null || a.until().isAfter(day)))
                .reduce((first, later) -> later.from().isBefore(first.from()) ? first : later)
                .map(Assignment::caseworker).orElse(null);
        return new PersonState(person, group, !exited, exited ? null : claim, employment, caseworker, contacts);
    }

    static List<GroupCounts> counts(List<PersonState> persons) {
        List<GroupCounts> counts = new ArrayList<>();
        for (Group group : Group.values()) {
            List<PersonState> in = persons.stream().filter(p -> p.group() == group).toList();
            counts.add(new GroupCounts(group, in.size(), (int) in.stream().filter(PersonState::entitled).count(),
                    (int) in.stream().filter(p -> !p.entitled()).count(),
                    (int) in.stream().filter(p -> p.employmentType() != null).count(),
                    in.stream().mapToInt(PersonState::contacts).sum()));
        }
        return counts;
    }
}
