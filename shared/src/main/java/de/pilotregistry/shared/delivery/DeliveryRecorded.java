package de.pilotregistry.shared.delivery;

import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.serialization.Revision;

/**
 * A file was imported (a delivery): which kind, for which pilot (population files), under which name the client gave
 * it ({@code source}, may be null), how many rows, and what became of them. Appended last, in the transaction of the
 * import it describes, so its record time is that of the import's events and they are the {@code accepted +
 * corrected} positions right before it. A dry run is no delivery; a file that changed nothing is one.
 */
@Revision("1")
public record DeliveryRecorded(String deliveryId, Kind kind, PilotId pilotId, String source, int rows, int accepted,
                               int unchanged, int corrected) {

    public enum Kind {
        POPULATION, FACTS
    }

    /** The events the import appended before this one. */
    public int changes() {
        return accepted + corrected;
    }
}
