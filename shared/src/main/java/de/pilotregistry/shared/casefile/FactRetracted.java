package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.privacy.FreeText;
import org.axonframework.serialization.Revision;

/** The fact with event id {@code corrects} is withdrawn: it counts for no moment after this was recorded. */
@Revision("1")
public record FactRetracted(Pseudonym person, String corrects, @FreeText String reason, String sourceId)
        implements CaseFactEvent {

    @Override
    public FactType type() {
        return FactType.RETRACTION;
    }
}
