package de.pilotregistry.shared.casefile;

import de.pilotregistry.shared.codes.FactType;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.privacy.FreeText;
import de.pilotregistry.shared.privacy.SealedField;
import org.axonframework.serialization.Revision;

/**
 * The fact with event id {@code corrects} is withdrawn: it counts for no moment after this was recorded.
 *
 * <p>{@code reason} is free text that may name anyone: from revision 2 on it is stored only sealed under the person's
 * subject key ({@code person:<pseudonym>}, field {@value #REASON}; docs/data-protection.md). Revision 1 events hold it
 * in plain text and keep it (events are never rewritten).
 */
@Revision("2")
public record FactRetracted(Pseudonym person, String corrects, @SealedField @FreeText String reason, String sourceId)
        implements CaseFactEvent {

    /** The field name a retraction's reason is sealed under. */
    public static final String REASON = "reason";

    @Override
    public FactType type() {
        return FactType.RETRACTION;
    }

    /** The same retraction with another reason (sealed, or plain text before it is sealed). */
    public FactRetracted withReason(String text) {
        return new FactRetracted(person, corrects, text, sourceId);
    }
}
