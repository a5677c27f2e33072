package de.pilotregistry.query.audit.draw;

import de.pilotregistry.query.audit.access.AccessLog;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.draw.StratifiedDraw;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.StratumAllocation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * The draw re-checked from the pilot's events: {@code verify} repeats it here, {@code inputs} gives an outsider all
 * they need to repeat it themselves (docs/draw-algorithm.md, docs/verify_draw.py).
 */
@RestController
class DrawAuditController {

    record Eligible(String person, Map<StratumVariable, String> stratum) {
    }

    record Inputs(String pilotId, String algorithm, String specification, String seed, String seedCommitment,
                  int participantPlaces, List<StratumVariable> strata, List<Eligible> eligible,
                  List<String> participants, List<String> comparison, List<StratumAllocation> allocation) {
    }

    private final DrawHistory history;
    private final AccessLog access;

    DrawAuditController(DrawHistory history, AccessLog access) {
        this.history = history;
        this.access = access;
    }

    @GetMapping("/api/audit/pilots/{pilotId}/draw/verify")
    @PreAuthorize("hasRole('AUDITOR')")
    DrawCheck.Verification verify(@PathVariable String pilotId) {
        return DrawCheck.verify(history.of(pilotId));
    }

    @GetMapping("/api/audit/pilots/{pilotId}/draw/inputs")
    @PreAuthorize("hasRole('AUDITOR')")
    Inputs inputs(@PathVariable String pilotId) {
        RecordedDraw draw = history.of(pilotId);
        List<Eligible> eligible = StratifiedDraw.candidates(draw.population(), draw.defined().strata()).stream()
                .map(candidate -> new Eligible(candidate.person().value(), candidate.stratum())).toList();
        access.record(pilotId, eligible.size(), null);
        return new Inputs(pilotId, draw.drawn().algorithm(), "docs/draw-algorithm.md", draw.drawn().seed(),
                draw.defined().seedCommitment(), draw.defined().participantPlaces(), draw.defined().strata(), eligible,
                names(draw.drawn().participants()), names(draw.drawn().comparison()), draw.drawn().strata());
    }

    private static List<String> names(List<Pseudonym> persons) {
        return persons.stream().map(Pseudonym::value).toList();
    }
}
