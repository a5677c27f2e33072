package de.pilotregistry.command.pilot;

import de.pilotregistry.command.draw.SeedVault;
import de.pilotregistry.command.web.FieldLimits;
import de.pilotregistry.command.web.Fields;
import de.pilotregistry.shared.codes.StratumVariable;
import de.pilotregistry.shared.draw.Seed;
import de.pilotregistry.shared.ids.PilotId;
import de.pilotregistry.shared.pilot.DefinePilot;
import de.pilotregistry.shared.pilot.Eligibility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
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
import java.util.Map;
import java.util.UUID;

@RestController
class PilotController {

    /** The fields of a definition; read from the JSON as sent, so a wrong type is a field problem (422). */
    static final List<String> FIELDS = List.of("name", "jobcenter", "site", "start", "end", "caseloadRatio",
            "participantPlaces", "eligibility", "strata");
    static final List<String> ELIGIBILITY_FIELDS = List.of("minMonthsInReceiptOfLast24", "requireMarginalEmployment");

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

    @PostMapping(path = "/api/pilots", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Defined> define(@RequestBody Map<String, Object> body) {
        Fields fields = new Fields();
        fields.onlyKnown("", body, FIELDS);
        String name = fields.text("name", fields.scalar("name", body.get("name")), FieldLimits.NAME_MAX_LENGTH, true);
        String jobcenter = fields.text("jobcenter", fields.scalar("jobcenter", body.get("jobcenter")),
                FieldLimits.NAME_MAX_LENGTH, true);
        String site = fields.text("site", fields.scalar("site", body.get("site")), FieldLimits.NAME_MAX_LENGTH, true);
        LocalDate start = fields.date("start", fields.scalar("start", body.get("start")), FieldLimits.EARLIEST_DATE,
                FieldLimits.LATEST_PILOT_DATE, true);
        LocalDate end = fields.date("end", fields.scalar("end", body.get("end")), FieldLimits.EARLIEST_DATE,
                FieldLimits.LATEST_PILOT_DATE, true);
        fields.check(start == null || end == null || start.isBefore(end), "end", "must be after start");
        Integer caseloadRatio = fields.integer("caseloadRatio", body.get("caseloadRatio"),
                FieldLimits.MIN_CASELOAD_RATIO, FieldLimits.MAX_CASELOAD_RATIO, false);
        Integer places = fields.integer("participantPlaces", body.get("participantPlaces"),
                FieldLimits.MIN_PARTICIPANT_PLACES, FieldLimits.MAX_PARTICIPANT_PLACES, true);
        Integer minMonths = null;
        Boolean requireMarginal = null;
        Object eligibility = body.get("eligibility");
        if (eligibility instanceof Map<?, ?> rules) {
            @SuppressWarnings("unchecked")
            Map<String, Object> given = (Map<String, Object>) rules;
            fields.onlyKnown("eligibility.", given, ELIGIBILITY_FIELDS);
            minMonths = fields.integer("eligibility.minMonthsInReceiptOfLast24",
                    given.get("minMonthsInReceiptOfLast24"), 0, FieldLimits.MAX_MONTHS_IN_RECEIPT_24, false);
            requireMarginal = fields.bool("eligibility.requireMarginalEmployment",
                    given.get("requireMarginalEmployment"), false);
        } else if (eligibility != null) {
            fields.problem("eligibility", "must be an object {" + String.join(", ", ELIGIBILITY_FIELDS) + "}");
        }
        List<StratumVariable> strata = new ArrayList<>();
        Object requested = body.getOrDefault("strata", List.of("SEX", "AGE_CLASS", "APPLICANT_TYPE"));
        if (requested instanceof List<?> names) {
            for (int i = 0; i < names.size(); i++) {
                String field = "strata[" + i + "]";
                if (i >= StratumVariable.values().length) {
                    fields.problem(field, "a pilot has at most " + StratumVariable.values().length + " stratum variables");
                    break;
                }
                StratumVariable variable = fields.code(field, fields.scalar(field, names.get(i)),
                        StratumVariable.class, true);
                if (variable != null) {
                    fields.check(!strata.contains(variable), field, variable + " is named twice");
                    strata.add(variable);
                }
            }
        } else if (requested != null) {
            fields.problem("strata", "must be a list of " + Fields.allOf(StratumVariable.class));
        }
        fields.throwIfAny("The pilot definition has invalid fields.");
        Eligibility rules = new Eligibility(
                minMonths == null ? Eligibility.LONG_TERM_RECIPIENTS.minMonthsInReceiptOfLast24() : minMonths,
                Boolean.TRUE.equals(requireMarginal));

        PilotId pilotId = PilotId.of(UUID.randomUUID().toString());
        Seed seed = Seed.generate();
        seeds.keep(pilotId, seed);
        commands.sendAndWait(new DefinePilot(pilotId, name, jobcenter, site, start, end,
                caseloadRatio == null ? FieldLimits.DEFAULT_CASELOAD_RATIO : caseloadRatio, places, rules,
                List.copyOf(strata), seed.commitment(), LocalDate.now(clock)));
        return ResponseEntity.created(URI.create("/api/pilots/" + pilotId.value()))
                .body(new Defined(pilotId.value(), seed.commitment()));
    }
}
