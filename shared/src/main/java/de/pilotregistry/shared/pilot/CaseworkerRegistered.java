package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.privacy.SealedField;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/**
 * A caseworker joined the pilot. From revision 2 on {@code name} (the caseworker's real name, personal data) is sealed
 * under the caseworker's subject key ({@code caseworker:<id>}, field {@code name}; docs/data-protection.md): the same
 * field and type, another meaning, so readers tell them apart by revision. Revision 1 events hold the name in plain
 * text and keep it (events are never rewritten).
 */
@Revision("2")
public record CaseworkerRegistered(PilotId pilotId, CaseworkerId caseworker, @SealedField String name, LocalDate effectiveDate) {

    /** The field name a caseworker's name is sealed under. */
    public static final String NAME = "name";

    /** The subject of a caseworker's personal data. */
    public static String subjectOf(CaseworkerId caseworker) {
        return "caseworker:" + caseworker.value();
    }
}
