# Reference values for dev.holdfast.trend tests, from base R only (no CRAN packages).
# Run: Rscript holdfast-core/src/test/resources/trend/reference.R
# Produced with R 4.2.2 (Debian 12); the tests keep the printed numbers as literals.
options(digits = 15)

# Mann-Kendall by its formulas (Hirsch et al. 1982; Gilbert 1987 eqs. 16.4-16.5), NA skipped.
mann_kendall <- function(x) {
  x <- x[!is.na(x)]
  n <- length(x)
  s <- 0
  for (i in 1:(n - 1)) for (j in (i + 1):n) s <- s + sign(x[j] - x[i])
  t <- table(x)
  var_s <- (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5))) / 18
  z <- if (s == 0) 0 else (s - sign(s)) / sqrt(var_s)
  c(n = n, S = s, varS = var_s, Z = z, p = 2 * pnorm(-abs(z)))
}

# The same test as Kendall's rank correlation with time, R's own implementation.
kendall_with_time <- function(x) {
  time <- seq_along(x)
  ok <- !is.na(x)
  test <- cor.test(time[ok], x[ok], method = "kendall", exact = FALSE, continuity = TRUE)
  c(z = unname(test$statistic), p = test$p.value, tau = unname(test$estimate))
}

# Sen's slope with the Gilbert (1987) interval, ranks as trend::sens.slope; time is the index, NA skipped.
sen_slope <- function(x, level = 0.95) {
  n <- length(x)
  d <- c()
  for (i in 1:(n - 1)) for (j in (i + 1):n) if (!is.na(x[i]) && !is.na(x[j])) d <- c(d, (x[j] - x[i]) / (j - i))
  k <- length(d)
  b <- median(d)
  c_ <- qnorm(1 - (1 - level) / 2) * sqrt(mann_kendall(x)[["varS"]])
  d <- sort(d)
  lo <- d[round((k - c_) / 2)]
  up <- d[round((k + c_) / 2 + 1)]
  i0 <- which(!is.na(x)) - 1
  c(slope = b, lower = lo, upper = up, intercept = median(x[!is.na(x)] - b * i0))
}

cat("== small series with ties and a gap ==\n")
small <- c(4.1, 4.3, 4.3, NA, 4.0, 4.6, 4.8, 4.8, 4.8, 5.1, 5.0, 5.3)
print(mann_kendall(small)); print(kendall_with_time(small)); print(sen_slope(small))

cat("== Nile (datasets::Nile, annual flow 1871-1970) ==\n")
print(mann_kendall(as.numeric(Nile))); print(kendall_with_time(as.numeric(Nile))); print(sen_slope(as.numeric(Nile)))

cat("== Kruskal-Wallis, Hollander & Wolfe (1973) p. 116, the example of ?kruskal.test ==\n")
x <- c(2.9, 3.0, 2.5, 2.6, 3.2); y <- c(3.8, 2.7, 4.0, 2.4); z <- c(2.8, 3.4, 3.7, 2.2, 2.0)
print(unlist(kruskal.test(list(x, y, z))[c("statistic", "parameter", "p.value")]))
cat("== Kruskal-Wallis with ties ==\n")
print(unlist(kruskal.test(list(c(1, 2, 2, 3), c(2, 3, 3, 4, 5), c(5, 5, 6)))[c("statistic", "parameter", "p.value")]))

cat("== mad ==\n")
print(mad(c(1, 2, 3, 4, 100))); print(mad(c(2.5, 1.0, 7.25, 3.0, 3.5, 10.0)))

cat("== rank-sum, wilcox.test defaults: exact without ties below 50 values, else normal with corrections ==\n")
print(wilcox.test(c(5.1, 6.3, 7.7), c(1.2, 2.2, 3.1, 4.4, 5.0, 6.1, 0.4, 2.7))$p.value)
print(wilcox.test(c(1, 2, 2, 3, 9), c(2, 3, 3, 4, 5, 5, 6), exact = FALSE, correct = TRUE)$p.value)
print(wilcox.test(seq(0.5, 60, by = 1), 1:55)$p.value)

cat("== ReferenceSeries.SEASONAL: 36 months from January 2022, 4 + 0.02 i + 1.8 [December] + N(0, 0.25) ==\n")
seasonal <- c(4.7, 3.8, 4.6, 3.7, 4.2, 4.1, 3.5, 4.0, 4.3, 3.4, 3.8, 6.0, 4.4, 4.7, 4.0, 4.2, 4.4, 4.6,
              4.1, 4.0, 4.9, 4.6, 4.6, 6.3, 4.3, 4.3, 4.1, 4.3, 4.3, 4.7, 4.3, 4.3, 4.7, 5.0, 4.7, 6.6)
i <- 0:35
month <- i %% 12 + 1
line <- sen_slope(seasonal)
print(line)
residual <- seasonal - (line[["intercept"]] + line[["slope"]] * i)
kw <- kruskal.test(residual, factor(month))
print(unlist(kw[c("statistic", "parameter", "p.value")]))
season_p <- sapply(1:12, function(m) min(1, 12 * wilcox.test(residual[month == m], residual[month != m])$p.value))
print(season_p)
cat("combined p = min(1, 2 min(p_KW, min season p)):", min(1, 2 * min(kw$p.value, season_p)), "\n")
means <- tapply(residual, month, mean)
print(means - mean(means))
medians <- tapply(residual, month, median)
adjusted <- seasonal - (medians - mean(medians))[month]
print(mann_kendall(adjusted)); print(sen_slope(adjusted))

cat("== ReferenceSeries.SPIKED: 15 months from January 2024, a spike in February 2025 ==\n")
spiked <- c(4.0, 4.2, 3.9, 4.1, 4.0, 4.2, 4.1, 4.4, 4.3, 4.9, 5.2, 5.6, 6.0, 8.9, 6.3)
line <- sen_slope(spiked)
residual <- spiked - (line[["intercept"]] + line[["slope"]] * (seq_along(spiked) - 1))
deviation <- residual[14] - median(residual[-14])
cat("deviation:", deviation, " robust z:", deviation / mad(residual[-14]), "\n")
last6 <- tail(spiked, 6)
print(mann_kendall(last6)); print(sen_slope(last6))
