package de.pilotregistry.command.pilot;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.command.RuleViolation;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.draw.NotEnoughEligible;
import de.pilotregistry.command.population.EligiblePersons;
import de.pilotregistry.command.population.PopulationRoll;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.draw.Seed;
import de.pilotregistry.shared.draw.StratifiedDraw;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.AssignParticipant;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.CaseworkerRegistered;
import de.pilotregistry.shared.pilot.DefinePilot;
import de.pilotregistry.shared.pilot.DrawExclusion;
import de.pilotregistry.shared.pilot.DrawGroups;
import de.pilotregistry.shared.pilot.Eligibility;
import de.pilotregistry.shared.pilot.EndAssignment;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.RegisterCaseworker;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A pilot: the draw (once), and who of the participants each caseworker holds on which day. One aggregate for all of
 * it, so "drawn only once" and the caseload ceiling are checked against one consistent state, one command at a time.
 * The population is not held here (it can be hundreds of thousands of persons): the draw reads the eligible persons
 * from the {@link PopulationRoll} under the append lock, which every population import also takes, so "no population
 * change after the draw" holds between the two.
 *
 * <p>Assignments are in valid time: one covers the days [start, end), the end date is the first day without it.
 * Both dates lie within the pilot period; that they do not lie in the future the command API checks against the
 * clock (the aggregate decides on the dates alone, so the same events and command always give the same answer).
 * The caseload ratio holds on every day: a new assignment from D is refused when on any day from D on the
 * caseworker already holds that many.
 */
@Aggregate(cache = "pilotCache")
class Pilot {

    @AggregateIdentifier
    private PilotId pilotId;
    private LocalDate start;
    private LocalDate end;
    private int caseloadRatio;
    private int participantPlaces;
    private Eligibility eligibility;
    private List<StratumVariable> strata;
    private String seedCommitment;
    private boolean drawn;
    private final Set<Pseudonym> participants = new HashSet<>();
    private final Set<CaseworkerId> caseworkers = new HashSet<>();
    private final Assignments assignments = new Assignments();

    Pilot() {
        // for Axon
    }

    @CommandHandler
    Pilot(DefinePilot command) {
        apply(new PilotDefined(command.pilotId(), command.name(), command.jobcenter(), command.site(),
                command.start(), command.end(), command.caseloadRatio(), command.participantPlaces(),
                command.eligibility(), List.copyOf(command.strata()), command.seedCommitment(),
                command.effectiveDate()));
    }

    @CommandHandler
    GroupsDrawn handle(DrawGroups command, EligiblePersons population) {
        if (drawn) {
            throw new RuleViolation("The groups of this pilot are already drawn; a pilot is drawn only once.");
        }
        Seed seed = new Seed(command.seed());
        if (!seed.matches(seedCommitment)) {
            throw new IllegalStateException("The seed does not match the commitment published at definition.");
        }
        // One person is in at most one group of pilots whose periods overlap: their facts would count for both.
        Map<Pseudonym, DrawExclusion> elsewhere = new HashMap<>();
        command.inOverlappingPilots().forEach(exclusion -> elsewhere.putIfAbsent(exclusion.person(), exclusion));
        List<DrawExclusion> excluded = new ArrayList<>();
        Map<List<Object>, Map<StratumVariable, String>> strataSeen = new HashMap<>(); // one map per stratum, shared
        List<StratifiedDraw.Candidate> eligible = new ArrayList<>();
        for (EligiblePersons.Eligible person : population.eligibleForDraw(pilotId)) {
            DrawExclusion exclusion = elsewhere.get(person.person());
            if (exclusion != null) {
                excluded.add(exclusion);
            } else {
                eligible.add(new StratifiedDraw.Candidate(person.person(), strataSeen.computeIfAbsent(
                        List.of(person.sex(), person.ageClass(), person.applicantType()),
                        key -> StratifiedDraw.stratum(strata, person.sex(), person.ageClass(), person.applicantType()))));
            }
        }
        excluded.sort(Comparator.comparing(exclusion -> exclusion.person().value()));
        if (eligible.size() < 2L * participantPlaces) {
            throw new NotEnoughEligible(eligible.size(), participantPlaces);
        }
        StratifiedDraw.Result result = StratifiedDraw.draw(eligible, participantPlaces, seed);
        GroupsDrawn event = new GroupsDrawn(pilotId, seed.hex(), StratifiedDraw.ALGORITHM, result.participants(),
                result.comparison(), result.strata(), command.effectiveDate(), excluded);
        apply(event);
        return event;
    }

    @CommandHandler
    void handle(RegisterCaseworker command) {
        if (caseworkers.contains(command.caseworker())) {
            throw new RuleViolation("Caseworker '" + command.caseworker() + "' is already registered for this pilot.");
        }
        apply(new CaseworkerRegistered(pilotId, command.caseworker(), command.name(), command.effectiveDate()));
    }

    /** Answers the start of the assignment in force: {@code effectiveDate}, or an earlier one already so. */
    @CommandHandler
    LocalDate handle(AssignParticipant command) {
        Pseudonym person = command.person();
        CaseworkerId caseworker = command.caseworker();
        LocalDate from = command.effectiveDate();
        // Comparison persons are answered exactly like unknown persons: pilot staff stay blind.
        if (!participants.contains(person)) {
            throw UnknownEntity.person(person);
        }
        if (!caseworkers.contains(caseworker)) {
            throw new UnknownEntity("No caseworker '" + caseworker + "' is registered for this pilot.");
        }
        requireWithinPeriod(from, "The assignment cannot start on that day.");
        Optional<Assignments.Span> open = assignments.openOf(person);
        if (open.isPresent()) {
            Assignments.Span current = open.get();
            if (current.caseworker().equals(caseworker) && !from.isBefore(current.from())) {
                return current.from(); // already so on every day from `from` on: nothing new to record
            }
            throw new RuleViolation("Participant '" + person + "' is assigned to caseworker '" + current.caseworker()
                    + "' since " + current.from() + "; end that assignment first (POST .../assignments/" + person
                    + "/end), then assign anew.");
        }
        LocalDate free = assignments.freeFrom(person);
        if (free != null && from.isBefore(free)) {
            throw new RuleViolation("Participant '" + person + "' was assigned until " + free.minusDays(1)
                    + "; a new assignment can start on " + free + " at the earliest.");
        }
        assignments.crowdedFrom(caseworker, from, caseloadRatio).ifPresent(crowded -> {
            throw new RuleViolation("Caseworker '" + caseworker + "' already holds " + crowded.held()
                    + " participants on " + crowded.day() + ", the caseload ratio of this pilot is " + caseloadRatio
                    + "; an assignment from " + from + " would exceed it.");
        });
        apply(new ParticipantAssigned(pilotId, person, caseworker, null, from));
        return from;
    }

    @CommandHandler
    AssignmentEnded handle(EndAssignment command) {
        Pseudonym person = command.person();
        LocalDate until = command.effectiveDate();
        if (!participants.contains(person)) {
            throw UnknownEntity.person(person);
        }
        Assignments.Span current = assignments.openOf(person).orElseThrow(() -> new RuleViolation(
                "Participant '" + person + "' is not assigned to a caseworker; there is no assignment to end."));
        if (until.isBefore(current.from())) {
            throw new InvalidRequest("The assignment cannot end on that day. Nothing was stored.",
                    List.of(InvalidRequest.Problem.field("effectiveDate", until + " is before the start of the "
                            + "assignment (" + current.from() + "); the end date is the first day without it")));
        }
        if (!until.equals(current.from())) { // ending on its first day withdraws it, wherever it started
            requireWithinPeriod(until, "The assignment cannot end on that day.");
        }
        AssignmentEnded ended = new AssignmentEnded(pilotId, person, current.caseworker(), current.from(), until,
                command.reason());
        apply(ended);
        return ended;
    }

    private void requireWithinPeriod(LocalDate day, String summary) {
        if (day.isBefore(start) || day.isAfter(end)) {
            throw new InvalidRequest(summary + " Nothing was stored.", List.of(InvalidRequest.Problem.field(
                    "effectiveDate", day + " lies outside the pilot period " + start + " to " + end)));
        }
    }

    @EventSourcingHandler
    void on(PilotDefined event) {
        pilotId = event.pilotId();
        start = event.start();
        end = event.end();
        caseloadRatio = event.caseloadRatio();
        participantPlaces = event.participantPlaces();
        eligibility = event.eligibility();
        strata = event.strata();
        seedCommitment = event.seedCommitment();
    }

    @EventSourcingHandler
    void on(GroupsDrawn event) {
        drawn = true;
        participants.addAll(event.participants());
    }

    @EventSourcingHandler
    void on(CaseworkerRegistered event) {
        caseworkers.add(event.caseworker());
    }

    @EventSourcingHandler
    void on(ParticipantAssigned event) {
        assignments.start(event.person(), event.caseworker(), event.effectiveDate());
    }

    @EventSourcingHandler
    void on(AssignmentEnded event) {
        assignments.end(event.person(), event.effectiveDate());
    }
}
