package de.pilotregistry.shared.privacy;

import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.serialization.Revision;

/**
 * A caseworker's personal data was erased: their data key (subject {@code caseworker:<id>}) is destroyed, so their real
 * name, sealed in {@code CaseworkerRegistered} (revision 2) and in the read model, no longer opens, in every pilot they
 * were registered in. Their assignments and every figure stay as they were.
 *
 * <p>Holds no personal data in plain text: the caseworker id (their user name), the pilot the ADMIN erased from, who
 * erased (user name), and the reason, free text sealed under a key of its own (subject
 * {@code erasure:caseworker:<id>}, field {@value #REASON}; docs/data-protection.md). The record time of the event is
 * when the erasure took effect.
 */
@Revision("1")
public record CaseworkerErased(PilotId pilotId, CaseworkerId caseworker, String erasedBy,
                               @SealedField @FreeText String reason) {

    /** The field name the reason is sealed under. */
    public static final String REASON = "reason";

    /** The stream (aggregate id) of a caseworker's erasure: one event, so the store itself refuses a second. */
    public static String streamOf(CaseworkerId caseworker) {
        return "caseworker-erasure@" + caseworker.value(); // '@' is in no pseudonym or pilot id
    }

    /** The subject the reason is sealed for: a key of its own, which can be destroyed apart. */
    public static String reasonSubjectOf(CaseworkerId caseworker) {
        return "erasure:caseworker:" + caseworker.value();
    }
}
