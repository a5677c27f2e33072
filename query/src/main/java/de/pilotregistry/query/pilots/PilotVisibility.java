package de.pilotregistry.query.pilots;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.Set;

/**
 * Which pilots a user sees. A caseworker sees only the pilots they are registered in as caseworker: the others' names,
 * sites and sizes are none of their business, and a pilot they do not see is answered like one that does not exist
 * (404), so its existence is not revealed either. Every other role (ADMIN, DATA_STEWARD, EVALUATOR, AUDITOR,
 * INTEGRATION) works across pilots and sees all of them; a user who holds one of those besides CASEWORKER too.
 */
final class PilotVisibility {

    private static final Set<String> ACROSS_PILOTS =
            Set.of("ROLE_ADMIN", "ROLE_DATA_STEWARD", "ROLE_EVALUATOR", "ROLE_AUDITOR", "ROLE_INTEGRATION");

    private final String caseworker;

    private PilotVisibility(String caseworker) {
        this.caseworker = caseworker;
    }

    static PilotVisibility of(Authentication user) {
        boolean acrossPilots = user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(ACROSS_PILOTS::contains);
        return new PilotVisibility(acrossPilots ? null : user.getName());
    }

    /** Null when the user sees every pilot, else the caseworker whose registrations limit what they see. */
    String caseworker() {
        return caseworker;
    }

    /** A condition on {@code q_pilot p} with one parameter ({@link #caseworker()}), or "" when all are visible. */
    String condition() {
        return caseworker == null ? ""
                : "exists (select 1 from q_caseworker c where c.pilot_id = p.pilot_id and c.caseworker = ?)";
    }
}
