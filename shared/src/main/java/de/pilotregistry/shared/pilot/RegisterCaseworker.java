package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.ids.CaseworkerId;
import de.pilotregistry.shared.ids.PilotId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

public record RegisterCaseworker(@TargetAggregateIdentifier PilotId pilotId, CaseworkerId caseworker, String name,
                                 LocalDate effectiveDate) {
}
