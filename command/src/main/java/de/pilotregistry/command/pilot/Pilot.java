package de.pilotregistry.command.pilot;

import de.pilotregistry.command.RuleViolation;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.draw.Seed;
import de.pilotregistry.command.draw.StratifiedDraw;
import de.pilotregistry.shared.codes.AgeClass;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.AssignParticipant;
import de.pilotregistry.shared.pilot.CaseworkerRegistered;
import de.pilotregistry.shared.pilot.DefinePilot;
import de.pilotregistry.shared.pilot.DrawGroups;
import de.pilotregistry.shared.pilot.Eligibility;
import de.pilotregistry.shared.pilot.GroupsDrawn;
import de.pilotregistry.shared.pilot.ParticipantAssigned;
import de.pilotregistry.shared.pilot.PilotDefined;
import de.pilotregistry.shared.pilot.PopulationMember;
import de.pilotregistry.shared.pilot.PopulationMemberRecorded;
import de.pilotregistry.shared.pilot.PopulationRecorded;
import de.pilotregistry.shared.pilot.RecordPopulation;
import de.pilotregistry.shared.pilot.RegisterCaseworker;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A pilot: its population until the draw, the draw (once), and who of the participants each caseworker
 * holds. One aggregate for all of it, so "drawn only once", "no population change after the draw" and the
 * caseload ceiling are checked against one consistent state, one command at a time.
 */
@Aggregate(cache = "pilotCache")
class Pilot {

    @AggregateIdentifier
    private PilotId pilotId;
    private LocalDate start;
    private int caseloadRatio;
    private int participantPlaces;
    private Eligibility eligibility;
    private List<StratumVariable> strata;
    private String seedCommitment;
    private final Map<Pseudonym, PopulationMemberRecorded> population = new HashMap<>();
    private boolean drawn;
    private final Set<Pseudonym> participants = new HashSet<>();
    private final Set<CaseworkerId> caseworkers = new HashSet<>();
    private final Map<Pseudonym, CaseworkerId> caseworkerOf = new HashMap<>();
    private final Map<CaseworkerId, Integer> caseload = new HashMap<>();

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
    PopulationRecorded handle(RecordPopulation command) {
        if (drawn) {
            throw new RuleViolation("The groups of this pilot are drawn; its population can no longer change.");
        }
        List<PopulationMemberRecorded> changes = new ArrayList<>();
        int unchanged = 0;
        for (PopulationMember member : command.members()) {
            PopulationMemberRecorded record = recordOf(member);
            if (record.equals(population.get(member.person()))) {
                unchanged++;
            } else {
                changes.add(record);
            }
        }
        if (!command.dryRun()) {
            changes.forEach(change -> apply(change));
        }
        return new PopulationRecorded(changes.size(), unchanged);
    }

    private PopulationMemberRecorded recordOf(PopulationMember member) {
        return new PopulationMemberRecorded(pilotId, member.person(), member.sex(), member.birthMonth(),
                AgeClass.of(member.birthMonth(), start), member.applicantType(), member.monthsInReceiptOfLast24(),
                member.marginalEmployment(), member.monthlyClaim(), member.household(),
                eligibility.admits(member.monthsInReceiptOfLast24(), member.marginalEmployment()), start);
    }

    @CommandHandler
    GroupsDrawn handle(DrawGroups command) {
        if (drawn) {
            throw new RuleViolation("The groups of this pilot are already drawn; a pilot is drawn only once.");
        }
        Seed seed = new Seed(command.seed());
        if (!seed.matches(seedCommitment)) {
            throw new IllegalStateException("The seed does not match the commitment published at definition.");
        }
        List<StratifiedDraw.Candidate> eligible = population.values().stream()
                .filter(PopulationMemberRecorded::eligible)
                .map(member -> new StratifiedDraw.Candidate(member.person(), stratumOf(member)))
                .toList();
        StratifiedDraw.Result result = StratifiedDraw.draw(eligible, participantPlaces, seed);
        GroupsDrawn event = new GroupsDrawn(pilotId, seed.hex(), StratifiedDraw.ALGORITHM, result.participants(),
                result.comparison(), result.strata(), command.effectiveDate());
        apply(event);
        return event;
    }

    private Map<StratumVariable, String> stratumOf(PopulationMemberRecorded member) {
        Map<StratumVariable, String> stratum = new EnumMap<>(StratumVariable.class);
        for (StratumVariable variable : strata) {
            stratum.put(variable, switch (variable) {
                case SEX -> member.sex().name();
                case AGE_CLASS -> member.ageClass().name();
                case APPLICANT_TYPE -> member.applicantType().name();
            });
        }
        return stratum;
    }

    @CommandHandler
    void handle(RegisterCaseworker command) {
        if (caseworkers.contains(command.caseworker())) {
            throw new RuleViolation("Caseworker '" + command.caseworker() + "' is already registered for this pilot.");
        }
        apply(new CaseworkerRegistered(pilotId, command.caseworker(), command.name(), command.effectiveDate()));
    }

    @CommandHandler
    void handle(AssignParticipant command) {
        // Comparison persons are answered exactly like unknown persons: pilot staff stay blind.
        if (!participants.contains(command.person())) {
            throw UnknownEntity.person(command.person());
        }
        if (!caseworkers.contains(command.caseworker())) {
            throw new UnknownEntity("No caseworker '" + command.caseworker() + "' is registered for this pilot.");
        }
        CaseworkerId current = caseworkerOf.get(command.person());
        if (command.caseworker().equals(current)) {
            return; // already so: nothing new to record
        }
        if (caseload.getOrDefault(command.caseworker(), 0) >= caseloadRatio) {
            throw new RuleViolation("Caseworker '" + command.caseworker() + "' already holds " + caseloadRatio
                    + " participants, the caseload ratio of this pilot.");
        }
        apply(new ParticipantAssigned(pilotId, command.person(), command.caseworker(), current,
                command.effectiveDate()));
    }

    @EventSourcingHandler
    void on(PilotDefined event) {
        pilotId = event.pilotId();
        start = event.start();
        caseloadRatio = event.caseloadRatio();
        participantPlaces = event.participantPlaces();
        eligibility = event.eligibility();
        strata = event.strata();
        seedCommitment = event.seedCommitment();
    }

    @EventSourcingHandler
    void on(PopulationMemberRecorded event) {
        population.put(event.person(), event);
    }

    @EventSourcingHandler
    void on(GroupsDrawn event) {
        drawn = true;
        participants.addAll(event.participants());
        population.clear(); // only needed until the draw
    }

    @EventSourcingHandler
    void on(CaseworkerRegistered event) {
        caseworkers.add(event.caseworker());
    }

    @EventSourcingHandler
    void on(ParticipantAssigned event) {
        caseworkerOf.put(event.person(), event.caseworker());
        caseload.merge(event.caseworker(), 1, Integer::sum);
        if (event.previousCaseworker() != null) {
            caseload.merge(event.previousCaseworker(), -1, Integer::sum);
        }
    }
}
