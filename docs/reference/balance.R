# Reference values for BalanceQueriesTest: the multivariate standardized difference of a categorical variable
# (Yang D, Dalton JE. A unified approach to measuring the effect size between two groups using SAS. SAS Global
# Forum 2012, paper 335), written out with R's base matrix algebra; no maintained package of Debian's R has it.
# Run: Rscript docs/reference/balance.R (R 4.2.2).
options(digits = 15)
yang_dalton <- function(pt, pc) {
  keep <- (pt > 0 | pc > 0)
  pt <- pt[keep]; pc <- pc[keep]
  k <- length(pt) - 1
  t <- pt[1:k] - pc[1:k]
  s <- matrix(0, k, k)
  for (i in 1:k) for (j in 1:k) {
    s[i, j] <- if (i == j) (pt[i] * (1 - pt[i]) + pc[i] * (1 - pc[i])) / 2 else -(pt[i] * pt[j] + pc[i] * pc[j]) / 2
  }
  sqrt(drop(t %*% solve(s) %*% t))
}
cat(sprintf("binary      %.15g\n", yang_dalton(c(0.3, 0.7), c(0.5, 0.5))))
cat(sprintf("three       %.15g\n", yang_dalton(c(0.2, 0.5, 0.3), c(0.4, 0.4, 0.2))))
cat(sprintf("four_empty  %.15g\n", yang_dalton(c(0.25, 0, 0.5, 0.25), c(0.1, 0, 0.6, 0.3))))
# standardized mean difference of a numeric covariate, (m_T - m_C) / sqrt((s_T^2 + s_C^2) / 2), sample SDs
x_t <- c(500, 520, 610, 700, 455.5); x_c <- c(480, 530, 590, 640, 400.25)
cat(sprintf("smd         %.15g (means %.15g %.15g, sd %.15g %.15g)\n",
            (mean(x_t) - mean(x_c)) / sqrt((var(x_t) + var(x_c)) / 2), mean(x_t), mean(x_c), sd(x_t), sd(x_c)))
