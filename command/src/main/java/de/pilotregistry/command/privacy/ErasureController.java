package de.pilotregistry.command.privacy;

import de.pilotregistry.command.UnknownEntity;
import de.pilotregistry.command.web.FieldLimits;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.ids.Pseudonym;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Erasure of a person's or a caseworker's personal data (docs/data-protection.md). */
@RestController
class ErasureController {

    record Erased(String person, boolean erased, String erasedBy) {
    }

    record CaseworkerErasure(String pilotId, String caseworker, boolean erased, String erasedBy) {
    }

    private final Erasures erasures;

    ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    @PostMapping(path = "/api/persons/{person}/erase", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    Erased erase(@PathVariable String person, @RequestBody Map<String, Object> body, Authentication user) {
        if (!Fields.isIdentifier(person, FieldLimits.IDENTIFIER_MAX_LENGTH)) {
            throw new UnknownEntity("No person '" + Fields.shown(person) + "' in any population.");
        }
        String reason = reason(body);
        erasures.erase(Pseudonym.of(person), reason, user.getName());
        return new Erased(person, true, user.getName());
    }

    /** Destroys the caseworker's data key: their name no longer opens, in every pilot they were registered in. */
    @PostMapping(path = "/api/pilots/{pilotId}/caseworkers/{caseworker}/erase",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    CaseworkerErasure erase(@PathVariable String pilotId, @PathVariable String caseworker,
                            @RequestBody Map<String, Object> body, Authentication user) {
        PilotId pilot = Fields.pilotId(pilotId);
        if (!Fields.isIdentifier(caseworker, FieldLimits.IDENTIFIER_MAX_LENGTH)) {
            throw new UnknownEntity("No caseworker '" + Fields.shown(caseworker) + "' in pilot '"
                    + Fields.shown(pilotId) + "'.");
        }
        String reason = reason(body);
        erasures.erase(pilot, CaseworkerId.of(caseworker), reason, user.getName());
        return new CaseworkerErasure(pilotId, caseworker, true, user.getName());
    }

    private static String reason(Map<String, Object> body) {
        Fields fields = new Fields();
        fields.onlyKnown("", body, List.of("reason"));
        String reason = fields.text("reason", fields.scalar("reason", body.get("reason")), FieldLimits.REASON_MAX_LENGTH,
                true);
        fields.throwIfAny("The erasure has invalid fields.");
        return reason;
    }
}
