package de.pilotregistry.query.outcomes;

import de.pilotregistry.query.support.SmallCounts;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Balance table of a pilot's groups at the draw ({@link BalanceReader}); small counts suppressed for evaluators. */
@RestController
@PreAuthorize("hasAnyRole('EVALUATOR', 'ADMIN', 'AUDITOR')")
class BalanceQueries {

    private final BalanceReader reader;

    BalanceQueries(BalanceReader reader) {
        this.reader = reader;
    }

    @GetMapping("/api/pilots/{pilotId}/balance")
    BalanceReader.Balance balance(@PathVariable String pilotId, Authentication user) {
        return reader.balance(pilotId, SmallCounts.exactFor(user));
    }
}
