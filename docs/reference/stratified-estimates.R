# Reference values for StratifiedEstimateTest and the pooled outcome tests (Mantel-Haenszel risk difference
# with Sato's variance, risk ratio with the Greenland-Robins variance, Cochran-Mantel-Haenszel test without
# continuity correction). Run: Rscript docs/reference/stratified-estimates.R
# Computed with R 4.2.2, epiR 2.0.57 (Debian packages r-base-core, r-cran-epir).
suppressPackageStartupMessages(library(epiR))
options(digits = 15)

# Each case: one row per stratum: a (participants with), n1 (participants), c (comparison with), n0 (comparison).
cases <- list(
  three_strata = rbind(c(5, 20, 1, 20), c(3, 10, 2, 10), c(8, 30, 4, 30)),
  # zero cells: no participant event in one stratum, no comparison event in another, unequal group sizes
  zero_cells = rbind(c(0, 7, 2, 9), c(4, 12, 0, 11), c(6, 15, 3, 14), c(1, 3, 1, 4)),
  # the pooled scenario of PoolingTest: full-time integration in pilots A and B
  pooled_full_time = rbind(c(4, 10, 1, 10), c(1, 10, 3, 10)),
  pooled_exit = rbind(c(3, 10, 1, 10), c(0, 10, 0, 10)),
  # pilot A of PoolingTest by its randomization strata SEX=FEMALE, SEX=MALE
  stratum_full_time = rbind(c(3, 5, 0, 5), c(1, 5, 1, 5)),
  stratum_exit = rbind(c(2, 5, 1, 5), c(1, 5, 0, 5))
)

for (name in names(cases)) {
  m <- cases[[name]]
  # epiR wants [exposed, unexposed] x [outcome+, outcome-] x strata
  tab <- array(0, dim = c(2, 2, nrow(m)))
  for (k in seq_len(nrow(m))) {
    tab[, , k] <- matrix(c(m[k, 1], m[k, 3], m[k, 2] - m[k, 1], m[k, 4] - m[k, 3]), nrow = 2)
  }
  r <- epi.2by2(dat = tab, method = "cohort.count", conf.level = 0.95)$massoc.detail
  cmh <- mantelhaen.test(tab, correct = FALSE)
  cat(sprintf("%s\n", name))
  cat(sprintf("  RD_MH %.15g [%.15g, %.15g]  (epiR ARisk.mh.sato / 100)\n",
              r$ARisk.mh.sato$est / 100, r$ARisk.mh.sato$lower / 100, r$ARisk.mh.sato$upper / 100))
  cat(sprintf("  RR_MH %.15g [%.15g, %.15g]  (epiR RR.mh.wald)\n",
              r$RR.mh.wald$est, r$RR.mh.wald$lower, r$RR.mh.wald$upper))
  cat(sprintf("  CMH   %.15g p=%.15g  (mantelhaen.test, correct = FALSE)\n", cmh$statistic, cmh$p.value))
}
