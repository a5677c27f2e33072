package de.pilotregistry.query.support;

import de.pilotregistry.query.QuerySideConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * A processor stores its token with each batch it handles; events no handler of the group takes would leave the
 * token behind until the next claim extension. These no-op handlers take every event, so each projection's position
 * (read by {@link ReadModelProgress} for minPosition and the horizon) is current. They are classes of their own: in
 * the projection class, Axon would pick the catch-all over a handler of an event interface.
 */
final class EveryEventMovesTheToken {

    private EveryEventMovesTheToken() {
    }

    @Component
    @ProcessingGroup(QuerySideConfiguration.PILOTS)
    static class InPilots {
        @EventHandler
        void on(Object event) {
            // nothing to project
        }
    }

    @Component
    @ProcessingGroup(QuerySideConfiguration.CASES)
    static class InCases {
        @EventHandler
        void on(Object event) {
            // nothing to project
        }
    }
}
