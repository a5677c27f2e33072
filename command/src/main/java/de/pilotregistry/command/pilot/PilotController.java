package de.pilotregistry.command.pilot;

import de.pilotregistry.command.draw.Seed;
import de.pilotregistry.command.draw.SeedVault;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.pilot.DefinePilot;
import de.pilotregistry.shared.pilot.Eligibility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@RestController
class PilotController {

    record EligibilityRules(Integer minMonthsInReceiptOfLast24, Boolean requireMarginalEmployment) {
    }

    record PilotDefinition(String name, String jobcenter, String site, String start, String end,
                           Integer caseloadRatio, Integer participantPlaces, EligibilityRules eligibility,
                           List<String> strata) {
    }

    record Defined(String pilotId, String seedCommitment) {
    }

    private final CommandGateway commands;
    private final SeedVault seeds;
    private final Clock clock;

    PilotController(CommandGateway commands, SeedVault seeds, Clock clock) {
        this.commands = commands;
        this.seeds = seeds;
        this.clock = clock;
    }

    @PostMapping("/api/pilots")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Defined> define(@RequestBody PilotDefinition body) {
        Fields fields = new Fields();
        String name = fields.required("name", body.name());
        String jobcenter = fields.required("jobcenter", body.jobcenter());
        String site = fields.required("site", body.site());
        LocalDate start = fields.date("start", body.start(), true);
        LocalDate end = fields.date("end", body.end(), true);
        fields.check(start == null || end == null || start.isBefore(end), "end", "must be after start");
        int caseloadRatio = body.caseloadRatio() == null ? 50 : body.caseloadRatio();
        fields.check(caseloadRatio > 0, "caseloadRatio", "must be at least 1");
        fields.check(body.participantPlaces() != null, "participantPlaces", "is required");
        int places = body.participantPlaces() == null ? 0 : body.participantPlaces();
        fields.check(body.participantPlaces() == null || places > 0, "participantPlaces", "must be at least 1");
        EligibilityRules rules = body.eligibility() == null ? new EligibilityRules(null, null) : body.eligibility();
        int minMonths = rules.minMonthsInReceiptOfLast24() == null
                ? Eligibility.LONG_TERM_RECIPIENTS.minMonthsInReceiptOfLast24() : rules.minMonthsInReceiptOfLast24();
        fields.check(minMonths >= 0 && minMonths <= 24, "eligibility.minMonthsInReceiptOfLast24",
                "must be between 0 and 24");
        List<StratumVariable> strata = new ArrayList<>();
        List<String> requested = body.strata() == null
                ? List.of("SEX", "AGE_CLASS", "APPLICANT_TYPE") : body.strata();
        for (int i = 0; i < requested.size(); i++) {
            StratumVariable variable = fields.code("strata[" + i + "]", requested.get(i), StratumVariable.class, true);
            if (variable != null) {
                fields.check(!strata.contains(variable), "strata[" + i + "]", variable + " is named twice");
                strata.add(variable);
            }
        }
        fields.throwIfAny("The pilot definition has invalid fields.");

        PilotId pilotId = PilotId.of(UUID.randomUUID().toString());
        Seed seed = Seed.generate();
        seeds.keep(pilotId, seed);
        commands.sendAndWait(new DefinePilot(pilotId, name, jobcenter, site, start, end, caseloadRatio, places,
                new Eligibility(minMonths, Boolean.TRUE.equals(rules.requireMarginalEmployment())),
                List.copyOf(strata), seed.commitment(), LocalDate.now(clock)));
        return ResponseEntity.created(URI.create("/api/pilots/" + pilotId.value()))
                .body(new Defined(pilotId.value(), seed.commitment()));
    }
}
