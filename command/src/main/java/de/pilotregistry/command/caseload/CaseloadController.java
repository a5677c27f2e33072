package de.pilotregistry.command.caseload;

import de.pilotregistry.command.RuleViolation;
import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.web.FieldLimits;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.platform.PersonalData;
import de.pilotregistry.shared.codes.AssignmentEndReason;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.AssignParticipant;
import de.pilotregistry.shared.pilot.AssignmentEnded;
import de.pilotregistry.shared.pilot.CaseworkerRegistered;
import de.pilotregistry.shared.pilot.EndAssignment;
import de.pilotregistry.shared.pilot.RegisterCaseworker;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Caseworkers of a pilot and the participants they hold, in valid time: an assignment covers [start, end), the end
 * date is the first day without it; at most the pilot's caseload ratio each on every day.
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class CaseloadController {

    record CaseworkerRegistration(String caseworker, String name) {
    }

    /** {@code effectiveDate}: the first day of the assignment in force (an earlier one when it was already so). */
    record Assignment(String person, String caseworker, LocalDate effectiveDate) {
    }

    record AssignmentEnd(String person, String caseworker, LocalDate effectiveDate, AssignmentEndReason reason) {
    }

    private final CommandGateway commands;
    private final Clock clock;
    private final PersonalData personalData;

    CaseloadController(CommandGateway commands, Clock clock, PersonalData personalData) {
        this.commands = commands;
        this.clock = clock;
        this.personalData = personalData;
    }

    /**
     * The caseworker id is the user name the caseworker signs in with. The real name is personal data: it is sealed
     * here, before the command, so it reaches the event and the read model only sealed (docs/data-protection.md). The
     * answer repeats it to the ADMIN who sent it.
     */
    @PostMapping(path = "/api/pilots/{pilotId}/caseworkers", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    CaseworkerRegistration register(@PathVariable String pilotId, @RequestBody Map<String, Object> body) {
        PilotId pilot = Fields.pilotId(pilotId);
        Fields fields = new Fields();
        fields.onlyKnown("", body, List.of("caseworker", "name"));
        String caseworker = fields.identifier("caseworker", fields.scalar("caseworker", body.get("caseworker")), true);
        String name = fields.text("name", fields.scalar("name", body.get("name")), FieldLimits.NAME_MAX_LENGTH, true);
        fields.throwIfAny("The caseworker registration has invalid fields.");
        CaseworkerId id = CaseworkerId.of(caseworker);
        String subject = CaseworkerRegistered.subjectOf(id);
        // The key is made in its own statement: a refused registration leaves a key without data, which is harmless.
        String sealed;
        try {
            sealed = personalData.seal(subject, CaseworkerRegistered.NAME, name);
        } catch (PersonalData.SubjectErased e) {
            throw new RuleViolation("The personal data of caseworker '" + Fields.shown(caseworker)
                    + "' was erased; their name cannot be recorded again.");
        }
        commands.sendAndWait(new RegisterCaseworker(pilot, id, sealed, LocalDate.now(clock)));
        return new CaseworkerRegistration(caseworker, name);
    }

    /**
     * Assigns from {@code effectiveDate} (default today) on; the date must lie within the pilot period (the aggregate
     * checks) and not in the future (checked here, against the clock).
     */
    @PostMapping(path = "/api/pilots/{pilotId}/assignments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Assignment assign(@PathVariable String pilotId, @RequestBody Map<String, Object> body) {
        PilotId pilot = Fields.pilotId(pilotId);
        LocalDate today = LocalDate.now(clock);
        Fields fields = new Fields();
        fields.onlyKnown("", body, List.of("person", "caseworker", "effectiveDate"));
        String person = fields.identifier("person", fields.scalar("person", body.get("person")), true);
        String caseworker = fields.identifier("caseworker", fields.scalar("caseworker", body.get("caseworker")), true);
        LocalDate from = effectiveDate(fields, body, today);
        fields.throwIfAny("The assignment has invalid fields.");
        LocalDate inForce = commands.sendAndWait(new AssignParticipant(pilot, Pseudonym.of(person),
                CaseworkerId.of(caseworker), from));
        return new Assignment(person, caseworker, inForce);
    }

    /**
     * Ends the person's current assignment: {@code effectiveDate} (default today) is the first day without it; it
     * must not be before the assignment's start, must lie within the pilot period and not in the future.
     */
    @PostMapping(path = "/api/pilots/{pilotId}/assignments/{person}/end", consumes = MediaType.APPLICATION_JSON_VALUE)
    AssignmentEnd end(@PathVariable String pilotId, @PathVariable String person,
                      @RequestBody(required = false) Map<String, Object> body) {
        PilotId pilot = Fields.pilotId(pilotId);
        if (!Fields.isIdentifier(person, FieldLimits.IDENTIFIER_MAX_LENGTH)) {
            throw UnknownEntity.person(Fields.shown(person)); // no such pseudonym can be in any population
        }
        Map<String, Object> given = body == null ? Map.of() : body;
        LocalDate today = LocalDate.now(clock);
        Fields fields = new Fields();
        fields.onlyKnown("", given, List.of("effectiveDate", "reason"));
        LocalDate until = effectiveDate(fields, given, today);
        AssignmentEndReason reason = fields.code("reason", fields.scalar("reason", given.get("reason")),
                AssignmentEndReason.class, true);
        fields.throwIfAny("The end of the assignment has invalid fields.");
        AssignmentEnded ended = commands.sendAndWait(new EndAssignment(pilot, Pseudonym.of(person), until, reason));
        return new AssignmentEnd(person, ended.caseworker().value(), ended.effectiveDate(), ended.reason());
    }

    /** {@code effectiveDate}, today when absent; never in the future. */
    private static LocalDate effectiveDate(Fields fields, Map<String, Object> body, LocalDate today) {
        String given = fields.scalar("effectiveDate", body.get("effectiveDate"));
        if (given == null) {
            return today; // absent or null (an object or a list is already a problem)
        }
        return fields.pastDate("effectiveDate", given, today, true);
    }
}
