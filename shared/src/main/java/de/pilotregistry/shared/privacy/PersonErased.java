package de.pilotregistry.shared.privacy;

import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.serialization.Revision;

/**
 * The personal data of a person was erased: their data key is destroyed, so every value sealed for them (their
 * customer number, exact wages, retraction reasons) no longer opens, in every event and every backup. Their
 * pseudonymous events (population record, groups, facts) stay as they were; counts and outcome figures do not change.
 *
 * <p>Holds no personal data: the pseudonym, who erased (user name) and the reason. The reason is free text that could
 * name anyone, so it is sealed like personal data, under a key of its own (subject {@code erasure:<pseudonym>}, field
 * {@code reason}), which can be destroyed apart from everything else (docs/data-protection.md). The record time of the
 * event is when the erasure took effect.
 */
@Revision("1")
public record PersonErased(Pseudonym person, String erasedBy, @SealedField @FreeText String reason) {

    /** The field name the reason is sealed under. */
    public static final String REASON = "reason";

    /** The stream (aggregate id) of a person's erasure: one event, so the store itself refuses a second. */
    public static String streamOf(Pseudonym person) {
        return "erasure@" + person.value(); // '@' is in no pseudonym
    }
}
