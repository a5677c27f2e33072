package de.pilotregistry.query.privacy;

import de.pilotregistry.query.support.BadQuery;
import de.pilotregistry.query.support.TimeParameters;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;

/**
 * Erasure proposals: persons whose pilots all ended more than {@code registry.privacy.retention} (default P10Y, the
 * retention of § 84 SGB X for case records) ago and who are not erased yet. The registry proposes, an ADMIN erases:
 * an erasure cannot be undone, so nothing is erased by a timer.
 */
@RestController
class RetentionController {

    record Proposals(String retention, LocalDate endedBefore, List<RetentionProposals.Proposal> persons,
                     boolean more) {
    }

    static final int MAX_LIMIT = 10_000;

    private final RetentionProposals proposals;
    private final TimeParameters time;
    private final Period retention;

    RetentionController(RetentionProposals proposals, TimeParameters time,
                        @Value("${registry.privacy.retention:P10Y}") Period retention) {
        this.proposals = proposals;
        this.time = time;
        this.retention = retention;
    }

    @GetMapping("/api/admin/retention")
    @PreAuthorize("hasRole('ADMIN')")
    Proposals retention(@RequestParam(defaultValue = "1000") String limit) {
        int max;
        try {
            max = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > MAX_LIMIT) {
            throw new BadQuery("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        LocalDate cutOff = time.today().minus(retention);
        List<RetentionProposals.Proposal> found = proposals.endedBefore(cutOff, max + 1);
        return new Proposals(retention.toString(), cutOff, found.subList(0, Math.min(max, found.size())), found.size() > max);
    }
}
