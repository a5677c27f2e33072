package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.codes.ContactChannel;
import de.pilotregistry.shared.codes.ContactOutcome;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** A contact with the person took place, was missed or cancelled. */
@Revision("1")
public record ContactRecorded(Pseudonym person, LocalDate effectiveDate, ContactChannel channel, ContactOutcome outcome, String sourceId, String corrects)
        implements CaseFactEvent {

    @Override
    public FactType type() {
        return FactType.CONTACT;
    }
}
