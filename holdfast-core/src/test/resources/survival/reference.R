# Reference values for the dev.holdfast.survival tests, computed with R's survival package.
#
# Regenerate (R is not needed by the build; the tests keep the printed numbers as literals):
#   cd holdfast-core/src/test/resources/survival && Rscript reference.R > reference.out
# Checked with R 4.2.2 Patched (2022-11-10 r83330) and survival 3.5-3 (Debian bookworm:
#   apt-get install -y r-base-core r-cran-survival).
#
# Every number is printed with 17 significant digits. Conventions shared with the Java code:
#   - a Kaplan-Meier table has one row per distinct observed time (event or censoring), as a survfit
#     object does; "se" is the standard error of S(t) as summary.survfit() reports it, surv * std.err;
#   - NA (R) is NaN (Java) for undefined confidence limits, and "not reached" for medians.
suppressPackageStartupMessages(library(survival))

g17 <- function(x) ifelse(is.na(x) & !is.nan(x), "NA", sprintf("%.17g", x))

cat("# R", R.version$major, ".", R.version$minor, " survival ", format(packageVersion("survival")), "\n", sep = "")

# One line per row of a survfit object: time, n.risk, n.event, n.censor, surv, se(surv), lower, upper.
table_rows <- function(label, fit) {
  cat("##", label, "\n")
  se <- fit$surv * fit$std.err
  for (i in seq_along(fit$time)) {
    cat(sprintf("{%s, %d, %d, %d, %s, %s, %s, %s},\n", g17(fit$time[i]), fit$n.risk[i], fit$n.event[i],
                fit$n.censor[i], g17(fit$surv[i]), g17(se[i]), g17(fit$lower[i]), g17(fit$upper[i])))
  }
}

# summary(fit)$table for rmean = tau: n, events, rmean, se(rmean), median, LCL, UCL.
# survmean() is the function behind print() and summary(); it is called directly because both refuse a
# tau below the first observed time, where the restricted mean is tau itself.
table_summary <- function(label, fit, tau = "common") {
  s <- survival:::survmean(fit, rmean = tau)$matrix
  if (is.null(dim(s))) s <- matrix(s, nrow = 1, dimnames = list("", names(s)))
  for (r in seq_len(nrow(s))) {
    cat(sprintf("%s%s tau=%s: n=%s events=%s rmean=%s se=%s median=%s lcl=%s ucl=%s\n", label,
                ifelse(rownames(s)[r] == "", "", paste0(" ", rownames(s)[r])), tau, g17(s[r, "records"]), g17(s[r, "events"]), g17(s[r, "rmean"]),
                g17(s[r, "se(rmean)"]), g17(s[r, "median"]), g17(s[r, 8]), g17(s[r, 9])))
  }
}

# summary(fit, times = t, extend = TRUE): time, n.risk, surv, std.err, lower, upper.
at_times <- function(label, fit, times) {
  s <- summary(fit, times = times, extend = TRUE)
  cat("##", label, "at", paste(times, collapse = ","), "\n")
  for (i in seq_along(s$time)) {
    cat(sprintf("{%s, %d, %s, %s, %s, %s},\n", g17(s$time[i]), s$n.risk[i], g17(s$surv[i]),
                g17(s$std.err[i]), g17(s$lower[i]), g17(s$upper[i])))
  }
}

# survdiff: per group N, observed, expected, V[i,i]; then chisq, df and p.
logrank <- function(label, time, event, group) {
  d <- survdiff(Surv(time, event) ~ group)
  cat("##", label, "\n")
  for (i in seq_along(d$n)) {
    cat(sprintf("%s: n=%d observed=%s expected=%s variance=%s\n", names(d$n)[i], d$n[i], g17(d$obs[i]),
                g17(d$exp[i]), g17(d$var[i, i])))
  }
  df <- sum(d$exp > 0) - 1
  cat(sprintf("chisq=%s df=%d p=%s\n", g17(d$chisq), df, g17(pchisq(d$chisq, df, lower.tail = FALSE))))
}

km <- function(time, event, conf.type = "log", group = NULL) {
  if (is.null(group)) survfit(Surv(time, event) ~ 1, conf.type = conf.type)
  else survfit(Surv(time, event) ~ group, conf.type = conf.type)
}

cat("\n# ---- edge cases ----\n")
# ties: events and censorings at the same times 2, 4 and 6
ties_t <- c(1, 1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 6, 7)
ties_e <- c(1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0)
for (ct in c("log", "log-log", "plain")) {
  fit <- km(ties_t, ties_e, ct)
  table_rows(paste("ties", ct), fit)
  table_summary(paste("ties", ct), fit)
}
table_summary("ties log", km(ties_t, ties_e), 3.5)
table_summary("ties log", km(ties_t, ties_e), 10)
at_times("ties log", km(ties_t, ties_e), c(0, 0.5, 1, 2.5, 4, 7, 12))
at_times("ties log-log", km(ties_t, ties_e, "log-log"), c(0, 2.5, 7))
fit <- survfit(Surv(ties_t, ties_e) ~ 1, conf.int = 0.90)
table_rows("ties log conf.int=0.90", fit)
table_summary("ties log conf.int=0.90", fit)

for (ct in c("log", "log-log", "plain")) {
  fit <- km(c(2, 3, 5), c(0, 0, 0), ct)
  table_rows(paste("all censored", ct), fit)
  table_summary(paste("all censored", ct), fit)
}
table_rows("single event", km(5, 1))
table_summary("single event", km(5, 1))
table_rows("single censored", km(5, 0))
table_summary("single censored", km(5, 0))
table_rows("all events at one time", km(c(3, 3, 3, 3), c(1, 1, 1, 1)))
table_summary("all events at one time", km(c(3, 3, 3, 3), c(1, 1, 1, 1)))
table_rows("one event time, then censored", km(c(3, 3, 3, 5, 8), c(1, 1, 1, 0, 0)))
table_summary("one event time, then censored", km(c(3, 3, 3, 5, 8), c(1, 1, 1, 0, 0)))

# median midpoint rule: S = 0.5 on [3, 5) with a censoring at 4, so the median is (3 + 5) / 2
mid_t <- c(1, 2, 3, 4, 5, 6)
mid_e <- c(1, 1, 1, 0, 1, 1)
for (ct in c("log", "log-log", "plain")) {
  fit <- km(mid_t, mid_e, ct)
  table_rows(paste("midpoint", ct), fit)
  table_summary(paste("midpoint", ct), fit)
}
# the curve ends exactly at 0.5 and never drops below it: the median is the first time at 0.5
table_rows("ends at half", km(c(1, 2, 3, 4), c(1, 1, 0, 0)))
table_summary("ends at half", km(c(1, 2, 3, 4), c(1, 1, 0, 0)))

# log-rank: a group with no events, and three groups
lr_t <- c(1, 2, 3, 4, 5, 6, 7, 8, 2, 4, 6, 8, 9, 10)
lr_e <- c(1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0)
lr_g <- c(1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2)
logrank("no events in group 2", lr_t, lr_e, lr_g)
lr3_t <- c(1, 3, 3, 5, 8, 2, 4, 4, 6, 9, 12, 5, 7, 10, 10, 11, 14)
lr3_e <- c(1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1)
lr3_g <- c(0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2)
logrank("three groups", lr3_t, lr3_e, lr3_g)
logrank("ties across groups", ties_t, ties_e, c(1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1))
# group 1 leaves before the first event: expected 0, so survdiff drops it (chisq 0 on 0 df, p = 1)
logrank("expected zero", c(1, 2, 3, 4, 5, 6), c(0, 0, 1, 1, 0, 1), c(1, 1, 2, 2, 2, 2))

cat("\n# ---- lung (NCCTG): time, status 1=dead 0=censored, sex 1=male 2=female ----\n")
lung <- read.csv("lung.csv")
for (ct in c("log", "log-log", "plain")) {
  fit <- km(lung$time, lung$status, ct)
  table_summary(paste("lung", ct), fit)
  at_times(paste("lung", ct), fit, c(0, 5, 30, 180, 310, 365, 730, 1022, 2000))
}
cat("lung rows:", length(km(lung$time, lung$status)$time), "\n")
table_rows("lung log", km(lung$time, lung$status))
table_summary("lung", km(lung$time, lung$status), 365)
table_summary("lung", km(lung$time, lung$status), 3)
table_summary("lung", km(lung$time, lung$status), 1500)
table_summary("lung by sex", km(lung$time, lung$status, group = lung$sex))
at_times("lung sex=1", km(lung$time[lung$sex == 1], lung$status[lung$sex == 1]), c(180, 365))
logrank("lung by sex", lung$time, lung$status, lung$sex)

cat("\n# ---- waltons: T, E, group (control, miR-137) ----\n")
waltons <- read.csv("waltons_dataset.csv")
table_summary("waltons", km(waltons$T, waltons$E))
table_summary("waltons by group", km(waltons$T, waltons$E, group = waltons$group))
logrank("waltons by group", waltons$T, waltons$E, waltons$group)

cat("\n# ---- rossi: week, arrest, fin ----\n")
rossi <- read.csv("rossi.csv")
for (ct in c("log", "log-log", "plain")) {
  fit <- km(rossi$week, rossi$arrest, ct)
  table_summary(paste("rossi", ct), fit)
  at_times(paste("rossi", ct), fit, c(10, 26, 52))
}
table_summary("rossi by fin", km(rossi$week, rossi$arrest, group = rossi$fin))
logrank("rossi by fin", rossi$week, rossi$arrest, rossi$fin)
