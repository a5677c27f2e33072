package de.pilotregistry.shared.pilot;

import de.pilotregistry.shared.codes.StratumVariable;

import java.util.Map;

/** How many eligible persons one stratum had and how many of them went into each group. */
public record StratumAllocation(Map<StratumVariable, String> stratum, int eligible, int participants,
                                int comparison) {
}
