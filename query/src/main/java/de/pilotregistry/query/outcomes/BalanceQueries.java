package de.pilotregistry.query.outcomes;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Balance table of a pilot's groups at the draw ({@link BalanceReader}). */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN', 'AUDITOR')")
class BalanceQueries {

    private final BalanceReader reader;

    BalanceQueries(BalanceReader reader) {
        this.reader = reader;
    }

    @GetMapping("/api/pilots/{pilotId}/balance")
    BalanceReader.Balance balance(@PathVariable String pilotId) {
        return reader.balance(pilotId);
    }
}
