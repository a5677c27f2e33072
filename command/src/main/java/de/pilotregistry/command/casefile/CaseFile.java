package de.pilotregistry.command.casefile;

import de.pilotregistry.command.InvalidRequest;
import de.pilotregistry.shared.casefile.CaseFactEvent;
import de.pilotregistry.shared.casefile.FactReceipt;
import de.pilotregistry.shared.casefile.RecordCaseFact;
import de.pilotregistry.shared.ids.Pseudonym;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A person's case: every contact, job, benefit change, exit and correction, in the order recorded.
 * Nothing in it is changed in place; a correction is a new fact naming the one it replaces.
 */
@Aggregate
class CaseFile {

    @AggregateIdentifier
    private Pseudonym person;
    private final CaseFacts facts = new CaseFacts();
    private String lastEventId;
    private long lastSequence = -1;

    CaseFile() {
        // for Axon
    }

    /** Whether the person may have facts at all is checked before (they must be in a pilot's population). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    FactReceipt handle(RecordCaseFact command) {
        FactPolicy.Decision decision = FactPolicy.decide(facts, command.person(), command.fact());
        if (decision.rejected()) {
            throw new InvalidRequest("The fact cannot be recorded.", List.of(
                    InvalidRequest.Problem.field(decision.problem().field(), decision.problem().message())));
        }
        if (decision.event() == null) {
            return new FactReceipt(decision.outcome(), decision.unchangedEventId(), -1);
        }
        apply(decision.event());
        return new FactReceipt(decision.outcome(), lastEventId, lastSequence);
    }

    @EventSourcingHandler
    void on(CaseFactEvent event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        person = event.person();
        facts.add(eventId, event);
        lastEventId = eventId;
        lastSequence = sequence;
    }
}
