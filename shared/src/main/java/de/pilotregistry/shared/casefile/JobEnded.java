package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.codes.JobEndReason;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

import java.time.LocalDate;

/** A job of the person ended. */
@Revision("1")
public record JobEnded(Pseudonym person, LocalDate effectiveDate, JobEndReason reason, String sourceId, String corrects)
        implements CaseFactEvent {

    @Override
    public FactType type() {
        return FactType.JOB_END;
    }
}
