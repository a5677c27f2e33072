package de.pilotregistry.query.audit.draw;

import de.pilotregistry.shared.draw.Seed;
import de.pilotregistry.shared.draw.StratifiedDraw;
import de.pilotregistry.shared.ids.Pseudonym;
import de.pilotregistry.shared.pilot.StratumAllocation;

import java.util.List;
import java.util.Objects;

/**
 * Repeats a recorded draw with the published algorithm and compares: the seed against the commitment made at
 * definition, then the groups and the allocation per stratum, in the order the draw recorded them.
 */
final class DrawCheck {

    /** The first place where the recorded draw and the repeated one part: which list, which index, both values. */
    record Difference(String field, Integer index, String recorded, String recomputed) {
    }

    record Verification(boolean commitmentMatches, boolean groupsMatch, Difference firstDifference) {
    }

    private DrawCheck() {
    }

    static Verification verify(RecordedDraw draw) {
        Seed seed = new Seed(draw.drawn().seed());
        boolean commitmentMatches = seed.matches(draw.defined().seedCommitment());
        Difference difference = firstDifference(draw, seed);
        return new Verification(commitmentMatches, difference == null, difference);
    }

    private static Difference firstDifference(RecordedDraw draw, Seed seed) {
        if (!StratifiedDraw.ALGORITHM.equals(draw.drawn().algorithm())) {
            return new Difference("algorithm", null, draw.drawn().algorithm(), StratifiedDraw.ALGORITHM);
        }
        List<StratifiedDraw.Candidate> candidates =
                StratifiedDraw.candidates(draw.population(), draw.defined().strata());
        int places = draw.defined().participantPlaces();
        if (candidates.size() < 2L * places) {
            return new Difference("eligible", null, "at least " + 2L * places, String.valueOf(candidates.size()));
        }
        StratifiedDraw.Result repeated = StratifiedDraw.draw(candidates, places, seed);
        Difference difference = firstDifference("participants", draw.drawn().participants(), repeated.participants());
        if (difference == null) {
            difference = firstDifference("comparison", draw.drawn().comparison(), repeated.comparison());
        }
        if (difference == null) {
            difference = firstDifference("strata", draw.drawn().strata(), repeated.strata());
        }
        return difference;
    }

    private static Difference firstDifference(String field, List<?> recorded, List<?> recomputed) {
        for (int i = 0; i < Math.max(recorded.size(), recomputed.size()); i++) {
            Object was = i < recorded.size() ? recorded.get(i) : null;
            Object is = i < recomputed.size() ? recomputed.get(i) : null;
            if (!Objects.equals(was, is)) {
                return new Difference(field, i, shown(was), shown(is));
            }
        }
        return null;
    }

    private static String shown(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Pseudonym person) {
            return person.value();
        }
        StratumAllocation allocation = (StratumAllocation) value;
        return StratifiedDraw.key(allocation.stratum()) + ": eligible " + allocation.eligible() + ", participants "
                + allocation.participants() + ", comparison " + allocation.comparison();
    }
}
