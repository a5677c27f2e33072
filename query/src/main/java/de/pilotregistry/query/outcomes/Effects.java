package de.pilotregistry.query.outcomes;

/** Adapter from counts to the figures of an outcome entry (statistics in {@link EffectEstimate}). */
final class Effects {

    record Effect(Double shareParticipant, Double shareComparison, Double difference, Double[] differenceCi95,
                  Double ratio, Double[] ratioCi95, Double fisherP) {
    }

    private Effects() {
    }

    static Effect of(int xT, int nT, int xC, int nC) {
        Double pT = nT == 0 ? null : (double) xT / nT;
        Double pC = nC == 0 ? null : (double) xC / nC;
        return new Effect(pT, pC, null, null, null, null, null);
    }
}
