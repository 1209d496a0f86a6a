# Reference numbers for the design-based estimates, computed with R's survey package.
#
# Reads the test waves written by make_cases.py (tests/stats/r/cases/) and writes
# tests/stats/r/reference/{shares,means,raoscott}.csv, which the test suite compares
# with lscb_survey.estimate, estimate_means and group_tests without needing R.
# Regenerate with `make r-reference` (needs Debian's r-base-core and r-cran-survey).
#
# Conventions (the same as the library's):
#   * a single-stage design: svydesign(ids=~1, weights=~weight, fpc=~N); an
#     unweighted wave gets no weights (R then uses N/n, or 1 without fpc);
#   * raking with rake(..., control=list(maxit=100, epsilon=1e-10)) (epsilon < 1
#     is relative to the total weight), post-stratification with postStratify();
#   * a group, or the substantive answers ("valid" base), is a domain: the design
#     indexed by a logical vector (R keeps a calibrated design's rows);
#   * Rao-Scott: svychisq(statistic="F") with answers outside the test (non-
#     substantive, or no group) coded NA, so the design stays whole.

suppressMessages(library(survey))
options(survey.lonely.psu = "fail", warn = -1)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
cases_dir <- file.path(here, "cases")
out_dir <- file.path(here, "reference")
dir.create(out_dir, showWarnings = FALSE)

cases <- read.csv(file.path(cases_dir, "cases.csv"), stringsAsFactors = FALSE,
                  na.strings = "")
scales <- read.csv(file.path(cases_dir, "scales.csv"), stringsAsFactors = FALSE,
                   na.strings = "")
items <- unique(scales$item_id)

margin_frames <- function(name) {
  m <- read.csv(file.path(cases_dir, paste0(name, ".csv")), stringsAsFactors = FALSE)
  lapply(split(m, factor(m$attribute, levels = unique(m$attribute))), function(part) {
    f <- data.frame(part$level, Freq = part$total, stringsAsFactors = FALSE)
    names(f)[1] <- part$attribute[1]
    f
  })
}

make_design <- function(spec) {
  d <- read.csv(file.path(cases_dir, paste0(spec$case, ".csv")), stringsAsFactors = FALSE,
                na.strings = character(0), check.names = FALSE)
  for (item in items) {
    sc <- scales[scales$item_id == item, ]
    scores <- setNames(as.numeric(sc$score), sc$level)
    d[[paste0(item, "_score")]] <- ifelse(is.na(scores[d[[item]]]), 0, scores[d[[item]]])
  }
  has_fpc <- !is.na(spec$population)
  if (has_fpc) d$N <- spec$population
  weighted <- isTRUE(as.logical(spec$weights))
  des <- if (weighted && has_fpc) {
    svydesign(ids = ~1, weights = ~weight, fpc = ~N, data = d)
  } else if (weighted) {
    svydesign(ids = ~1, weights = ~weight, data = d)
  } else if (has_fpc) {
    svydesign(ids = ~1, fpc = ~N, data = d)
  } else {
    svydesign(ids = ~1, data = d)
  }
  cal <- spec$calibration
  if (!is.na(cal) && cal == "rake") {
    pops <- margin_frames(spec$margins)
    forms <- lapply(names(pops), function(a) as.formula(paste0("~", a)))
    des <- rake(des, forms, unname(pops), control = list(maxit = 100, epsilon = 1e-10))
  } else if (!is.na(cal) && cal == "poststratify") {
    pops <- margin_frames(spec$margins)
    des <- postStratify(des, as.formula(paste0("~", names(pops)[1])), pops[[1]])
  }
  des
}

num <- function(x) if (is.null(x) || length(x) == 0) NA else as.numeric(x)[1]

share_rows <- function(case, by, group, base, item, dom, levels, ci_levels) {
  rows <- list()
  for (lev in levels) {
    f <- as.formula(sprintf("~as.numeric(`%s` == \"%s\")", item, lev))
    m <- svymean(f, dom, deff = TRUE)
    p <- num(coef(m)); se <- sqrt(num(vcov(m)))
    for (level in if (length(ci_levels)) ci_levels else NA) {
      lg <- bt <- c(NA, NA)
      if (!is.na(level) && se > 0 && p > 0 && p < 1) {
        fi <- as.formula(sprintf("~I(`%s` == \"%s\")", item, lev))
        lg <- as.numeric(confint(svyciprop(fi, dom, method = "logit", level = level)))
        bt <- as.numeric(confint(svyciprop(fi, dom, method = "beta", level = level)))
      }
      rows[[length(rows) + 1]] <- data.frame(
        case = case, by = by, group = group, base = base, item_id = item, response = lev,
        share = p, se = se, deff = num(attr(m, "deff")), level = level,
        logit_low = lg[1], logit_high = lg[2], beta_low = bt[1], beta_high = bt[2],
        stringsAsFactors = FALSE)
    }
  }
  do.call(rbind, rows)
}

shares <- list(); means <- list(); tests <- list()
for (i in seq_len(nrow(cases))) {
  spec <- cases[i, ]
  des <- make_design(spec)
  vars <- des$variables
  by <- if (is.na(spec$by)) "" else spec$by
  groups <- list("(all)" = rep(TRUE, nrow(vars)))
  if (by != "") for (g in sort(unique(vars[[by]]))) groups[[g]] <- vars[[by]] == g
  ci_levels <- if (spec$case == "t8_2012") c(0.95, 0.9) else 0.95
  for (g in names(groups)) {
    for (item in items) {
      sc <- scales[scales$item_id == item, ]
      valid <- sc$level[sc$kind == "substantive"]
      dom <- des[groups[[g]], ]
      shares[[length(shares) + 1]] <- share_rows(spec$case, by, g, "respondents", item, dom,
                                                 sc$level, ci_levels)
      in_valid <- groups[[g]] & vars[[item]] %in% valid
      vdom <- des[in_valid, ]
      shares[[length(shares) + 1]] <- share_rows(spec$case, by, g, "valid", item, vdom,
                                                 valid, if (g == "(all)") 0.95 else numeric(0))
      m <- svymean(as.formula(paste0("~", item, "_score")), vdom, deff = TRUE)
      ci <- confint(m)
      means[[length(means) + 1]] <- data.frame(
        case = spec$case, by = by, group = g, item_id = item, mean = num(coef(m)),
        se = sqrt(num(vcov(m))), ci_low = ci[1], ci_high = ci[2],
        deff = num(attr(m, "deff")), n = sum(in_valid), stringsAsFactors = FALSE)
    }
  }
  if (by != "") {
    for (item in items) {
      sc <- scales[scales$item_id == item, ]
      valid <- sc$level[sc$kind == "substantive"]
      keep <- vars[[item]] %in% valid & vars[[by]] != "Not specified"
      tdes <- update(des, a_ = ifelse(keep, vars[[item]], NA), b_ = ifelse(keep, vars[[by]], NA))
      x <- tryCatch(svychisq(~a_ + b_, tdes, statistic = "F"),
                    error = function(e) list(statistic = NA, parameter = c(NA, NA),
                                             p.value = NA))
      tests[[length(tests) + 1]] <- data.frame(
        case = spec$case, by = by, item_id = item, statistic = num(x$statistic),
        ndf = num(x$parameter[1]), ddf = num(x$parameter[2]), p_value = num(x$p.value),
        stringsAsFactors = FALSE)
    }
  }
  cat(spec$case, "done\n")
}

write_out <- function(rows, name) {
  write.csv(do.call(rbind, rows), file.path(out_dir, name), row.names = FALSE)
}
write_out(shares, "shares.csv")
write_out(means, "means.csv")
write_out(tests, "raoscott.csv")
cat("R", R.version$major, R.version$minor, "survey", as.character(packageVersion("survey")),
    "\n", file = file.path(out_dir, "VERSIONS"))
