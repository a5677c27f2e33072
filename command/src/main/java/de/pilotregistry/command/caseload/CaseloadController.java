package de.pilotregistry.command.caseload;

import de.pilotregistry.command.web.FieldLimits;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.AssignParticipant;
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

/** Caseworkers of a pilot and the participants they hold (at most the pilot's caseload ratio each). */
@RestController
@PreAuthorize("hasRole('ADMIN')")
class CaseloadController {

    record CaseworkerRegistration(String caseworker, String name) {
    }

    record Assignment(String person, String caseworker) {
    }

    private final CommandGateway commands;
    private final Clock clock;

    CaseloadController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    /** The caseworker id is the user name the caseworker signs in with. */
    @PostMapping(path = "/api/pilots/{pilotId}/caseworkers", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    CaseworkerRegistration register(@PathVariable String pilotId, @RequestBody Map<String, Object> body) {
        PilotId pilot = Fields.pilotId(pilotId);
        Fields fields = new Fields();
        fields.onlyKnown("", body, List.of("caseworker", "name"));
        String caseworker = fields.identifier("caseworker", fields.scalar("caseworker", body.get("caseworker")), true);
        String name = fields.text("name", fields.scalar("name", body.get("name")), FieldLimits.NAME_MAX_LENGTH, true);
        fields.throwIfAny("The caseworker registration has invalid fields.");
        commands.sendAndWait(new RegisterCaseworker(pilot, CaseworkerId.of(caseworker), name, LocalDate.now(clock)));
        return new CaseworkerRegistration(caseworker, name);
    }

    @PostMapping(path = "/api/pilots/{pilotId}/assignments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Assignment assign(@PathVariable String pilotId, @RequestBody Map<String, Object> body) {
        PilotId pilot = Fields.pilotId(pilotId);
        Fields fields = new Fields();
        fields.onlyKnown("", body, List.of("person", "caseworker"));
        String person = fields.identifier("person", fields.scalar("person", body.get("person")), true);
        String caseworker = fields.identifier("caseworker", fields.scalar("caseworker", body.get("caseworker")), true);
        fields.throwIfAny("The assignment has invalid fields.");
        commands.sendAndWait(new AssignParticipant(pilot, Pseudonym.of(person), CaseworkerId.of(caseworker),
                LocalDate.now(clock)));
        return new Assignment(person, caseworker);
    }
}
